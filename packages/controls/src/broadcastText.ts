import { ControlsLimits } from "@tablecloth/protocol";
import { ControlsError } from "./ControlsError";

// C0 and C1 control characters other than tab and line feed, and bidirectional overrides,
// which could make a banner read differently from what the facilitator typed.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

/**
 * The broadcast text as every page shows it: trimmed, line ends made `\n`, runs of blank lines
 * cut to one, at most `ControlsLimits.broadcastChars` characters (code points, so an emoji counts
 * once). Throws `ControlsError("invalid_message")` for an empty or too long message or one
 * holding control characters.
 */
export function normalizeBroadcastText(text: string): string {
  const normalized = text
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  if (normalized.length === 0) {
    throw new ControlsError("invalid_message", "The message is empty.");
  }
  if (FORBIDDEN.test(normalized)) {
    throw new ControlsError("invalid_message", "The message holds control characters.");
  }
  const length = [...normalized].length;
  if (length > ControlsLimits.broadcastChars) {
    throw new ControlsError(
      "invalid_message",
      `The message has ${length} characters; at most ${ControlsLimits.broadcastChars} fit a banner.`,
    );
  }
  return normalized;
}
