import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRandom } from "./createRandom";
import { waterFill } from "./waterFill";

describe("waterFill", () => {
  it("splits evenly without bounds", () => {
    expect(waterFill([0, 0, 0], [9, 9, 9], 7, createRandom(1))?.sort()).toEqual([2, 2, 3]);
  });

  it("fills a capped table and evens out the rest", () => {
    expect(waterFill([0, 0, 0], [1, 10, 10], 9, createRandom(1))).toEqual([1, 4, 4]);
  });

  it("returns null when the bounds cannot hold the total", () => {
    expect(waterFill([1, 1], [2, 2], 5, createRandom(1))).toBeNull();
    expect(waterFill([2, 2], [5, 5], 3, createRandom(1))).toBeNull();
  });

  it("respects bounds, hits the total, and is as even as the bounds allow", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 12 })), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.integer({ min: 0, max: 80 }),
        fc.integer(),
        (bounds, total, seed) => {
          const lower = bounds.map(([l]) => l);
          const upper = bounds.map(([l, extra]) => l + extra);
          const sizes = waterFill(lower, upper, total, createRandom(seed));
          const lowSum = lower.reduce((a, b) => a + b, 0);
          const highSum = upper.reduce((a, b) => a + b, 0);
          if (total < lowSum || total > highSum) {
            expect(sizes).toBeNull();
            return;
          }
          expect(sizes).not.toBeNull();
          const s = sizes as number[];
          expect(s.reduce((a, b) => a + b, 0)).toBe(total);
          s.forEach((size, i) => {
            expect(size).toBeGreaterThanOrEqual(lower[i] as number);
            expect(size).toBeLessThanOrEqual(upper[i] as number);
          });
          // A gap of 2+ only where the small one is full or the big one is at its floor.
          s.forEach((small, i) => {
            s.forEach((big, j) => {
              if (big - small >= 2) {
                expect(small === upper[i] || big === lower[j]).toBe(true);
              }
            });
          });
        },
      ),
    );
  });
});
