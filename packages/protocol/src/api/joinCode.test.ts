import { describe, expect, it } from "vitest";
import {
  INVITE_CODE_LENGTH,
  JOIN_CODE_ALPHABET,
  JOIN_CODE_LENGTH,
  JoinCodeInputSchema,
  normalizeJoinCode,
} from "./joinCode";

describe("join codes", () => {
  it("use no ambiguous characters", () => {
    for (const c of "0O1IlLU") expect(JOIN_CODE_ALPHABET.includes(c)).toBe(false);
    expect(new Set(JOIN_CODE_ALPHABET).size).toBe(JOIN_CODE_ALPHABET.length);
  });

  it("are case-insensitive and ignore spaces and dashes", () => {
    expect(normalizeJoinCode(" abc-d ef")).toBe("ABCDEF");
    expect(JoinCodeInputSchema.parse("k7m-p2q")).toBe("K7MP2Q");
  });

  it("accept join and invite lengths only, from the alphabet only", () => {
    expect(JoinCodeInputSchema.safeParse("A".repeat(JOIN_CODE_LENGTH)).success).toBe(true);
    expect(JoinCodeInputSchema.safeParse("B".repeat(INVITE_CODE_LENGTH)).success).toBe(true);
    expect(JoinCodeInputSchema.safeParse("A".repeat(JOIN_CODE_LENGTH + 1)).success).toBe(false);
    expect(JoinCodeInputSchema.safeParse("ABCDE0").success).toBe(false);
    expect(JoinCodeInputSchema.safeParse("").success).toBe(false);
  });
});
