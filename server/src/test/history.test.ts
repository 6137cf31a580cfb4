import { afterAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { connectSynced } from "./connectProvider";
import { makeTempDir, removeDir, startTestServer } from "./testServer";
import { waitForDoc } from "./waitFor";

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map(removeDir));
});

/** Spins until the clock moved past `t`, so the next edit is stamped strictly after it. */
function afterMillisecond(t: number): void {
  while (Date.now() <= t) {
    // A millisecond at most; a timer would be coarser than the thing we measure.
  }
}

describe("history endpoints", () => {
  it("state?at=t gives exactly the doc at t, and history lists entries in order", async () => {
    const dataDir = await makeTempDir();
    dirs.push(dataDir);
    const server = await startTestServer({ dataDir });
    const docName = "history-doc";
    const writer = await connectSynced(server.url, docName);
    const observer = await connectSynced(server.url, docName);
    try {
      const before = Date.now();
      afterMillisecond(before);
      const marks: Array<{ t: number; keys: string[] }> = [{ t: before, keys: [] }];
      const keys: string[] = [];
      for (let i = 0; i < 6; i++) {
        const key = `edit${i}`;
        writer.doc.getMap("m").set(key, i);
        keys.push(key);
        // Seen by the observer = accepted by the server, so its server time is already past.
        await waitForDoc(observer.doc, (doc) => doc.getMap("m").has(key), `observer to see ${key}`);
        const t = Date.now();
        marks.push({ t, keys: [...keys] });
        afterMillisecond(t);
      }

      const historyResponse = await fetch(`${server.url}/api/docs/${docName}/history`);
      expect(historyResponse.status).toBe(200);
      const { entries } = (await historyResponse.json()) as {
        entries: Array<{ seq: number; at: number; author: string }>;
      };
      expect(entries.length).toBeGreaterThanOrEqual(6);
      entries.forEach((entry, index) => {
        expect(entry.seq).toBe(index + 1);
        expect(entry.author).toMatch(/^anonymous-\d+$/);
        if (index > 0) expect(entry.at).toBeGreaterThanOrEqual(entries[index - 1]!.at);
      });
      expect(entries[0]!.at).toBeGreaterThan(before);
      expect(entries.at(-1)!.at).toBeLessThanOrEqual(marks.at(-1)!.t);

      for (const mark of marks) {
        const response = await fetch(`${server.url}/api/docs/${docName}/state?at=${mark.t}`);
        expect(response.status).toBe(200);
        expect(response.headers.get("content-type")).toBe("application/octet-stream");
        const doc = new Y.Doc();
        Y.applyUpdate(doc, new Uint8Array(await response.arrayBuffer()));
        expect(Object.keys(doc.getMap("m").toJSON()).sort()).toEqual([...mark.keys].sort());
      }

      const bad = await fetch(`${server.url}/api/docs/${docName}/state?at=yesterday`);
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { code: string } }).error.code).toBe(
        "invalid_request",
      );
    } finally {
      writer.destroy();
      observer.destroy();
      await server.close();
    }
  });
});
