import { PATH_CONTROL_KEY, PATH_REGIONS, readPathPlan } from "@tablecloth/path";
import { CloseCode } from "@tablecloth/protocol";
import { getRecordsMap, recordToYMap } from "@tablecloth/tldraw-yjs/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { loadConfig } from "../config";
import type { RunningServer } from "../TableclothServer";
import { tableclothExtensions } from "../tableclothExtensions";
import { connectSynced, waitForFinalClose } from "../test/connectProvider";
import { NO_RENDER_WARM_UP } from "../test/noRenderWarmUp";
import { makeTempDir, removeDir, startTestServer } from "../test/testServer";
import { pollUntil, waitForDoc } from "../test/waitFor";
import { pathTestClient } from "./pathTestHarness";

let server: RunningServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = await makeTempDir();
  // No grace period: the control doc unloads as soon as nobody uses it, so the guard must hold
  // across unloads and reloads of the plan it reads.
  const env = { TABLECLOTH_UNLOAD_GRACE_MS: "0" };
  const { config } = loadConfig({ PORT: "0", DATA_DIR: dataDir, ...env }, []);
  server = await startTestServer({
    dataDir,
    env,
    extensions: tableclothExtensions(config, NO_RENDER_WARM_UP),
  });
});

afterAll(async () => {
  await server.close();
  await removeDir(dataDir);
});

const { api, createPlan } = pathTestClient(() => server.url);

/** Writes a sticky note into the North Star region, straight into the Yjs doc (no tldraw). */
function writeNote(provider: WebsocketProvider, id: string): void {
  const region = PATH_REGIONS["north-star"];
  provider.doc.transact(() =>
    getRecordsMap(provider.doc).set(
      id,
      recordToYMap({ id, typeName: "shape", type: "note", x: region.x + 40, y: region.y + 200 }),
    ),
  );
}

const has = (provider: WebsocketProvider, id: string) => getRecordsMap(provider.doc).has(id);

/** Waits until `id` reached `provider`'s doc. */
const arrives = (provider: WebsocketProvider, id: string) =>
  waitForDoc(provider.doc, (d) => getRecordsMap(d).has(id), `${id} to reach a client`);

/**
 * `writer` writes note `id` and is closed for good with 4403; the note reaches neither `peers`
 * nor the stored doc. `facilitator` then writes a marker: the room relays in order, so once the
 * marker reached every peer, a relayed refused note would have reached them first.
 */
async function refused(
  writer: WebsocketProvider,
  id: string,
  facilitator: WebsocketProvider,
  peers: WebsocketProvider[],
  docName: string,
  token: string,
): Promise<void> {
  const closed = waitForFinalClose(writer);
  writeNote(writer, id);
  expect(await closed).toBe(CloseCode.Forbidden);
  const marker = `shape:marker-after-${id.slice(6)}`;
  writeNote(facilitator, marker);
  for (const peer of peers) await arrives(peer, marker);
  for (const peer of [facilitator, ...peers]) expect(has(peer, id), `${id} relayed`).toBe(false);
  const fresh = await connectSynced(server.url, docName, { token });
  try {
    expect(has(fresh, marker)).toBe(true);
    expect(has(fresh, id), `${id} stored`).toBe(false);
  } finally {
    fresh.destroy();
  }
}

