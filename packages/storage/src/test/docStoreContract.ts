// Over 400 lines on purpose: this is the one contract suite of the `DocStore` interface (the
// standard: one contract suite per interface). Every implementation runs this whole file, so no
// implementation can pass a part of the contract and skip the rest.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { DocStore, DocStoreLimits, LogEntryInput } from "../DocStore";
import { StorageError } from "../StorageError";

/** What a backend's test file hands the contract suite for each test. */
export interface DocStoreUnderTest {
  store: DocStore;
  /**
   * Closes nothing itself: the suite closes `store` first, then calls this to open the same data
   * again (a real file for SQLite). Omit for backends that cannot outlive their object.
   */
  reopen?: () => Promise<DocStore>;
  /** Removes everything the store left behind (temp dirs). Called after the store was closed. */
  cleanup: () => Promise<void>;
}

/** A Y.Doc whose every change is captured as the update a client would send. */
class Editor {
  readonly doc = new Y.Doc();
  readonly items = this.doc.getArray<string>("items");

  push(value: string): Uint8Array {
    return this.capture(() => this.items.push([value]));
  }

  capture(change: () => void): Uint8Array {
    let update: Uint8Array | null = null;
    const onUpdate = (u: Uint8Array): void => {
      update = u;
    };
    this.doc.on("update", onUpdate);
    try {
      this.doc.transact(change);
    } finally {
      this.doc.off("update", onUpdate);
    }
    if (update === null) throw new Error("the change produced no update");
    return update;
  }

  state(): Uint8Array {
    return Y.encodeStateAsUpdate(this.doc);
  }
}

function docFrom(checkpoint: Uint8Array | null, updates: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  if (checkpoint !== null) Y.applyUpdate(doc, checkpoint);
  for (const u of updates) Y.applyUpdate(doc, u);
  return doc;
}

function itemsOf(update: Uint8Array): string[] {
  return docFrom(update, []).getArray<string>("items").toArray();
}

async function loadedItems(store: DocStore, docName: string): Promise<string[]> {
  const stored = await store.load(docName);
  return docFrom(stored.checkpoint, stored.updates).getArray<string>("items").toArray();
}

function entry(docName: string, update: Uint8Array, at: number, author = "p1"): LogEntryInput {
  return { docName, update, at, author };
}

async function expectStorageError(promise: Promise<unknown>, code: StorageError["code"]) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StorageError);
  expect((error as StorageError).code).toBe(code);
}

/**
 * The one behaviour every `DocStore` backend must have. Call it from a backend's test file; it
 * registers vitest suites. `makeStore` is called once per test and must give a fresh, empty store,
 * with the given limits (the backend's defaults for those not given).
 */
