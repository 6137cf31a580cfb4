import { CloseCode } from "@tablecloth/protocol";
import {
  FACILITATOR_LOCK_META_KEY,
  getRecordsMap,
  recordToYMap,
} from "@tablecloth/tldraw-yjs/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { loadConfig } from "../config";
import { pathTestClient } from "../path/pathTestHarness";
import type { RunningServer } from "../TableclothServer";
import { tableclothExtensions } from "../tableclothExtensions";
import { connectSynced, waitForFinalClose } from "../test/connectProvider";
import { NO_RENDER_WARM_UP } from "../test/noRenderWarmUp";
import { makeTempDir, removeDir, startTestServer } from "../test/testServer";
import { waitForDoc } from "../test/waitFor";

let server: RunningServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = await makeTempDir();
  const { config } = loadConfig({ PORT: "0", DATA_DIR: dataDir }, []);
  server = await startTestServer({
    dataDir,
    extensions: tableclothExtensions(config, NO_RENDER_WARM_UP),
  });
});

afterAll(async () => {
  await server.close();
  await removeDir(dataDir);
});

const { api, createPathEvent } = pathTestClient(() => server.url);

const shape = (id: string, x: number) => ({
  id,
  typeName: "shape",
  type: "geo",
  x,
  y: 0,
  isLocked: false,
  props: { w: 100, h: 80 },
  meta: {},
});

function record(provider: WebsocketProvider, id: string): Y.Map<unknown> {
  const found = getRecordsMap(provider.doc).get(id);
  if (!found) throw new Error(`no ${id}`);
  return found;
}

function meta(provider: WebsocketProvider, id: string): Y.Map<unknown> {
  const found = record(provider, id).get("meta");
  if (!(found instanceof Y.Map)) throw new Error(`no meta on ${id}`);
  return found;
}

/** The facilitator locks `id` the way the app does: tldraw's `isLocked` and the flag in `meta`. */
function lock(provider: WebsocketProvider, id: string, on: boolean): void {
  provider.doc.transact(() => {
    record(provider, id).set("isLocked", on);
    if (on) meta(provider, id).set(FACILITATOR_LOCK_META_KEY, true);
    else meta(provider, id).delete(FACILITATOR_LOCK_META_KEY);
  });
}

const xOf = (provider: WebsocketProvider, id: string) => record(provider, id).get("x");

describe("facilitator locks on the server", () => {
  it("refuses a participant's raw Yjs change to a locked shape (closed 4403, nothing relayed or stored), and lets it through once unlocked", async () => {
    const event = await createPathEvent("world-cafe");
    const made = await api<{ board: { docName: string } }>(`/api/events/${event.eventId}/boards`, {
      method: "POST",
      token: event.facilitator.token,
      json: { kind: "table", title: "Table 1" },
    });
    expect(made.status).toBe(201);
    const { docName } = made.body.board;
    const pat = await event.join("Pat");
    const open: WebsocketProvider[] = [];
    const connect = async (token: string) => {
      const provider = await connectSynced(server.url, docName, { token });
      open.push(provider);
      return provider;
    };
    try {
      const fran = await connect(event.facilitator.token);
      fran.doc.transact(() => {
        getRecordsMap(fran.doc).set("shape:sign", recordToYMap(shape("shape:sign", 10)));
        getRecordsMap(fran.doc).set("shape:free", recordToYMap(shape("shape:free", 10)));
      });
      lock(fran, "shape:sign", true);
      const patBoard = await connect(pat.token);
      await waitForDoc(
        patBoard.doc,
        () => meta(patBoard, "shape:sign").get(FACILITATOR_LOCK_META_KEY) === true,
        "the lock to reach Pat",
      );

      // A free shape moves as usual.
      record(patBoard, "shape:free").set("x", 400);
      await waitForDoc(fran.doc, () => xOf(fran, "shape:free") === 400, "Pat's move to land");

      // Moving, unlocking or deleting the locked shape: closed for good, nothing lands.
      for (const attempt of [
        (p: WebsocketProvider) => record(p, "shape:sign").set("x", 999),
        (p: WebsocketProvider) => lock(p, "shape:sign", false),
        (p: WebsocketProvider) => getRecordsMap(p.doc).delete("shape:sign"),
        (p: WebsocketProvider) => meta(p, "shape:free").set(FACILITATOR_LOCK_META_KEY, true),
      ]) {
        const forcing = await connect(pat.token);
        const closed = waitForFinalClose(forcing);
        attempt(forcing);
        expect(await closed).toBe(CloseCode.Forbidden);
      }
      // The facilitator's marker arrives after whatever was relayed: nothing of Pat's did.
      record(fran, "shape:free").set("y", 77);
      await waitForDoc(
        patBoard.doc,
        () => record(patBoard, "shape:free").get("y") === 77,
        "marker",
      );
      const fresh = await connect(event.facilitator.token);
      expect(xOf(fresh, "shape:sign")).toBe(10);
      expect(meta(fresh, "shape:sign").get(FACILITATOR_LOCK_META_KEY)).toBe(true);
      expect(meta(fresh, "shape:free").get(FACILITATOR_LOCK_META_KEY)).toBeUndefined();

      // The facilitator unlocks it; Pat's connection, open all along, may now move it.
      lock(fran, "shape:sign", false);
      await waitForDoc(
        patBoard.doc,
        () => meta(patBoard, "shape:sign").get(FACILITATOR_LOCK_META_KEY) === undefined,
        "the unlock to reach Pat",
      );
      record(patBoard, "shape:sign").set("x", 250);
      await waitForDoc(fran.doc, () => xOf(fran, "shape:sign") === 250, "Pat's move after unlock");
    } finally {
      for (const provider of open) provider.destroy();
    }
  });
});
