import { join } from "node:path";
import { SqliteDocStore } from "@tablecloth/storage";
import { afterAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { DATABASE_FILE } from "../TableclothServer";
import { connectSynced, createProvider } from "./connectProvider";
import { makeTempDir, removeDir, startTestServer } from "./testServer";
import { pollUntil, withTimeout } from "./waitFor";

const ROUNDS = 200;
const LANES = 4;
const KEYS = 10;
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map(removeDir));
});

describe("handover: one group leaves as the next arrives (café rotation)", () => {
  it(`with grace 0, B always syncs with A's full content (${ROUNDS} fresh docs)`, async () => {
    const dataDir = await makeTempDir();
    dirs.push(dataDir);
    const server = await startTestServer({ dataDir, env: { TABLECLOTH_UNLOAD_GRACE_MS: "0" } });
    const failures: string[] = [];
    const docNames: string[] = [];

    const round = async (i: number) => {
      const docName = `handover-${i}`;
      docNames.push(docName);
      const a = await connectSynced(server.url, docName);
      const notes = a.doc.getMap<number>("m");
      a.doc.transact(() => {
        for (let k = 0; k < KEYS; k++) notes.set(`a${k}`, k);
      });
      a.doc.getText("t").insert(0, `round ${i}`);
      const expected = notes.toJSON();

      const b = createProvider(server.url, docName, { connect: false });
      const synced = new Promise<Record<string, unknown>>((resolve) => {
        b.on("sync", (isSynced: boolean) => {
          if (!isSynced) return;
          const seen = b.doc.getMap("m").toJSON();
          // B's first edit, made only once it has synced.
          b.doc.getMap("m").set("b", i);
          resolve(seen);
        });
      });
      a.destroy();
      b.connect();
      try {
        const seen = await withTimeout(synced, 10_000, `B to sync ${docName}`);
        expect(seen).toEqual(expected);
        expect(b.doc.getText("t").toString()).toBe(`round ${i}`);
      } catch (error) {
        failures.push(`${docName}: ${(error as Error).message}`);
      } finally {
        b.destroy();
      }
    };

    let next = 0;
    await Promise.all(
      Array.from({ length: LANES }, async () => {
        while (next < ROUNDS) await round(next++);
      }),
    );
    // Every B left; once its doc unloaded (grace 0) its last edit was saved on the way out.
    await pollUntil(
      async () => (server.syncServer.loadedDocNames().length === 0 ? true : undefined),
      "every doc to unload",
    );
    await server.close();
    expect(failures).toEqual([]);

    // Straight from disk: no doc lost A's content or B's edit.
    const store = SqliteDocStore.open({ path: join(dataDir, DATABASE_FILE) });
    try {
      const lost: string[] = [];
      for (const docName of docNames) {
        const doc = new Y.Doc();
        Y.applyUpdate(doc, await store.stateAt(docName, Date.now()));
        const map = doc.getMap("m");
        if (map.size !== KEYS + 1 || !map.has("b"))
          lost.push(`${docName}: ${JSON.stringify(map.toJSON())}`);
      }
      expect(lost).toEqual([]);
      expect(docNames.length).toBe(ROUNDS);
    } finally {
      await store.close();
    }
  });
});
