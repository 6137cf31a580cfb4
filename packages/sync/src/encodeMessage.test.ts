import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import { encodeSyncStep2, encodeSyncUpdate } from "./encodeMessage";

function reference(subType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, subType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

describe("encodeSync", () => {
  it("writes the same bytes as lib0's encoder for every length class", () => {
    for (const size of [0, 1, 127, 128, 300, 16_383, 16_384, 70_000, 2_100_000]) {
      const payload = new Uint8Array(size).map((_, i) => i % 251);
      expect(Buffer.from(encodeSyncUpdate(payload)).equals(reference(2, payload)), `${size}`).toBe(
        true,
      );
      expect(Buffer.from(encodeSyncStep2(payload)).equals(reference(1, payload)), `${size}`).toBe(
        true,
      );
    }
  });
});
