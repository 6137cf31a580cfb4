import { describe, expect, it } from "vitest";
import type * as Y from "yjs";
import type { SyncConfig } from "../SyncConfig";
import { pick, prng } from "./prng";
import { type TestClient, TestNetwork, viewOf } from "./TestNetwork";

const DOC = "board";

function randomEdit(doc: Y.Doc, random: () => number): void {
  const ops = 1 + pick(random, 3);
  doc.transact(() => {
    for (let i = 0; i < ops; i++) {
      switch (pick(random, 6)) {
        case 0:
          doc.getMap("m").set(`k${pick(random, 5)}`, pick(random, 1000));
          break;
        case 1:
          doc.getMap("m").delete(`k${pick(random, 5)}`);
          break;
        case 2: {
          const array = doc.getArray<number>("a");
          array.insert(pick(random, array.length + 1), [pick(random, 100)]);
          break;
        }
        case 3: {
          const array = doc.getArray<number>("a");
          if (array.length > 0) array.delete(pick(random, array.length), 1);
          break;
        }
        case 4: {
          const text = doc.getText("t");
          text.insert(pick(random, text.length + 1), String.fromCharCode(97 + pick(random, 26)));
          break;
        }
        default: {
          const text = doc.getText("t");
          if (text.length > 0) text.delete(pick(random, text.length), 1);
        }
      }
    }
  });
}

/**
 * Random clients edit, disconnect and reconnect (keeping their docs) while frames are delivered in
 * random interleavings and virtual time jumps (flushes, unloads, reloads). At the end every client
 * doc equals the server doc, and a fresh server on the same store loads the same doc.
 */
async function runSeed(seed: number, batchReads = false): Promise<void> {
  const random = prng(seed);
  const config: Partial<SyncConfig> = {
    unloadGraceMs: [0, 30, 5_000][pick(random, 3)]!,
    checkpointEvery: [1, 3, 500][pick(random, 3)]!,
    persistFlushMs: [0, 20, 50][pick(random, 3)]!,
  };
  const network = new TestNetwork({ config, batchReads });
  try {
    const clients: TestClient[] = [];
    const count = 2 + pick(random, 3);
    for (let i = 0; i < count; i++) {
      const presence = random() < 0.5 ? { name: `c${i}` } : null;
      const client = network.client(`user${pick(random, 2) === 0 ? i : 0}`, { presence });
      clients.push(client);
      if (random() < 0.7) client.connect(DOC);
    }
    // Sometimes an observer: read-only, never edits, must converge too.
    if (random() < 0.5) {
      const observer = network.client("observer", { readOnly: true });
      clients.push(observer);
      observer.connect(DOC);
    }
    const steps = 30 + pick(random, 20);
    for (let step = 0; step < steps; step++) {
      const client = clients[pick(random, clients.length)]!;
      const roll = random();
      if (roll < 0.35) {
        if (!client.context.readOnly) randomEdit(client.doc, random);
      } else if (roll < 0.6) {
        network.deliverRandom(random, 1 + pick(random, 8));
      } else if (roll < 0.68) {
        client.disconnect();
      } else if (roll < 0.8) {
        if (!client.connected) client.connect(DOC);
      } else if (roll < 0.9) {
        await network.run(pick(random, 80));
      } else {
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    for (const client of clients) if (!client.connected) client.connect(DOC);
    await network.run(200);

    const server = await network.serverView(DOC);
    for (const client of clients) {
      expect(client.closes, `seed ${seed}: closes of ${client.context.userId}`).toEqual([]);
      expect(viewOf(client.doc), `seed ${seed}: client ${client.doc.clientID}`).toEqual(server);
    }
    expect(network.server.metrics.closesByCode, `seed ${seed}`).toEqual({});

    await network.server.shutdown();
    network.restartServer();
    expect(await network.serverView(DOC), `seed ${seed}: reloaded from store`).toEqual(server);
  } finally {
    await network.close();
  }
}

const SEEDS = Array.from({ length: 200 }, (_, i) => i + 1);

/** Seeds that once failed, kept as named regressions. */
const REGRESSIONS: { seed: number; what: string }[] = [];

describe("seeded convergence fuzzing", () => {
  for (const { seed, what } of REGRESSIONS) {
    it(`seed ${seed}: ${what}`, () => runSeed(seed));
  }

  it(`converges for seeds 1..${SEEDS.length}`, { timeout: 120_000 }, async () => {
    for (const seed of SEEDS) await runSeed(seed);
  });

  it(`converges with frames read in batches for seeds 1..${SEEDS.length}`, {
    timeout: 120_000,
  }, async () => {
    for (const seed of SEEDS) await runSeed(seed, true);
  });
});
