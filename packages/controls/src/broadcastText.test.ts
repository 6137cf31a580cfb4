import { ControlsLimits } from "@tablecloth/protocol";
import { describe, expect, it } from "vitest";
import { normalizeBroadcastText } from "./broadcastText";
import { ControlsError } from "./ControlsError";

function refusal(text: string): string {
  try {
    normalizeBroadcastText(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ControlsError);
    return (error as ControlsError).message;
  }
  throw new Error(`accepted ${JSON.stringify(text)}`);
}

describe("normalizeBroadcastText", () => {
  it("trims, unifies line ends and keeps at most one blank line", () => {
    expect(normalizeBroadcastText("  Back in 5 minutes\r\n\r\n\r\n\r\nplease  ")).toBe(
      "Back in 5 minutes\n\nplease",
    );
  });

  it("counts code points, so the limit holds for emoji too", () => {
    const max = "🎉".repeat(ControlsLimits.broadcastChars);
    expect(normalizeBroadcastText(max)).toBe(max);
    expect(refusal(`${max}!`)).toContain(`${ControlsLimits.broadcastChars + 1} characters`);
  });

  it("refuses empty, blank and control-character messages", () => {
    expect(refusal("")).toBe("The message is empty.");
    expect(refusal(" \n\t ")).toBe("The message is empty.");
    expect(refusal("bell\u0007")).toContain("control characters");
    expect(refusal("abc\u202edcba")).toContain("control characters");
    expect(refusal("nul\u0000")).toContain("control characters");
  });
});
