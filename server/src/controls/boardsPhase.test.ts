import { CloseCode } from "@tablecloth/protocol";
import { getRecordsMap, recordToYMap } from "@tablecloth/tldraw-yjs/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
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
  // No grace period: the control doc unloads as soon as nobody uses it, so the phase must hold
  // across unloads and reloads.
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

const { api, createPathEvent } = pathTestClient(() => server.url);

function note(provider: WebsocketProvider, id: string): void {
  provider.doc.transact(() =>
    getRecordsMap(provider.doc).set(
      id,
      recordToYMap({ id, typeName: "shape", type: "note", x: 0, y: 0, props: {}, meta: {} }),
    ),
  );
}
const has = (provider: WebsocketProvider, id: string) => getRecordsMap(provider.doc).has(id);

describe("the boards phase on the server", () => {
  it("refuses participants' raw writes while the boards are view-only, at once for open sockets, and lets them write again once open", async () => {
    const event = await createPathEvent("world-cafe");
    const made = await api<{ board: { docName: string } }>(`/api/events/${event.eventId}/boards`, {
      method: "POST",
      token: event.facilitator.token,
      json: { kind: "table", title: "Harvest" },
    });
    expect(made.status).toBe(201);
    const { docName } = made.body.board;
    const pat = await event.join("Pat");
    const phase = (p: string, token = event.facilitator.token) =>
      api<{ phase: string }>(`/api/events/${event.eventId}/controls/boards`, {
        method: "PUT",
        token,
        json: { phase: p },
      });
    const open: WebsocketProvider[] = [];
    const connect = async (token: string) => {
      const provider = await connectSynced(server.url, docName, { token });
      open.push(provider);
      return provider;
    };
    try {
      const fran = await connect(event.facilitator.token);
      const patBoard = await connect(pat.token);
      note(patBoard, "shape:before");
      await waitForDoc(fran.doc, (d) => getRecordsMap(d).has("shape:before"), "Pat's note");

      // Only facilitators switch; bad input is refused.
      expect((await phase("view-only", pat.token)).status).toBe(403);
      expect((await phase("closed")).status).toBe(400);
      const viewOnly = await phase("view-only");
      expect([viewOnly.status, viewOnly.body.phase]).toEqual([200, "view-only"]);
      const read = await api<{ phase: string }>(`/api/events/${event.eventId}/controls/boards`, {
        token: pat.token,
      });
      expect(read.body.phase).toBe("view-only");

      // Pat's socket, open since before the switch, is refused at its next write.
      const closed = waitForFinalClose(patBoard);
      note(patBoard, "shape:during");
      expect(await closed).toBe(CloseCode.Forbidden);
      // The facilitator still writes; Pat's note was neither relayed nor stored.
      note(fran, "shape:facilitator");
      const fresh = await connect(event.facilitator.token);
      expect(has(fresh, "shape:facilitator")).toBe(true);
      expect(has(fresh, "shape:during")).toBe(false);
      expect(has(fran, "shape:during")).toBe(false);

      // Open again; everyone leaves so the control doc unloads, then Pat comes back and writes.
      expect((await phase("open")).body.phase).toBe("open");
      for (const provider of open.splice(0)) provider.destroy();
      await new Promise((resolve) => setTimeout(resolve, 300));
      const back = await connect(pat.token);
      note(back, "shape:after");
      const check = await connect(event.facilitator.token);
      await waitForDoc(check.doc, (d) => getRecordsMap(d).has("shape:after"), "Pat's later note");
    } finally {
      for (const provider of open) provider.destroy();
    }
  });
});
