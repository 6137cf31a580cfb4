import { z } from "zod";
import { FieldLimits } from "./fieldLimits";

/**
 * Characters a display name may not carry, removed before the length check: C0/C1 controls and
 * DEL, the bidirectional embeddings, overrides and isolates (a name like "‮nimda" would show
 * as "admin" reversed next to everyone else's), the Arabic letter mark, zero-width space and
 * the BOM. Zero-width (non-)joiners stay: emoji sequences and several scripts need them.
 */
const INVISIBLE_OR_CONTROL = /[\p{Cc}\u061C\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/gu;
/** Line and paragraph separators and other whitespace runs become one space. */
const WHITESPACE_RUN = /[\s\u2028\u2029]+/gu;

/**
 * The one rule for people's names: Unicode NFKC (so full-width and compatibility forms look and
 * compare like their plain letters), no control or direction-changing characters, whitespace
 * collapsed and trimmed. The length limit (`FieldLimits.name`) applies to the result.
 */
export function normalizeDisplayName(raw: string): string {
  return raw
    .normalize("NFKC")
    .replace(INVISIBLE_OR_CONTROL, "")
    .replace(WHITESPACE_RUN, " ")
    .trim();
}

/** A display name in a request body: normalised, then 1 to `FieldLimits.name` characters. */
export const DisplayNameSchema = z
  .string()
  .transform(normalizeDisplayName)
  .pipe(
    z
      .string()
      .min(1, { error: "a name needs at least one visible character" })
      .max(FieldLimits.name, { error: `a name is at most ${FieldLimits.name} characters` }),
  );
