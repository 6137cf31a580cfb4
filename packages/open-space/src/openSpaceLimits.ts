/**
 * The limits of the marketplace rules, with their defaults. Owen's rule of thumb is 5 spaces per
 * 100 people, so 2,000 people need about 100 spaces; a day rarely has more than a dozen slots.
 * The server validates request bodies against the same numbers (`OpenSpaceLimits` in the
 * protocol package re-states them for the schemas).
 */
export const OPEN_SPACE_LIMITS = {
  /** Spaces (rooms, corners, breakout links) one Open Space may have. */
  maxSpaces: 200,
  /** Time slots one Open Space may have. */
  maxSlots: 24,
  /** Sessions one person may convene at once, so nobody fills the wall alone. */
  maxSessionsPerConvener: 10,
  /** Characters of a space name or slot label. */
  maxNameLength: 120,
  /** Characters of a session title. */
  maxTitleLength: 200,
  /** Characters of a session description. */
  maxDescriptionLength: 2_000,
  /** Characters of each report field. */
  maxReportFieldLength: 10_000,
  /** Most people a session's capacity may name. */
  maxCapacity: 5_000,
  /** Distinct sessions someone visits before the who-is-where view calls them a bumblebee. */
  bumblebeeVisits: 3,
} as const;
