import { afterAll, describe, expect, it } from "vitest";
import { connectSynced } from "./connectProvider";
import { fetchMetric } from "./metricsText";
import { makeTempDir, removeDir, startTestServer } from "./testServer";
import { pollUntil } from "./waitFor";

const GRACE_MS = 300;
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map(removeDir));
});

describe("unloading", () => {
  it("unloads a doc without connections within its grace period and /metrics shows it", async () => {
    const dataDir = await makeTempDir();
    dirs.push(dataDir);
    const server = await startTestServer({
      dataDir,
      env: { TABLECLOTH_UNLOAD_GRACE_MS: String(GRACE_MS) },
    });
    try {
      const loadedAtStart = await fetchMetric(server.url, "tablecloth_loaded_docs");
      expect(loadedAtStart).toBe(0);

      const first = await connectSynced(server.url, "unload-a");
      const second = await connectSynced(server.url, "unload-b");
      first.doc.getMap("m").set("kept", "yes");
      expect(await fetchMetric(server.url, "tablecloth_loaded_docs")).toBe(2);
      expect(await fetchMetric(server.url, "tablecloth_connections")).toBe(2);

      const leftAt = Date.now();
      first.destroy();
      const one = await pollUntil(
        async () =>
          (await fetchMetric(server.url, "tablecloth_loaded_docs")) === 1 ? Date.now() : undefined,
        "loaded docs to go down to 1",
      );
      // Within its grace period plus scheduling slack; never before the grace passed.
      expect(one - leftAt).toBeGreaterThanOrEqual(GRACE_MS - 20);
      expect(one - leftAt).toBeLessThan(GRACE_MS + 5_000);
      expect(await fetchMetric(server.url, "tablecloth_doc_unloads_total")).toBe(1);

      second.destroy();
      await pollUntil(
        async () =>
          (await fetchMetric(server.url, "tablecloth_loaded_docs")) === 0 ? true : undefined,
        "loaded docs to go down to 0",
      );
      expect(await fetchMetric(server.url, "tablecloth_connections")).toBe(0);

      // What was written before the unload was saved on the way out.
      const again = await connectSynced(server.url, "unload-a");
      expect(again.doc.getMap("m").get("kept")).toBe("yes");
      again.destroy();
    } finally {
      await server.close();
    }
  });
});
