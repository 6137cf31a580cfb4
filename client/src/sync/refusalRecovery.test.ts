import { describe, expect, it } from "vitest";
import { afterRefusal } from "./refusalRecovery";

const first = { admitted: true, generation: 0, retried: false };

describe("afterRefusal", () => {
  it("waits to send what the device kept while the person may not write", () => {
    expect(afterRefusal({ ...first, readOnly: true })).toBe("wait");
    expect(afterRefusal({ ...first, readOnly: true, generation: 2, retried: true })).toBe("wait");
  });

  it("first tries again with what the device kept: the phase may not have reached the page yet", () => {
    expect(afterRefusal({ ...first, readOnly: false })).toBe("retry");
    // A first opening refused at the door is tried once more too.
    expect(afterRefusal({ ...first, readOnly: false, admitted: false })).toBe("retry");
  });

  it("forgets the refused change when refused again while the person may write", () => {
    expect(afterRefusal({ readOnly: false, admitted: true, generation: 1, retried: true })).toBe(
      "reset",
    );
  });

  it("stops once a later opening is refused at the door (no access): no endless retries", () => {
    expect(afterRefusal({ readOnly: false, admitted: false, generation: 1, retried: true })).toBe(
      "stay",
    );
    expect(afterRefusal({ readOnly: true, admitted: false, generation: 3, retried: false })).toBe(
      "stay",
    );
  });
});
