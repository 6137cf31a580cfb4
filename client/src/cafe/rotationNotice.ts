import type { CafeState } from "@tablecloth/cafe";

/** What a person is told when the café moved them. */
export interface RotationNotice {
  round: number;
  tableName: string;
  hostName: string | null;
  /** True when they host this table (they stayed). */
  isHost: boolean;
  text: string;
}

/**
 * The notice for `me` when the café went from `before` to `after`: their table changed, or a new
 * round started at the table they are at. Null when nothing changed for them.
 * E.g. "Round 2: you are now at Table 3 — Maria is your host".
 */
export function rotationNotice(
  before: CafeState | null,
  after: CafeState,
  me: string,
  names: ReadonlyMap<string, string>,
): RotationNotice | null {
  const from = before?.seating[me]?.tableId ?? null;
  const to = after.seating[me]?.tableId ?? null;
  if (to === null) return null;
  const roundBefore = before && before.round.phase !== "not-started" ? before.round.round : 0;
  const roundAfter = after.round.phase === "not-started" ? 0 : after.round.round;
  const newRound = after.round.phase === "running" && roundAfter !== roundBefore;
  if (from === to && !newRound) return null;
  const table = after.tables.find((t) => t.id === to);
  if (!table) return null;
  const isHost = table.hostId === me;
  const hostName = table.hostId === null ? null : (names.get(table.hostId) ?? null);
  const lead = roundAfter > 0 ? `Round ${roundAfter}: ` : "";
  const where = from === to ? `you stay at ${table.name}` : `you are now at ${table.name}`;
  const host = isHost
    ? " — you are its host: welcome the newcomers"
    : hostName
      ? ` — ${hostName} is your host`
      : "";
  return {
    round: roundAfter,
    tableName: table.name,
    hostName,
    isHost,
    text: `${lead}${where}${host}`,
  };
}
