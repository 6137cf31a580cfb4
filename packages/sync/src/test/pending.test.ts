import { CloseCode } from "@tablecloth/protocol";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { encodeSyncUpdate } from "../encodeMessage";
import { TestNetwork, viewOf } from "./TestNetwork";

let network: TestNetwork;
afterEach(async () => {
  await network.close();
});

/** An update of `bytes` of text whose left origin (client `missing`) the server never saw. */
function orphanUpdate(missing: number, bytes: number): Uint8Array {
  const origin = new Y.Doc();
  origin.clientID = missing;
  origin.getText("t").insert(0, "o");
  const child = new Y.Doc();
  child.clientID = missing + 1;
  Y.applyUpdate(child, Y.encodeStateAsUpdate(origin));
  child.getText("t").insert(1, "p".repeat(bytes));
  return Y.encodeStateAsUpdate(child, Y.encodeStateVector(origin));
}

/** Bytes the server's doc keeps in pending structs and deletes. */
async function pendingBytes(docName: string): Promise<number> {
  return network.server.read(docName, (doc) => {
    const store = doc.store;
    return (store.pendingStructs?.update.byteLength ?? 0) + (store.pendingDs?.byteLength ?? 0);
  });
}

/** Alice in sync, and mallory connected who never reads (so never answers the server's step 1). */
async function roomWithSilentSender(config: ConstructorParameters<typeof TestNetwork>[0]) {
  network = new TestNetwork(config);
  const alice = network.client("alice");
  const mallory = network.client("mallory");
  alice.connect("doc");
  await network.settle();
  alice.doc.getText("t").insert(0, "alice ");
  await network.settle();
  mallory.connect("doc");
  while (mallory.deliverToServer()) {}
  return { alice, mallory };
}

describe("pending updates (missing dependencies) are bounded", () => {
  it("closes a sender whose pending bytes pass maxPendingBytes; memory stays bounded", async () => {
    const maxPendingBytes = 20_000;
    const { alice, mallory } = await roomWithSilentSender({ config: { maxPendingBytes } });
    let peak = 0;
    for (let i = 0; i < 50 && !mallory.link?.socket.closeEvent; i++) {
      mallory.send(encodeSyncUpdate(orphanUpdate(1_000 + 10 * i, 1_000)));
      while (mallory.deliverToServer()) {}
      peak = Math.max(peak, await pendingBytes("doc"));
    }
    expect(mallory.link?.socket.closeEvent?.code).toBe(CloseCode.TooLarge);
    expect(peak).toBeLessThanOrEqual(maxPendingBytes);
    expect(await pendingBytes("doc")).toBe(0);
    expect(network.server.metrics.pendingDiscarded).toBe(1);
    // The room goes on; the doc holds only alice's accepted edits.
    alice.doc.getText("t").insert(6, "again");
    await network.settle();
    expect((await network.serverView("doc")).json).toEqual(viewOf(alice.doc).json);
    expect(alice.closes).toEqual([]);
  });

  it("counts pending bytes toward maxDocBytes", async () => {
    const { mallory } = await roomWithSilentSender({
      config: { maxDocBytes: 8_000, maxFrameBytes: 8_000, maxPendingBytes: 1_000_000 },
    });
    for (let i = 0; i < 20 && !mallory.link?.socket.closeEvent; i++) {
      mallory.send(encodeSyncUpdate(orphanUpdate(5_000 + 10 * i, 1_000)));
      while (mallory.deliverToServer()) {}
    }
    await network.settle();
    expect(mallory.closes).toEqual([CloseCode.TooLarge]);
    expect(network.server.metrics.updatesRejected).toBeGreaterThanOrEqual(1);
  });

  it("closes a sender that never fills the gap once maxPendingMs passed", async () => {
    const { alice, mallory } = await roomWithSilentSender({ config: { maxPendingMs: 1_000 } });
    mallory.send(encodeSyncUpdate(orphanUpdate(9_000, 100)));
    while (mallory.deliverToServer()) {}
    expect(await pendingBytes("doc")).toBeGreaterThan(0);
    network.scheduler.advance(999);
    expect(mallory.closes).toEqual([]);
    network.scheduler.advance(1);
    await network.settle();
    expect(mallory.closes).toEqual([CloseCode.BadMessage]);
    expect(await pendingBytes("doc")).toBe(0);
    expect(alice.closes).toEqual([]);
  });

  it("still checkpoints, and neither a joiner nor the checkpoint gets the pending part", async () => {
    const { alice, mallory } = await roomWithSilentSender({ config: { checkpointEvery: 2 } });
    mallory.send(encodeSyncUpdate(orphanUpdate(7_000, 100)));
    while (mallory.deliverToServer()) {}
    expect(await pendingBytes("doc")).toBeGreaterThan(0);
    for (let i = 0; i < 4; i++) {
      alice.doc.getText("t").insert(0, `${i}`);
      await network.settle();
      await network.run(100);
    }
    // Alice's edits in the meantime did not make her a suspect of mallory's gap.
    expect(alice.closes).toEqual([]);
    expect(mallory.closes).toEqual([CloseCode.BadMessage]);
    expect(network.server.metrics.checkpoints).toBeGreaterThanOrEqual(1);
    const stored = await network.store.load("doc");
    expect(stored.checkpoint).not.toBeNull();
    const fromStore = new Y.Doc();
    Y.applyUpdate(fromStore, stored.checkpoint!);
    for (const update of stored.updates) Y.applyUpdate(fromStore, update);
    expect(fromStore.store.pendingStructs).toBeNull();
    expect(fromStore.getText("t").toString()).toBe(alice.doc.getText("t").toString());
    const joiner = network.client("joiner");
    joiner.connect("doc");
    await network.settle();
    expect(joiner.doc.store.pendingStructs).toBeNull();
    expect(joiner.doc.getText("t").toString()).toBe(alice.doc.getText("t").toString());
  });
});
