import { PATH_REGIONS, readPathPlan, regionShapeId } from "@tablecloth/path";
import type { PathListResponse, PathPlan } from "@tablecloth/protocol";
import { CloseCode } from "@tablecloth/protocol";
import { getRecordsMap, recordToYMap } from "@tablecloth/tldraw-yjs/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

const { api, createPathEvent, createPlan } = pathTestClient(() => server.url);

describe("PATH routes", () => {
  it("create a plan with its board, seeded with the locked template naming the focus", async () => {
    const { plan, facilitator, eventId } = await createPlan("Ayesha");
    expect(plan).toMatchObject({ focus: "Ayesha", title: "PATH for Ayesha", heldOn: "2026-12-02" });
    expect(plan.progress.current).toBeNull();
    const provider = await connectSynced(server.url, plan.docName, { token: facilitator.token });
    try {
      const records = getRecordsMap(provider.doc);
      const region = records.get(regionShapeId("goal"));
      expect(region?.get("x")).toBe(PATH_REGIONS.goal.x);
      expect(region?.get("isLocked")).toBe(true);
      expect(JSON.stringify(records.get("shape:path-template-title")?.toJSON())).toContain(
        "PATH for Ayesha",
      );
    } finally {
      provider.destroy();
    }
    const listed = await api<{ plans: PathPlan[] }>(`/api/events/${eventId}/path`, {
      token: facilitator.token,
    });
    expect(listed.body.plans.map((p) => p.boardId)).toEqual([plan.boardId]);
  });

  it("step the group through the eight steps in order, with revisits, into the control doc", async () => {
    const { base, facilitator, join, controlDocName } = await createPlan();
    const f = facilitator.token;
    const step = (s: string, token = f) =>
      api<{ plan: PathPlan }>(`${base}/step`, { method: "POST", token, json: { step: s } });
    expect((await step("goal")).status).toBe(409);
    expect((await step("north-star")).body.plan.progress.current).toBe("north-star");
    expect((await step("goal")).status).toBe(200);
    expect((await step("north-star")).body.plan.progress).toMatchObject({
      current: "north-star",
      furthest: "goal",
    });
    expect((await step("sideways")).status).toBe(400);
    const participant = await join("Pat");
    expect((await step("goal", participant.token)).status).toBe(403);
    for (const s of [
      "goal",
      "now",
      "enrol",
      "strength",
      "three-months",
      "next-month",
      "first-step",
    ]) {
      expect((await step(s)).status).toBe(200);
    }
    const phase = await api<{ plan: PathPlan }>(`${base}/phase`, {
      method: "POST",
      token: f,
      json: { phase: "add" },
    });
    expect(phase.body.plan.progress.phase).toBe("add");
    // Everyone reads the step from the control doc; participants cannot write it.
    const provider = await connectSynced(server.url, controlDocName, { token: participant.token });
    try {
      await waitForDoc(
        provider.doc,
        (doc) => readPathPlan(doc, phase.body.plan.boardId)?.progress.current === "first-step",
        "the participant's control doc to show the first step",
      );
      expect(readPathPlan(provider.doc, phase.body.plan.boardId)?.progress.timeline).toHaveLength(
        10,
      );
    } finally {
      provider.destroy();
    }
  });

  it("record people to enrol and actions, validated, and list them beside the notes", async () => {
    const { base, facilitator, join, plan, openNotes } = await createPlan();
    // Participants write the board only once the PATH started with notes open.
    await openNotes();
    const f = facilitator.token;
    const person = await api<{ plan: PathPlan }>(`${base}/people`, {
      method: "POST",
      token: f,
      json: { name: "Aunt Rose", brings: "a car", whoWillAsk: "Sam" },
    });
    expect(person.status).toBe(201);
    expect(
      (
        await api(`${base}/people`, {
          method: "POST",
          token: f,
          json: { name: "X", brings: "", whoWillAsk: "Y" },
        })
      ).status,
    ).toBe(400);
    const action = (json: unknown) =>
      api<{ plan: PathPlan }>(`${base}/actions`, { method: "POST", token: f, json });
    expect(
      (await action({ step: "first-step", what: "Phone Rose", owner: "Sam", due: "2026-12-03" }))
        .status,
    ).toBe(201);
    expect(
      (await action({ step: "first-step", what: "Later", owner: "Sam", due: "2027-01-30" })).status,
    ).toBe(400);
    expect((await action({ step: "goal", what: "x", owner: "y", due: "2026-12-03" })).status).toBe(
      400,
    );
    const participant = await join("Pat");
    expect(
      (await api(`${base}/people`, { method: "POST", token: participant.token, json: {} })).status,
    ).toBe(403);

    // A participant's note in the North Star region appears in the list.
    let list: { status: number; body: PathListResponse };
    const provider = await connectSynced(server.url, plan.docName, { token: participant.token });
    try {
      const ns = PATH_REGIONS["north-star"];
      provider.doc.transact(() =>
        getRecordsMap(provider.doc).set(
          "shape:n1",
          recordToYMap({
            id: "shape:n1",
            typeName: "shape",
            type: "note",
            x: ns.x + 50,
            y: ns.y + 300,
            props: {
              richText: {
                type: "doc",
                content: [{ type: "paragraph", content: [{ type: "text", text: "Be a chef" }] }],
              },
            },
          }),
        ),
      );
      list = await pollUntil(async () => {
        const res = await api<PathListResponse>(`${base}/list`, { token: participant.token });
        return res.body.sections[0]?.items.length ? res : undefined;
      }, "the note to show in the list");
    } finally {
      provider.destroy();
    }
    expect(list.status).toBe(200);
    expect(list.body.sections[0]?.items).toEqual(["Be a chef"]);
    expect(list.body.sections[3]?.items).toEqual(["Aunt Rose: brings a car; Sam will ask"]);
    expect(list.body.sections[7]?.items).toEqual(["Phone Rose (owner: Sam; due 2026-12-03)"]);
    expect(list.body.text).toContain("PATH for Sam");

    const id = person.body.plan.people[0]?.id ?? "";
    const removed = await api<{ plan: PathPlan }>(`${base}/items/${id}`, {
      method: "DELETE",
      token: f,
    });
    expect(removed.body.plan.people).toEqual([]);
    expect((await api(`${base}/items/${id}`, { method: "DELETE", token: f })).status).toBe(404);
  });

  it("name a graphic facilitator from the event's members, never an observer or a stranger", async () => {
    const { base, facilitator, join } = await createPlan();
    const f = facilitator.token;
    const drawer = await join("Gina");
    const observer = await join("Screen", "observer");
    const put = (participantId: string | null) =>
      api<{ plan: PathPlan }>(`${base}/graphic-facilitator`, {
        method: "PUT",
        token: f,
        json: { participantId },
      });
    expect((await put(drawer.id)).body.plan.graphicFacilitatorId).toBe(drawer.id);
    expect((await put(observer.id)).status).toBe(400);
    expect((await put("nobody")).status).toBe(404);
    expect((await put(null)).body.plan.graphicFacilitatorId).toBeNull();
  });

  it("refuse a World Café event and another event's token", async () => {
    const cafe = await createPathEvent("world-cafe");
    const res = await api(`/api/events/${cafe.eventId}/path/plans`, {
      method: "POST",
      token: cafe.facilitator.token,
      json: { focus: "x" },
    });
    expect(res.status).toBe(409);
    const { base } = await createPlan();
    expect(
      (
        await api(`${base}/step`, {
          method: "POST",
          token: cafe.facilitator.token,
          json: { step: "north-star" },
        })
      ).status,
    ).toBe(403);
  });
});

