/** The value each timed write carries: send time, sender index, sequence number. */
export interface Stamp {
  t: number;
  c: number;
  q: number;
}

/** Whether a value read back from a doc is a `Stamp`. */
export function isStamp(value: unknown): value is Stamp {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Stamp).t === "number" &&
    typeof (value as Stamp).c === "number" &&
    typeof (value as Stamp).q === "number"
  );
}
