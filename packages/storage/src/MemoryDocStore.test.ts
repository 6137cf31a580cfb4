import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { AppendResult, CheckpointInput, LogEntryInput } from "./DocStore";
import { MemoryDocStore } from "./MemoryDocStore";

function update(value: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getArray<string>("items").push([value]);
  return Y.encodeStateAsUpdate(doc);
}

/** What a room-engine test does to simulate a failing disk: subclass and fail on demand. */
class FlakyStore extends MemoryDocStore {
  failNext = false;

  override async append(
    entries: readonly LogEntryInput[],
    checkpoints?: readonly CheckpointInput[],
  ): Promise<AppendResult> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error("disk full");
    }
    return super.append(entries, checkpoints);
  }

  docNames(): string[] {
    return [...this.docs.keys()];
  }
}

describe("MemoryDocStore", () => {
  it("can be subclassed to fail a call, and carries on afterwards", async () => {
    const store = new FlakyStore();
    store.failNext = true;
    await expect(
      store.append([{ docName: "d", update: update("x"), at: 1, author: "p" }]),
    ).rejects.toThrow("disk full");
    expect(store.docNames()).toEqual([]);
    const result = await store.append([{ docName: "d", update: update("y"), at: 2, author: "p" }]);
    expect(result.lastSeq.get("d")).toBe(1);
  });

  it("creates no record for a refused call", async () => {
    const store = new FlakyStore();
    await expect(
      store.append([
        { docName: "a", update: update("x"), at: 1, author: "p" },
        { docName: "b", update: "bad" as unknown as Uint8Array, at: 1, author: "p" },
      ]),
    ).rejects.toThrow();
    await expect(
      store.append(
        [{ docName: "c", update: update("x"), at: 1, author: "p" }],
        [{ docName: "never", state: update("y") }],
      ),
    ).rejects.toThrow();
    expect(store.docNames()).toEqual([]);
  });

  it("hands out copies: mutating a loaded update does not change the store", async () => {
    const store = new MemoryDocStore();
    const original = update("x");
    await store.append([{ docName: "d", update: original, at: 1, author: "p" }]);
    const first = await store.load("d");
    first.updates[0]!.fill(0);
    expect((await store.load("d")).updates[0]).toEqual(original);
  });
});
