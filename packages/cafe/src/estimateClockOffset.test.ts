import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { estimateClockOffset, toServerTime } from "./estimateClockOffset";

describe("estimateClockOffset", () => {
  it("uses the sample with the shortest round trip", () => {
    const offset = estimateClockOffset([
      { sentAt: 0, serverAt: 10_300, receivedAt: 400 }, // slow: 400 ms trip
      { sentAt: 1_000, serverAt: 11_020, receivedAt: 1_040 }, // fast: 40 ms trip
      { sentAt: 2_000, serverAt: 12_500, receivedAt: 2_900 },
    ]);
    expect(offset).toEqual({ offsetMs: 10_000, roundTripMs: 40 });
    expect(toServerTime(5_000, offset)).toBe(15_000);
  });

  it("ignores unusable samples; none usable gives null", () => {
    expect(estimateClockOffset([])).toBeNull();
    expect(estimateClockOffset([{ sentAt: 10, serverAt: 0, receivedAt: 5 }])).toBeNull();
    expect(toServerTime(5, null)).toBe(5);
  });

  it("is within half the best round trip of the true offset, however delays split", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.array(
          fc.record({
            at: fc.integer({ min: 0, max: 1e6 }),
            up: fc.integer({ min: 0, max: 2_000 }),
            down: fc.integer({ min: 0, max: 2_000 }),
          }),
          { minLength: 1, maxLength: 10 },
        ),
        (trueOffset, trips) => {
          const samples = trips.map(({ at, up, down }) => ({
            sentAt: at,
            serverAt: at + up + trueOffset,
            receivedAt: at + up + down,
          }));
          const estimate = estimateClockOffset(samples);
          const best = Math.min(...trips.map((t) => t.up + t.down));
          expect(estimate?.roundTripMs).toBe(best);
          expect(Math.abs((estimate?.offsetMs ?? Number.NaN) - trueOffset)).toBeLessThanOrEqual(
            best / 2,
          );
        },
      ),
    );
  });
});
