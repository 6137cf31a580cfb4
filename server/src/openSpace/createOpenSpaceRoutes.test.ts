import { checkInvariants, readOpenSpace } from "@tablecloth/open-space";
import type { OpenSpaceCellTakenResponse, OpenSpaceStateResponse } from "@tablecloth/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { apiDefaults } from "../api/apiConfig";
import { type ApiHarness, createApiHarness, createEvent, join } from "../api/apiTestHarness";
import { createLogger } from "../logger";
import { createOpenSpaceRoutes } from "./createOpenSpaceRoutes";

let h: ApiHarness;
let event: Awaited<ReturnType<typeof createEvent>>;

beforeEach(async () => {
  h = await createApiHarness();
  h.app.route(
    "/api",
    createOpenSpaceRoutes({
      events: h.events,
      eventStore: h.eventStore,
      tokens: h.tokens,
      membership: h.membership,
      sync: h.syncServer,
      logger: createLogger({ level: "debug", write: (line) => h.logLines.push(line) }),
      config: apiDefaults,
      now: () => h.clock.now,
    }),
  );
  event = await createEvent(h, { title: "Ageing well", format: "open-space" });
});

afterEach(async () => {
  await h.close();
});

const base = () => `/api/events/${event.eventId}/open-space`;

async function call<T>(path: string, token: string, method = "GET", json?: unknown) {
  const response = await h.request(`${base()}${path}`, {
    method,
    token,
    ...(json === undefined ? {} : { json }),
  });
  const text = await response.text();
  return { status: response.status, body: (text.length > 0 ? JSON.parse(text) : null) as T };
}

async function grid(spaces: number, slots: number) {
  const { status, body } = await call<OpenSpaceStateResponse>("/grid", event.token, "PUT", {
    spaces: Array.from({ length: spaces }, (_, i) => ({ name: `Room ${i + 1}` })),
    slots: Array.from({ length: slots }, (_, i) => ({ label: `${10 + i}:00` })),
  });
  expect(status).toBe(200);
  return body;
}

