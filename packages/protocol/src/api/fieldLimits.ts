/** Lengths of the free-text fields the API accepts (characters, after trimming). */
export const FieldLimits = {
  /** Event and board titles. */
  title: 200,
  /** An event's purpose statement. */
  purpose: 2_000,
  /** A café table's question. */
  question: 1_000,
  /** A participant's display name. */
  name: 80,
} as const;
