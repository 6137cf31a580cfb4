import { CloseCode } from "@tablecloth/protocol";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { decodeMessage } from "./decodeMessage";
import {
  encodeAwarenessMessage,
  encodeQueryAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
} from "./encodeMessage";
import { SyncError } from "./SyncError";

function codeOf(frame: Uint8Array): number | null {
  try {
    decodeMessage(frame);
    return null;
  } catch (err) {
    return err instanceof SyncError ? err.code : -1;
  }
}

describe("decodeMessage", () => {
  it("round-trips every message the stock client sends", () => {
    const doc = new Y.Doc();
    doc.getMap("m").set("k", 1);
    const sv = Y.encodeStateVector(doc);
    const update = Y.encodeStateAsUpdate(doc);
    expect(decodeMessage(encodeSyncStep1(sv))).toEqual({ type: "syncStep1", stateVector: sv });
    expect(decodeMessage(encodeSyncStep2(update))).toEqual({ type: "syncStep2", update });
    expect(decodeMessage(encodeSyncUpdate(update))).toEqual({ type: "update", update });
    expect(decodeMessage(encodeAwarenessMessage(new Uint8Array([0])))).toEqual({
      type: "awareness",
      update: new Uint8Array([0]),
    });
    expect(decodeMessage(encodeQueryAwareness())).toEqual({ type: "queryAwareness" });
  });

  it("refuses empty, truncated, unknown and trailing-byte frames with BadMessage", () => {
    const bad = [[], [0], [0, 0], [0, 1, 5, 1], [7], [2, 0], [0, 3, 0], [3, 0]];
    for (const bytes of bad) expect(codeOf(new Uint8Array(bytes))).toBe(CloseCode.BadMessage);
  });
});
