import { describe, expect, it } from "vitest";
import { DisplayNameSchema, normalizeDisplayName } from "./displayName";
import { FieldLimits } from "./fieldLimits";

describe("normalizeDisplayName", () => {
  it("applies NFKC, so full-width and ligature forms become plain letters", () => {
    expect(normalizeDisplayName("ＡＤＭＩＮ")).toBe("ADMIN");
    expect(normalizeDisplayName("ﬁona")).toBe("fiona");
  });

  it("removes controls and bidi overrides, keeps joiners", () => {
    expect(normalizeDisplayName("\u202Enimda\u202C")).toBe("nimda");
    expect(normalizeDisplayName("a\u0000b\u0007c\u200Bd\u2066e\u2069")).toBe("abcde");
    expect(normalizeDisplayName("👩\u200D💻")).toBe("👩\u200D💻");
  });

  it("collapses whitespace and line separators and trims", () => {
    expect(normalizeDisplayName("  Ada \n\t Lovelace\u2028 ")).toBe("Ada Lovelace");
  });
});

describe("DisplayNameSchema", () => {
  it("refuses a name that is empty once normalised, with a clear message", () => {
    const result = DisplayNameSchema.safeParse("\u202E\u200B ");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("a name needs at least one visible character");
  });

  it("checks the length after normalising", () => {
    expect(DisplayNameSchema.parse(`${"a".repeat(FieldLimits.name)}\u202E`)).toHaveLength(
      FieldLimits.name,
    );
    const result = DisplayNameSchema.safeParse("a".repeat(FieldLimits.name + 1));
    expect(result.error?.issues[0]?.message).toBe(
      `a name is at most ${FieldLimits.name} characters`,
    );
  });
});
