import { describe, expect, it } from "vitest";
import { isCafeError } from "./CafeError";
import { NOT_STARTED, type RoundState } from "./RoundState";
import { canStartAnotherRound, checkRoundWithinCount, nextRoundNumber } from "./roundLimit";

const running = (round: number): RoundState => ({
  phase: "running",
  round,
  startedAt: 0,
  durationMs: 1000,
});

describe("round limit", () => {
  it("numbers the next round from the current one", () => {
    expect(nextRoundNumber(NOT_STARTED)).toBe(1);
    expect(nextRoundNumber(running(2))).toBe(3);
    expect(nextRoundNumber({ phase: "ended", round: 3 })).toBe(4);
    expect(nextRoundNumber({ phase: "paused", round: 1, remainingMs: 5 })).toBe(2);
  });

  it("allows rounds up to the count and none beyond", () => {
    expect(canStartAnotherRound(NOT_STARTED, 1)).toBe(true);
    expect(canStartAnotherRound({ phase: "ended", round: 2 }, 3)).toBe(true);
    expect(canStartAnotherRound({ phase: "ended", round: 3 }, 3)).toBe(false);
    expect(canStartAnotherRound(running(3), 3)).toBe(false);
    expect(() => checkRoundWithinCount({ phase: "ended", round: 2 }, 3)).not.toThrow();
  });

  it("refuses round 4 of a three-round café with a rounds-over error saying why", () => {
    let caught: unknown;
    try {
      checkRoundWithinCount({ phase: "ended", round: 3 }, 3);
    } catch (error) {
      caught = error;
    }
    expect(isCafeError(caught, "rounds-over")).toBe(true);
    expect((caught as Error).message).toContain("All 3 rounds");
  });
});