describe("the locked template", () => {
  it("a raw Yjs client of a participant cannot move it: dropped, never stored or relayed, and closed with 4403", async () => {
    const { plan, facilitator, join, openNotes } = await createPlan();
    // Notes open, so the ordinary note may land (the phase guard has its own tests).
    await openNotes();
    const participant = await join("Mallory");
    const watcher = await connectSynced(server.url, plan.docName, { token: facilitator.token });
    const hostile = await connectSynced(server.url, plan.docName, { token: participant.token });
    try {
      const goal = regionShapeId("goal");
      // An ordinary note goes through.
      hostile.doc.transact(() =>
        getRecordsMap(hostile.doc).set(
          "shape:ok",
          recordToYMap({ id: "shape:ok", typeName: "shape", x: 1, y: 1 }),
        ),
      );
      await waitForDoc(
        watcher.doc,
        (d) => getRecordsMap(d).has("shape:ok"),
        "the note to reach the facilitator",
      );
      // Moving the template, straight in the Yjs doc (no tldraw to stop it).
      const closed = waitForFinalClose(hostile);
      getRecordsMap(hostile.doc).get(goal)?.set("x", 0);
      expect(await closed).toBe(CloseCode.Forbidden);
      // Not stored: a fresh client sees the template where it was; not relayed: by the time the
      // fresh client synced, a relayed move would have reached the watcher.
      const fresh = await connectSynced(server.url, plan.docName, { token: facilitator.token });
      try {
        expect(getRecordsMap(watcher.doc).get(goal)?.get("x")).toBe(PATH_REGIONS.goal.x);
        expect(getRecordsMap(fresh.doc).get(goal)?.get("x")).toBe(PATH_REGIONS.goal.x);
        expect(getRecordsMap(fresh.doc).has("shape:ok")).toBe(true);
      } finally {
        fresh.destroy();
      }
      // A facilitator may move it.
      getRecordsMap(watcher.doc)
        .get(goal)
        ?.set("x", PATH_REGIONS.goal.x + 10);
      const again = await connectSynced(server.url, plan.docName, { token: participant.token });
      try {
        await waitForDoc(
          again.doc,
          (d) => getRecordsMap(d).get(goal)?.get("x") === PATH_REGIONS.goal.x + 10,
          "the facilitator's move to reach a participant",
        );
        // Deleting it is refused the same way.
        const closedAgain = waitForFinalClose(again);
        getRecordsMap(again.doc).delete(goal);
        expect(await closedAgain).toBe(CloseCode.Forbidden);
      } finally {
        again.destroy();
      }
    } finally {
      hostile.destroy();
      watcher.destroy();
    }
  });
});