describe("the PATH phase on the server", () => {
  it("refuses a participant's raw Yjs writes before the start and while watching, lets facilitators write, and follows phase changes at once", async () => {
    const { plan, base, facilitator, join, step, phase, controlDocName } = await createPlan();
    const pat = await join("Pat");
    const quinn = await join("Quinn");
    const gina = await join("Gina");
    const open: WebsocketProvider[] = [];
    const connect = async (token: string) => {
      const provider = await connectSynced(server.url, plan.docName, { token });
      open.push(provider);
      return provider;
    };
    try {
      const fran = await connect(facilitator.token);
      // Quinn's connection stays open from before the start to the end: every phase change
      // below reaches a guard that was set up before it.
      const quinnBoard = await connect(quinn.token);
      const f = facilitator.token;

      // Before the first step nobody but facilitators writes.
      await refused(
        await connect(pat.token),
        "shape:pat-early",
        fran,
        [quinnBoard],
        plan.docName,
        f,
      );

      // The North Star, watching (the phase a PATH starts in).
      expect((await step("north-star")).progress.phase).toBe("watch");
      await refused(
        await connect(pat.token),
        "shape:pat-watch",
        fran,
        [quinnBoard],
        plan.docName,
        f,
      );
      // The process facilitator still writes, and it reaches the participants.
      writeNote(fran, "shape:fran-watch");
      await arrives(quinnBoard, "shape:fran-watch");
      // So does the graphic facilitator, a participant by role, once named.
      const named = await api(`${base}/graphic-facilitator`, {
        method: "PUT",
        token: f,
        json: { participantId: gina.id },
      });
      expect(named.status).toBe(200);
      const ginaBoard = await connect(gina.token);
      writeNote(ginaBoard, "shape:gina-watch");
      await arrives(quinnBoard, "shape:gina-watch");

      // Notes open: Quinn's connection, opened while watching, may write now.
      await phase("add");
      writeNote(quinnBoard, "shape:quinn-add");
      await arrives(fran, "shape:quinn-add");
      // And a participant refused before can come back and write.
      const patAgain = await connect(pat.token);
      writeNote(patAgain, "shape:pat-add");
      await arrives(fran, "shape:pat-add");

      // The control doc went out of memory after each route call (no grace period): the guard
      // read the plan the route wrote all the same.
      await pollUntil(
        async () => (server.syncServer.isLoaded(controlDocName) ? undefined : true),
        "the control doc to unload",
      );
      writeNote(patAgain, "shape:pat-unloaded");
      await arrives(fran, "shape:pat-unloaded");

      // Watching again: the open connections of both participants are refused at their next write.
      await phase("watch");
      await refused(quinnBoard, "shape:quinn-watch", fran, [patAgain], plan.docName, f);
      await refused(patAgain, "shape:pat-watch-again", fran, [ginaBoard], plan.docName, f);
      writeNote(ginaBoard, "shape:gina-still");
      await arrives(fran, "shape:gina-still");

      // Open again, in a later step: writes land.
      await step("goal");
      await phase("add");
      const quinnBack = await connect(quinn.token);
      writeNote(quinnBack, "shape:quinn-goal");
      await arrives(fran, "shape:quinn-goal");
    } finally {
      for (const provider of open) provider.destroy();
    }
  });

  it("cannot be opened by a participant writing the phase into the control doc", async () => {
    const { plan, facilitator, join, step, controlDocName } = await createPlan();
    await step("north-star");
    const mallory = await join("Mallory");
    const control = await connectSynced(server.url, controlDocName, { token: mallory.token });
    const fran = await connectSynced(server.url, plan.docName, { token: facilitator.token });
    try {
      // A forged plan with notes open, straight into the control doc: participants are
      // read-only there, so it is dropped (the connection stays open, as for every reader).
      const forged = control.doc.getMap<Y.Map<unknown>>(PATH_CONTROL_KEY).get(plan.boardId);
      expect(forged).toBeInstanceOf(Y.Map);
      const progress = forged?.get("progress") as Record<string, unknown>;
      forged?.set("progress", { ...progress, phase: "add" });
      forged?.set("graphicFacilitatorId", mallory.id);
      const board = await connectSynced(server.url, plan.docName, { token: mallory.token });
      try {
        await refused(board, "shape:mallory-forged", fran, [], plan.docName, facilitator.token);
      } finally {
        board.destroy();
      }
      const fresh = await connectSynced(server.url, controlDocName, { token: facilitator.token });
      try {
        const stored = readPathPlan(fresh.doc, plan.boardId);
        expect(stored?.progress.phase).toBe("watch");
        expect(stored?.graphicFacilitatorId).toBeNull();
      } finally {
        fresh.destroy();
      }
    } finally {
      control.destroy();
      fran.destroy();
    }
  });
});