export function docStoreContract(
  name: string,
  makeStore: (limits?: Partial<DocStoreLimits>) => Promise<DocStoreUnderTest>,
): void {
  describe(`DocStore contract: ${name}`, () => {
    let subject: DocStoreUnderTest;
    let store: DocStore;

    beforeEach(async () => {
      subject = await makeStore();
      store = subject.store;
    });

    afterEach(async () => {
      await store.close();
      await subject.cleanup();
    });

    /** Closes the store and opens the same data again; the test is skipped without `reopen`. */
    async function reopen(): Promise<DocStore> {
      const again = subject.reopen;
      if (again === undefined) throw new Error("backend cannot reopen");
      await store.close();
      store = await again();
      return store;
    }

    it("loads a doc never written as empty", async () => {
      expect(await store.load("never")).toEqual({
        checkpoint: null,
        checkpointSeq: 0,
        updates: [],
        lastSeq: 0,
      });
      expect(await store.history("never")).toEqual([]);
      expect(await store.exists("never")).toBe(false);
      const state = await store.stateAt("never", Date.now());
      expect(itemsOf(state)).toEqual([]);
      expect(state).toEqual(Y.encodeStateAsUpdate(new Y.Doc()));
    });

    it("loads back what was appended, equal to the Y.Doc", async () => {
      const editor = new Editor();
      const updates = ["a", "b", "c", "d"].map((v) => editor.push(v));
      const deletion = editor.capture(() => editor.items.delete(1, 1));
      await store.append([...updates, deletion].map((u, i) => entry("doc", u, 1000 + i)));

      const stored = await store.load("doc");
      expect(stored.checkpoint).toBeNull();
      expect(stored.checkpointSeq).toBe(0);
      expect(stored.lastSeq).toBe(5);
      expect(stored.updates).toHaveLength(5);
      const loaded = docFrom(null, stored.updates);
      expect(loaded.getArray("items").toArray()).toEqual(editor.items.toArray());
      expect(Y.encodeStateVector(loaded)).toEqual(Y.encodeStateVector(editor.doc));
    });

    it("numbers each doc's entries 1, 2, 3, … across calls and across docs in one call", async () => {
      const a = new Editor();
      const b = new Editor();
      const first = await store.append([
        entry("a", a.push("a1"), 1),
        entry("b", b.push("b1"), 2),
        entry("a", a.push("a2"), 3),
        entry("b", b.push("b2"), 4),
        entry("a", a.push("a3"), 5),
      ]);
      expect(first.lastSeq).toEqual(
        new Map([
          ["a", 3],
          ["b", 2],
        ]),
      );
      const second = await store.append([entry("b", b.push("b3"), 6)]);
      expect(second.lastSeq).toEqual(new Map([["b", 3]]));
      const third = await store.append([entry("a", a.push("a4"), 7), entry("c", a.push("x"), 8)]);
      expect(third.lastSeq).toEqual(
        new Map([
          ["a", 4],
          ["c", 1],
        ]),
      );
      expect((await store.history("a")).map((h) => h.seq)).toEqual([1, 2, 3, 4]);
      expect((await store.history("b")).map((h) => h.seq)).toEqual([1, 2, 3]);
      expect(await loadedItems(store, "a")).toEqual(["a1", "a2", "a3", "a4"]);
      expect(await loadedItems(store, "b")).toEqual(["b1", "b2", "b3"]);
      expect((await store.load("a")).lastSeq).toBe(4);
    });

    it("an append with no entries stores nothing and returns an empty map", async () => {
      const result = await store.append([]);
      expect(result.lastSeq.size).toBe(0);
      expect(await store.exists("doc")).toBe(false);
    });

    it("loads the latest checkpoint and only the tail after it", async () => {
      const editor = new Editor();
      const head = ["1", "2", "3", "4", "5"].map((v, i) => entry("doc", editor.push(v), i));
      await store.append(head, [{ docName: "doc", state: editor.state() }]);
      let stored = await store.load("doc");
      expect(stored.checkpointSeq).toBe(5);
      expect(stored.lastSeq).toBe(5);
      expect(stored.updates).toEqual([]);
      expect(stored.checkpoint).not.toBeNull();

      const tail = ["6", "7", "8"].map((v, i) => entry("doc", editor.push(v), 10 + i));
      await store.append(tail);
      stored = await store.load("doc");
      expect(stored.checkpointSeq).toBe(5);
      expect(stored.lastSeq).toBe(8);
      expect(stored.updates).toEqual(tail.map((e) => e.update));
      expect(await loadedItems(store, "doc")).toEqual(["1", "2", "3", "4", "5", "6", "7", "8"]);
    });

    it("a checkpoint in a call without entries of its doc covers the doc's last seq", async () => {
      const editor = new Editor();
      const other = new Editor();
      await store.append([entry("doc", editor.push("x"), 1), entry("doc", editor.push("y"), 2)]);
      await store.append(
        [entry("other", other.push("o"), 3)],
        [{ docName: "doc", state: editor.state() }],
      );
      const stored = await store.load("doc");
      expect(stored.checkpointSeq).toBe(2);
      expect(stored.updates).toEqual([]);
      expect(await loadedItems(store, "doc")).toEqual(["x", "y"]);
      expect((await store.load("other")).checkpointSeq).toBe(0);
    });

    it("refuses a checkpoint of a doc with no entries, storing nothing of the call", async () => {
      const editor = new Editor();
      await expectStorageError(
        store.append(
          [entry("doc", editor.push("x"), 1)],
          [{ docName: "empty", state: editor.state() }],
        ),
        "invalid-checkpoint",
      );
      expect(await store.exists("doc")).toBe(false);
      expect(await store.exists("empty")).toBe(false);
    });

    it("keeps everything across a reopen, and seq continues", async ({ skip }) => {
      if (subject.reopen === undefined) skip("backend cannot reopen");
      const a = new Editor();
      const b = new Editor();
      await store.append(
        [entry("a", a.push("a1"), 10, "alice"), entry("a", a.push("a2"), 20, "bob")],
        [{ docName: "a", state: a.state() }],
      );
      await store.append([entry("a", a.push("a3"), 30, "alice"), entry("b", b.push("b1"), 40)]);

      await reopen();
      const stored = await store.load("a");
      expect(stored.checkpointSeq).toBe(2);
      expect(stored.lastSeq).toBe(3);
      expect(stored.updates).toHaveLength(1);
      expect(await loadedItems(store, "a")).toEqual(["a1", "a2", "a3"]);
      expect(await loadedItems(store, "b")).toEqual(["b1"]);
      expect(await store.history("a")).toEqual([
        { seq: 1, at: 10, author: "alice" },
        { seq: 2, at: 20, author: "bob" },
        { seq: 3, at: 30, author: "alice" },
      ]);
      expect(await store.exists("b")).toBe(true);
      expect(itemsOf(await store.stateAt("a", 25))).toEqual(["a1", "a2"]);

      const next = await store.append([entry("b", b.push("b2"), 50), entry("a", a.push("a4"), 60)]);
      expect(next.lastSeq).toEqual(
        new Map([
          ["b", 2],
          ["a", 4],
        ]),
      );
      expect(await loadedItems(store, "a")).toEqual(["a1", "a2", "a3", "a4"]);
      expect((await store.history("b")).map((h) => h.seq)).toEqual([1, 2]);
    });

    it("returns history in seq order with time and author", async () => {
      const editor = new Editor();
      await store.append([
        entry("doc", editor.push("1"), 300, "carol"),
        entry("doc", editor.push("2"), 300, "system"),
      ]);
      await store.append([entry("doc", editor.push("3"), 1_700_000_000_123, "dave")]);
      expect(await store.history("doc")).toEqual([
        { seq: 1, at: 300, author: "carol" },
        { seq: 2, at: 300, author: "system" },
        { seq: 3, at: 1_700_000_000_123, author: "dave" },
      ]);
    });

    describe("stateAt", () => {
      // Entries at 100, 200, 200, 300, 400: two share a timestamp.
      const times = [100, 200, 200, 300, 400];
      const values = ["v1", "v2", "v3", "v4", "v5"];

      async function writeHistory(checkpointAfter: readonly number[]): Promise<void> {
        const editor = new Editor();
        for (const [i, at] of times.entries()) {
          const update = editor.push(values[i]!);
          const checkpoints = checkpointAfter.includes(i + 1)
            ? [{ docName: "doc", state: editor.state() }]
            : [];
          await store.append([entry("doc", update, at)], checkpoints);
        }
      }

      const expectations: [number, string[]][] = [
        [-1, []],
        [99, []],
        [100, ["v1"]],
        [150, ["v1"]],
        [199.5, ["v1"]],
        [200, ["v1", "v2", "v3"]],
        [250, ["v1", "v2", "v3"]],
        [300, ["v1", "v2", "v3", "v4"]],
        [399, ["v1", "v2", "v3", "v4"]],
        [400, values],
        [10_000, values],
        [Number.POSITIVE_INFINITY, values],
        [Number.NEGATIVE_INFINITY, []],
      ];

      it("gives the doc exactly as it was at each time", async () => {
        await writeHistory([]);
        for (const [at, expected] of expectations) {
          expect(itemsOf(await store.stateAt("doc", at)), `at ${at}`).toEqual(expected);
        }
      });

      it("gives the same answers with checkpoints in between", async () => {
        await writeHistory([2, 3, 4]);
        for (const [at, expected] of expectations) {
          expect(itemsOf(await store.stateAt("doc", at)), `at ${at}`).toEqual(expected);
        }
        // The checkpoint must not leak later entries into an earlier time.
        expect(itemsOf(await store.stateAt("doc", 100))).toEqual(["v1"]);
      });

      it("gives the same answers when every entry is checkpointed", async () => {
        await writeHistory([1, 2, 3, 4, 5]);
        for (const [at, expected] of expectations) {
          expect(itemsOf(await store.stateAt("doc", at)), `at ${at}`).toEqual(expected);
        }
      });

      it("reflects deletions at the time they happened", async () => {
        const editor = new Editor();
        await store.append([
          entry("doc", editor.push("keep"), 1),
          entry("doc", editor.push("drop"), 2),
          entry(
            "doc",
            editor.capture(() => editor.items.delete(1, 1)),
            3,
          ),
        ]);
        expect(itemsOf(await store.stateAt("doc", 2))).toEqual(["keep", "drop"]);
        expect(itemsOf(await store.stateAt("doc", 3))).toEqual(["keep"]);
      });

      it("does not mix in other docs", async () => {
        const a = new Editor();
        const b = new Editor();
        await store.append([entry("a", a.push("a"), 1), entry("b", b.push("b"), 1)]);
        expect(itemsOf(await store.stateAt("a", 5))).toEqual(["a"]);
      });
    });

    describe("atomicity", () => {
      it("stores none of a batch with an update that is not a Uint8Array", async () => {
        const a = new Editor();
        const b = new Editor();
        await store.append([entry("a", a.push("before"), 1)]);
        const bad = [
          entry("a", a.push("lost1"), 2),
          entry("b", b.push("lost2"), 2),
          entry("b", "not bytes" as unknown as Uint8Array, 3),
        ];
        await expectStorageError(store.append(bad), "invalid-update");
        expect(await store.exists("b")).toBe(false);
        expect((await store.load("a")).lastSeq).toBe(1);
        expect(await store.history("a")).toHaveLength(1);
        // The refused batch left no gap in the numbering.
        const next = await store.append([entry("a", new Editor().push("other"), 3)]);
        expect(next.lastSeq.get("a")).toBe(2);
      });

      it("stores none of a batch with an empty doc name", async () => {
        const a = new Editor();
        await expectStorageError(
          store.append([entry("a", a.push("x"), 1), entry("", a.push("y"), 2)]),
          "invalid-doc-name",
        );
        expect(await store.exists("a")).toBe(false);
      });

      it("stores none of a batch with a bad time, author or checkpoint", async () => {
        const a = new Editor();
        const ok = entry("a", a.push("x"), 1);
        await expectStorageError(
          store.append([ok, entry("a", a.push("y"), Number.NaN)]),
          "invalid-entry",
        );
        await expectStorageError(
          store.append([ok, { ...entry("a", a.push("z"), 2), author: 7 as unknown as string }]),
          "invalid-entry",
        );
        await expectStorageError(
          store.append([ok], [{ docName: "a", state: null as unknown as Uint8Array }]),
          "invalid-update",
        );
        await expectStorageError(
          store.append(
            [ok],
            [
              { docName: "a", state: a.state() },
              { docName: "a", state: a.state() },
            ],
          ),
          "invalid-checkpoint",
        );
        expect(await store.exists("a")).toBe(false);
        expect(await store.history("a")).toEqual([]);
      });

      it("refuses an empty doc name on reads", async () => {
        await expectStorageError(store.load(""), "invalid-doc-name");
        await expectStorageError(store.history(""), "invalid-doc-name");
        await expectStorageError(store.stateAt("", 1), "invalid-doc-name");
        await expectStorageError(store.exists(""), "invalid-doc-name");
        await expectStorageError(store.stateAt("doc", Number.NaN), "invalid-time");
      });
    });

    it("exists() is true exactly for docs with entries", async () => {
      const editor = new Editor();
      expect(await store.exists("doc")).toBe(false);
      await store.append([entry("doc", editor.push("x"), 1)]);
      expect(await store.exists("doc")).toBe(true);
      expect(await store.exists("doc2")).toBe(false);
      expect(await store.exists("do")).toBe(false);
    });

    it("keeps its own copy of the bytes it was given", async () => {
      const editor = new Editor();
      const update = editor.push("x");
      const original = update.slice();
      const state = editor.state();
      const originalState = state.slice();
      await store.append([entry("doc", update, 1)]);
      await store.append([], [{ docName: "doc", state }]);
      update.fill(0);
      state.fill(0);
      expect((await store.history("doc")).length).toBe(1);
      expect((await store.load("doc")).checkpoint).toEqual(originalState);
      expect(itemsOf(await store.stateAt("doc", 1))).toEqual(["x"]);
      expect(original).not.toEqual(update);
    });

    it("close() is idempotent and later calls are refused", async () => {
      await store.close();
      await store.close();
      await expectStorageError(store.load("doc"), "closed");
      await expectStorageError(store.append([entry("doc", new Editor().push("x"), 1)]), "closed");
    });

    it("round-trips a large update (a few MB)", { timeout: 30_000 }, async () => {
      const editor = new Editor();
      const text = editor.doc.getText("big");
      // Pseudo-random so the update cannot be trivially small.
      let seed = 42;
      const chars: string[] = [];
      for (let i = 0; i < 3_000_000; i++) {
        seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
        chars.push(String.fromCharCode(33 + (seed % 90)));
      }
      const content = chars.join("");
      const update = editor.capture(() => text.insert(0, content));
      expect(update.byteLength).toBeGreaterThan(2_900_000);
      await store.append([entry("big", update, 1)], [{ docName: "big", state: editor.state() }]);
      await store.append([
        entry(
          "big",
          editor.capture(() => text.insert(0, "!")),
          2,
        ),
      ]);

      const stored = await store.load("big");
      expect(stored.checkpointSeq).toBe(1);
      expect(stored.updates).toHaveLength(1);
      expect(docFrom(stored.checkpoint, stored.updates).getText("big").toString()).toBe(
        `!${content}`,
      );
      const before = docFrom(await store.stateAt("big", 1), []);
      expect(before.getText("big").toString()).toBe(content);
      expect((await store.history("big")).map((h) => h.seq)).toEqual([1, 2]);
    });

    it("seeks to the middle of a 20,000-update history", { timeout: 60_000 }, async () => {
      const editor = new Editor();
      const total = 20_000;
      const batch = 1_000;
      const checkpointEvery = 5_000;
      for (let start = 0; start < total; start += batch) {
        const entries: LogEntryInput[] = [];
        for (let i = start; i < start + batch; i++) {
          entries.push(entry("long", editor.push(`item-${i}`), 1_000_000 + i, `p${i % 7}`));
        }
        const checkpoints =
          (start + batch) % checkpointEvery === 0
            ? [{ docName: "long", state: editor.state() }]
            : [];
        const result = await store.append(entries, checkpoints);
        expect(result.lastSeq.get("long")).toBe(start + batch);
      }
      // Middle point, not on a checkpoint: entries 1..12,346 (item-0 … item-12345).
      const middle = itemsOf(await store.stateAt("long", 1_000_000 + 12_345));
      expect(middle).toHaveLength(12_346);
      expect(middle[0]).toBe("item-0");
      expect(middle.at(-1)).toBe("item-12345");
      // Exactly on a checkpoint boundary, and just before the first entry.
      expect(itemsOf(await store.stateAt("long", 1_000_000 + 9_999))).toHaveLength(10_000);
      expect(itemsOf(await store.stateAt("long", 999_999))).toEqual([]);

      const stored = await store.load("long");
      expect(stored.checkpointSeq).toBe(20_000);
      expect(stored.lastSeq).toBe(20_000);
      const history = await store.history("long");
      expect(history).toHaveLength(total);
      expect(history[12_345]).toEqual({ seq: 12_346, at: 1_012_345, author: `p${12_345 % 7}` });
    });

    /** A second, fresh store with `limits`, closed and cleaned up after `body`. */
    async function withLimits(
      limits: Partial<DocStoreLimits>,
      body: (
        limited: DocStore,
        reopenLimited: (() => Promise<DocStore>) | undefined,
      ) => Promise<void>,
    ): Promise<void> {
      const limited = await makeStore(limits);
      let current = limited.store;
      const again = limited.reopen;
      const reopenLimited =
        again === undefined
          ? undefined
          : async () => {
              await current.close();
              current = await again();
              return current;
            };
      try {
        await body(current, reopenLimited);
      } finally {
        await current.close();
        await limited.cleanup();
      }
    }

    describe("history usage and quota", () => {
      it("counts each doc's entries, log bytes and checkpoints", async () => {
        expect(await store.usage("never")).toEqual({
          entries: 0,
          logBytes: 0,
          checkpoints: 0,
          checkpointBytes: 0,
        });
        const a = new Editor();
        const b = new Editor();
        const updates = ["x", "yy", "zzz"].map((v) => a.push(v));
        const state = a.state();
        await store.append(
          [...updates.map((u, i) => entry("a", u, i)), entry("b", b.push("b"), 9)],
          [{ docName: "a", state }],
        );
        const logBytes = updates.reduce((sum, u) => sum + u.byteLength, 0);
        expect(await store.usage("a")).toEqual({
          entries: 3,
          logBytes,
          checkpoints: 1,
          checkpointBytes: state.byteLength,
        });
        expect((await store.usage("b")).checkpoints).toBe(0);
        if (subject.reopen !== undefined) {
          await reopen();
          expect((await store.usage("a")).logBytes).toBe(logBytes);
        }
      });

      it("refuses entries of a doc whose log reached the quota, storing nothing of the call", async () => {
        await withLimits({ maxDocLogBytes: 200 }, async (limited, reopenLimited) => {
          let current = limited;
          const a = new Editor();
          const other = new Editor();
          // Below the quota, a call that crosses it is stored whole.
          const crossing = Array.from({ length: 30 }, (_, i) => entry("a", a.push(`v${i}`), i));
          const crossingBytes = crossing.reduce((sum, e) => sum + e.update.byteLength, 0);
          expect(crossingBytes).toBeGreaterThan(200);
          await current.append(crossing);
          expect((await current.usage("a")).logBytes).toBe(crossingBytes);

          const refused = current.append([
            entry("other", other.push("o1"), 40),
            entry("a", a.push("over"), 41),
          ]);
          await expectStorageError(refused, "quota-exceeded");
          expect(await current.exists("other")).toBe(false);
          expect((await current.load("a")).lastSeq).toBe(30);
          // Other docs keep their own quota; a checkpoint of the full doc is still taken.
          await current.append(
            [entry("other", other.push("o1"), 42)],
            [{ docName: "a", state: a.state() }],
          );
          expect((await current.load("a")).checkpointSeq).toBe(30);
          if (reopenLimited !== undefined) {
            current = await reopenLimited();
            await expectStorageError(
              current.append([entry("a", a.push("still over"), 43)]),
              "quota-exceeded",
            );
          }
          expect(await current.history("a")).toHaveLength(30);
        });
      });

      it("thins checkpoints to a bounded share of the log and still seeks exactly", async () => {
        await withLimits({ checkpointSpacing: 2 }, async (limited) => {
          const editor = new Editor();
          const total = 1_200;
          const every = 40;
          let written = 0;
          let latestSize = 0;
          for (let start = 0; start < total; start += every) {
            const entries: LogEntryInput[] = [];
            for (let i = start; i < start + every; i++) {
              entries.push(entry("doc", editor.push(`item-${i}`), 10_000 + i));
            }
            const state = editor.state();
            latestSize = state.byteLength;
            await limited.append(entries, [{ docName: "doc", state }]);
            written++;
          }
          const usage = await limited.usage("doc");
          expect(usage.entries).toBe(total);
          // Every checkpoint but the latest is paid for by twice its size in later log bytes.
          expect(usage.checkpointBytes).toBeLessThanOrEqual(usage.logBytes / 2 + latestSize);
          expect(usage.checkpoints).toBeLessThan(written);
          expect(usage.checkpoints).toBeGreaterThan(1);
          // The latest is always kept, so a load replays nothing.
          const stored = await limited.load("doc");
          expect(stored.checkpointSeq).toBe(total);
          expect(stored.updates).toEqual([]);
          // Exact at every moment, on and between the checkpoints that were dropped.
          for (let i = 0; i < total; i += 53) {
            const items = itemsOf(await limited.stateAt("doc", 10_000 + i));
            expect(items, `at entry ${i}`).toHaveLength(i + 1);
            expect(items.at(-1)).toBe(`item-${i}`);
          }
        });
      });

      it("keeps small checkpoints of a doc whose state stays small", async () => {
        const editor = new Editor();
        const map = editor.doc.getMap<number>("m");
        for (let round = 0; round < 20; round++) {
          const entries: LogEntryInput[] = [];
          for (let i = 0; i < 50; i++) {
            entries.push(
              entry(
                "doc",
                editor.capture(() => map.set("k", round * 50 + i)),
                round,
              ),
            );
          }
          await store.append(entries, [{ docName: "doc", state: editor.state() }]);
        }
        // Overwrites: the state stays tiny and each checkpoint has far more log bytes after it.
        const usage = await store.usage("doc");
        expect(usage.checkpoints).toBe(20);
        expect(usage.checkpointBytes).toBeLessThan(usage.logBytes / 2);
        const seek = new Y.Doc();
        Y.applyUpdate(seek, await store.stateAt("doc", 7));
        expect(seek.getMap("m").get("k")).toBe(7 * 50 + 49);
      });
    });
  });
}