describe("the Open Space API", () => {
  it("sets a grid, keeps ids on a second call, and refuses to drop an occupied slot", async () => {
    const first = await grid(3, 2);
    expect(first.spaces.map((s) => s.name)).toEqual(["Room 1", "Room 2", "Room 3"]);
    const ann = await join(h, event.joinCode, "Ann");
    const [space, slot] = [first.spaces[0], first.slots[1]];
    const posted = await call("/sessions", ann.token, "POST", {
      title: "Buses",
      spaceId: space?.id,
      slotId: slot?.id,
    });
    expect(posted.status).toBe(201);
    const renamed = await call<OpenSpaceStateResponse>("/grid", event.token, "PUT", {
      spaces: [{ id: space?.id, name: "Hall" }, ...first.spaces.slice(1)],
      slots: first.slots,
    });
    expect(renamed.body.spaces[0]).toEqual({ id: space?.id, name: "Hall" });
    const dropped = await call<{ error: { code: string } }>("/grid", event.token, "PUT", {
      spaces: first.spaces,
      slots: first.slots.slice(0, 1),
    });
    expect([dropped.status, dropped.body.error.code]).toEqual([409, "conflict"]);
    expect((await call("/grid", ann.token, "PUT", { spaces: [], slots: [] })).status).toBe(403);
  });

  it("posts a session with its own board; the poster convenes it; observers may not post", async () => {
    const g = await grid(2, 2);
    const ann = await join(h, event.joinCode, "Ann");
    const cell = { spaceId: g.spaces[0]?.id, slotId: g.slots[0]?.id };
    const posted = await call<{ session: Record<string, unknown> }>(
      "/sessions",
      ann.token,
      "POST",
      {
        title: "Loneliness",
        description: "What helps",
        ...cell,
      },
    );
    expect(posted.status).toBe(201);
    expect(posted.body.session).toMatchObject({
      title: "Loneliness",
      convenerId: ann.participantId,
      convenerName: "Ann",
      ...cell,
    });
    const details = await h.request(`/api/events/${event.eventId}`, { token: ann.token });
    const boards = (
      (await details.json()) as { boards: { id: string; kind: string; docName: string }[] }
    ).boards;
    expect(boards).toContainEqual(
      expect.objectContaining({
        id: posted.body.session.boardId,
        kind: "session",
        docName: posted.body.session.docName,
      }),
    );
    const watcher = await join(h, event.joinCode, "Projector", "observer");
    const refused = await call("/sessions", watcher.token, "POST", {
      title: "x",
      spaceId: cell.spaceId,
      slotId: g.slots[1]?.id,
    });
    expect(refused.status).toBe(403);
    const wall = await call<OpenSpaceStateResponse>("", watcher.token);
    expect(wall.body.sessions.map((s) => s.title)).toEqual(["Loneliness"]);
  });

  it("gives a cell to exactly one of many simultaneous posts; the rest get cell_taken with free cells", async () => {
    const g = await grid(3, 2);
    const people = await Promise.all(
      Array.from({ length: 20 }, (_, i) => join(h, event.joinCode, `P${i}`)),
    );
    const cell = { spaceId: g.spaces[1]?.id, slotId: g.slots[0]?.id };
    const answers = await Promise.all(
      people.map((p, i) =>
        call<OpenSpaceCellTakenResponse>("/sessions", p.token, "POST", {
          title: `Topic ${i}`,
          ...cell,
        }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused).toHaveLength(19);
    for (const r of refused) {
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe("cell_taken");
      expect(r.body.error.freeCells[0]).toEqual({
        spaceId: g.spaces[2]?.id,
        slotId: g.slots[0]?.id,
      });
    }
    const doc = await h.readDoc(event.controlDocName);
    const { state } = readOpenSpace(doc);
    expect(Object.keys(state.sessions)).toHaveLength(1);
    expect(checkInvariants(state)).toEqual([]);
  });

  it("brings the board in the post's own change, and takes both back when the board cannot be stored", async () => {
    const g = await grid(1, 1);
    const [ann, bob] = await Promise.all(["Ann", "Bob"].map((n) => join(h, event.joinCode, n)));
    if (!ann || !bob) throw new Error("join failed");
    const cell = { spaceId: g.spaces[0]?.id, slotId: g.slots[0]?.id };
    // A real SQL failure: the store refuses every new session board.
    h.db.exec(`CREATE TRIGGER no_session_boards BEFORE INSERT ON boards WHEN NEW.kind = 'session'
      BEGIN SELECT RAISE(ABORT, 'no room for boards'); END`);
    const changes = async () => {
      await h.syncServer.flush();
      return (await h.docStore.history(event.controlDocName)).length;
    };
    const changesBefore = await changes();
    const failed = await call("/sessions", ann.token, "POST", { title: "Buses", ...cell });
    expect(failed.status).toBe(500);
    let doc = await h.readDoc(event.controlDocName);
    expect(readOpenSpace(doc).state.sessions).toEqual({});
    const sessionBoards = (d: typeof doc) =>
      [...d.getMap<{ get(key: string): unknown }>("boards").values()].filter(
        (b) => b.get("kind") === "session",
      );
    expect(sessionBoards(doc)).toEqual([]);
    // The post and its board in one change, the take-back in another.
    expect(await changes()).toBe(changesBefore + 2);

    h.db.exec("DROP TRIGGER no_session_boards");
    const posted = await call<{ session: { boardId: string; docName: string } }>(
      "/sessions",
      bob.token,
      "POST",
      { title: "Trains", ...cell },
    );
    expect(posted.status).toBe(201);
    doc = await h.readDoc(event.controlDocName);
    expect(sessionBoards(doc).map((b) => [b.get("id"), b.get("docName")])).toEqual([
      [posted.body.session.boardId, posted.body.session.docName],
    ]);
    expect(await changes()).toBe(changesBefore + 3);
    // Refusals change nothing and keep the rule's order: a bad title first, then the taken cell.
    const blank = await call("/sessions", ann.token, "POST", { title: " ", ...cell });
    expect(blank.status).toBe(400);
    const taken = await call<OpenSpaceCellTakenResponse>("/sessions", ann.token, "POST", {
      title: "Buses",
      ...cell,
    });
    expect([taken.status, taken.body.error.code, taken.body.error.freeCells]).toEqual([
      409,
      "cell_taken",
      [],
    ]);
    expect(await changes()).toBe(changesBefore + 3);
  });

  it("closes a full session, merges keeping every sign-up, and files reports into the proceedings", async () => {
    const g = await grid(2, 1);
    const [ann, bob, cat] = await Promise.all(
      ["Ann", "Bob", "Cat"].map((n) => join(h, event.joinCode, n)),
    );
    if (!ann || !bob || !cat) throw new Error("join failed");
    const a = await call<{ session: { id: string } }>("/sessions", ann.token, "POST", {
      title: "Buses",
      spaceId: g.spaces[0]?.id,
      slotId: g.slots[0]?.id,
      capacity: 1,
    });
    const b = await call<{ session: { id: string } }>("/sessions", bob.token, "POST", {
      title: "Transport",
      spaceId: g.spaces[1]?.id,
      slotId: g.slots[0]?.id,
    });
    const [aId, bId] = [a.body.session.id, b.body.session.id];
    expect((await call(`/sessions/${aId}/signup`, cat.token, "PUT")).status).toBe(200);
    const full = await call<{ error: { code: string } }>(
      `/sessions/${aId}/signup`,
      bob.token,
      "PUT",
    );
    expect([full.status, full.body.error.code]).toEqual([409, "conflict"]);
    expect((await call(`/sessions/${bId}/signup`, ann.token, "PUT")).status).toBe(200);
    // Nobody but its convener or a facilitator edits a session; nobody but a facilitator merges.
    expect((await call(`/sessions/${aId}`, bob.token, "PATCH", { title: "Mine" })).status).toBe(
      403,
    );
    expect((await call(`/sessions/${aId}/merge`, ann.token, "POST", { from: bId })).status).toBe(
      403,
    );
    const merged = await call<{ session: { conveners: { name: string }[]; signUps: number } }>(
      `/sessions/${aId}/merge`,
      event.token,
      "POST",
      { from: bId },
    );
    expect(merged.body.session.conveners.map((c) => c.name)).toEqual(["Ann", "Bob"]);
    expect(merged.body.session.signUps).toBe(2);
    expect(
      (await call(`/sessions/${aId}/report`, cat.token, "PUT", { summary: "Notes by Cat" })).status,
    ).toBe(200);
    const html = await h.request(`${base()}/proceedings?format=html`, { token: bob.token });
    const text = await html.text();
    expect(html.headers.get("Content-Type")).toContain("text/html");
    expect(text).toContain("Notes by Cat");
    expect(text).toContain("Merged with: Transport");
  });

  it("moves people by their own choice and refuses bad input", async () => {
    const g = await grid(1, 1);
    const ann = await join(h, event.joinCode, "Ann");
    const s = await call<{ session: { id: string } }>("/sessions", ann.token, "POST", {
      title: "Buses",
      spaceId: g.spaces[0]?.id,
      slotId: g.slots[0]?.id,
    });
    expect((await call("/where", ann.token, "PUT", { sessionId: s.body.session.id })).status).toBe(
      200,
    );
    expect((await call<OpenSpaceStateResponse>("", ann.token)).body.myWhereabouts).toBe(
      s.body.session.id,
    );
    expect((await call("/where", ann.token, "PUT", { sessionId: "nope" })).status).toBe(404);
    // Between groups (a butterfly), then back: the doc keeps where they have been.
    expect((await call("/where", ann.token, "PUT", { sessionId: null })).status).toBe(200);
    expect((await call<OpenSpaceStateResponse>("", ann.token)).body.myWhereabouts).toBeNull();
    expect((await call("/where", ann.token, "PUT", { sessionId: s.body.session.id })).status).toBe(
      200,
    );
    const moved = await call<OpenSpaceStateResponse>("", ann.token);
    expect(moved.body.myWhereabouts).toBe(s.body.session.id);
    expect(
      (await call("/sessions", ann.token, "POST", { title: "", spaceId: "a", slotId: "b" })).status,
    ).toBe(400);
    expect(
      (await call("/sessions", ann.token, "POST", { title: "x", spaceId: "nope", slotId: "b" }))
        .status,
    ).toBe(400);
    expect((await call("", "not-a-token")).status).toBe(401);
    const cafe = await createEvent(h, { title: "Café", format: "world-cafe" });
    const wrong = await h.request(`/api/events/${cafe.eventId}/open-space`, { token: cafe.token });
    expect(wrong.status).toBe(409);
    const other = await h.request(`/api/events/${cafe.eventId}/open-space`, { token: ann.token });
    expect(other.status).toBe(403);
  });
});
