import { CloseCode } from "@tablecloth/protocol";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { TestNetwork, viewOf } from "./test/TestNetwork";
import type { WriteGuard } from "./WriteGuard";

let network: TestNetwork;
afterEach(async () => {
  await network.close();
});

/** Refuses a first write of the key "locked" into the root map "m". */
const noLockedWrites: WriteGuard = (_doc, update) =>
  update.structs.every((s) => !(s instanceof Y.Item) || s.parentSub !== "locked");

describe("a connection's write guard", () => {
  for (const batchReads of [false, true]) {
    it(`drops a refused update, closes its sender with 4403 and keeps everyone else going${batchReads ? " (batched reads)" : ""}`, async () => {
      network = new TestNetwork({ batchReads });
      const guarded = network.client("mallory", { writeGuard: noLockedWrites });
      const other = network.client("bob");
      guarded.connect("doc");
      other.connect("doc");
      await network.settle();
      guarded.doc.getMap("m").set("open", 1);
      await network.settle();
      expect(other.doc.getMap("m").get("open")).toBe(1);

      guarded.doc.getMap("m").set("locked", 1);
      await network.settle();
      expect(guarded.closes).toEqual([CloseCode.Forbidden]);
      expect(network.server.metrics.updatesDropped).toBe(1);
      expect(other.doc.getMap("m").has("locked")).toBe(false);
      await network.run(500);
      // Only the accepted write is in the log.
      expect((await network.store.history("doc")).map((e) => e.author)).toEqual(["mallory"]);
      expect((await network.serverView("doc")).json).toEqual(viewOf(other.doc).json);
      expect(JSON.stringify((await network.serverView("doc")).json)).not.toContain("locked");

      // Unguarded writers still write the same map.
      other.doc.getMap("m").set("locked", 2);
      await network.settle();
      expect(JSON.stringify((await network.serverView("doc")).json)).toContain('"locked":2');
    });
  }
});
