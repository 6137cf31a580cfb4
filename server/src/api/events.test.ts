import {
  ControlDocKeys,
  CreateBoardResponseSchema,
  CreateEventResponseSchema,
  EventDetailsResponseSchema,
} from "@tablecloth/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type * as Y from "yjs";
import {
  type ApiHarness,
  createApiHarness,
  createEvent,
  join,
  logHasNoToken,
} from "./apiTestHarness";

let h: ApiHarness;
afterEach(async () => {
  expect(logHasNoToken(h)).toBe(true);
  await h.close();
});

async function errorOf(
  response: Response,
): Promise<{ code: string; message: string; field?: string }> {
  const body = (await response.json()) as {
    error: { code: string; message: string; field?: string };
  };
  return body.error;
}

describe("POST /api/events", () => {
  beforeEach(async () => {
    h = await createApiHarness();
  });

  it("creates an event with a join code, a facilitator token and a control doc", async () => {
    const response = await h.request("/api/events", {
      method: "POST",
      json: { title: "  Our street  ", format: "open-space", purpose: "Plan the summer" },
    });
    expect(response.status).toBe(201);
    const body = CreateEventResponseSchema.parse(await response.json());
    expect(body.event).toMatchObject({
      title: "Our street",
      format: "open-space",
      purpose: "Plan the summer",
    });
    expect(body.event.joinCode).toMatch(/^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{6}$/);
    expect(body.event.joinPath).toBe(`/j/${body.event.joinCode}`);
    expect(body.controlDocName).toBe(body.event.controlDocName);
    expect(body.controlDocName).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(body.participant.role).toBe("facilitator");
    expect(body.expiresAt).toBe(h.clock.now + 7 * 24 * 3_600_000);

    const doc = await h.readDoc(body.controlDocName);
    expect(doc.getMap(ControlDocKeys.event).toJSON()).toEqual({
      id: body.event.id,
      title: "Our street",
      purpose: "Plan the summer",
      format: "open-space",
    });
    await h.syncServer.flush();
    const history = await h.docStore.history(body.controlDocName);
    expect(history.map((e) => e.author)).toEqual([body.participant.id]);
  });

  it.each([
    [{ format: "world-cafe" }, "title"],
    [{ title: "", format: "world-cafe" }, "title"],
    [{ title: "x".repeat(201), format: "world-cafe" }, "title"],
    [{ title: "Café", format: "unconference" }, "format"],
    [{ title: "Café", format: "path", purpose: 7 }, "purpose"],
    [[], "body"],
  ])("answers 400 naming the wrong field for %j", async (json, field) => {
    const response = await h.request("/api/events", { method: "POST", json });
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ code: "invalid_request", field });
  });

  it("answers 400 for a body that is not JSON, and 413 for one too large", async () => {
    const notJson = await h.request("/api/events", {
      method: "POST",
      body: "title=x",
      headers: { "Content-Type": "application/json" },
    });
    expect(notJson.status).toBe(400);
    expect(await errorOf(notJson)).toMatchObject({ code: "invalid_request", field: "body" });

    const huge = await h.request("/api/events", {
      method: "POST",
      json: { title: "x", format: "path", purpose: "p".repeat(70_000) },
    });
    expect(huge.status).toBe(413);
    expect((await errorOf(huge)).code).toBe("too_large");
  });

  it("needs no admin token when none is configured", async () => {
    const response = await h.request("/api/events", {
      method: "POST",
      json: { title: "Open", format: "path" },
    });
    expect(response.status).toBe(201);
  });
});

describe("POST /api/events with TABLECLOTH_ADMIN_TOKEN set", () => {
  beforeEach(async () => {
    h = await createApiHarness({ adminToken: "operator-secret" });
  });

  it("answers 401 without it, 403 with a wrong one, 201 with it", async () => {
    const json = { title: "Locked", format: "world-cafe" };
    const none = await h.request("/api/events", { method: "POST", json });
    expect(none.status).toBe(401);
    expect((await errorOf(none)).code).toBe("unauthenticated");

    const wrong = await h.request("/api/events", { method: "POST", json, token: "guess" });
    expect(wrong.status).toBe(403);
    expect((await errorOf(wrong)).code).toBe("forbidden");

    const right = await h.request("/api/events", {
      method: "POST",
      json,
      token: "operator-secret",
    });
    expect(right.status).toBe(201);
  });

  it("still lets people join without it", async () => {
    const response = await h.request("/api/events", {
      method: "POST",
      json: { title: "Locked", format: "world-cafe" },
      token: "operator-secret",
    });
    const { event } = CreateEventResponseSchema.parse(await response.json());
    h.issuedTokens.push((await join(h, event.joinCode, "Ada")).token);
  });
});

describe("GET /api/events/:eventId", () => {
  beforeEach(async () => {
    h = await createApiHarness();
  });

  it("returns the event, its control doc and its boards to any role of the event", async () => {
    const ev = await createEvent(h);
    const participant = await join(h, ev.joinCode, "Ada");
    const observer = await join(h, ev.joinCode, "Projector", "observer");
    await h.request(`/api/events/${ev.eventId}/boards`, {
      method: "POST",
      token: ev.token,
      json: { kind: "table", title: "Table 1", question: "What helps?" },
    });
    for (const token of [ev.token, participant.token, observer.token]) {
      const response = await h.request(`/api/events/${ev.eventId}`, { token });
      expect(response.status).toBe(200);
      const body = EventDetailsResponseSchema.parse(await response.json());
      expect(body.controlDocName).toBe(ev.controlDocName);
      expect(body.boards.map((b) => [b.kind, b.title, b.question])).toEqual([
        ["table", "Table 1", "What helps?"],
      ]);
    }
  });

  it("answers 401 without a valid token, 403 for another event's, 404 for an unknown event", async () => {
    const ev = await createEvent(h);
    const other = await createEvent(h, { title: "Other", format: "path" });
    expect((await h.request(`/api/events/${ev.eventId}`)).status).toBe(401);
    expect((await h.request(`/api/events/${ev.eventId}`, { token: "not-a-token" })).status).toBe(
      401,
    );
    const tampered = `${ev.token.slice(0, -4)}AAAA`;
    expect((await h.request(`/api/events/${ev.eventId}`, { token: tampered })).status).toBe(401);
    const foreign = await h.request(`/api/events/${ev.eventId}`, { token: other.token });
    expect(foreign.status).toBe(403);
    expect((await errorOf(foreign)).code).toBe("forbidden");
    const unknown = await h.request("/api/events/nope", { token: ev.token });
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).code).toBe("not_found");
  });

  it("answers 401 once the token expired", async () => {
    const ev = await createEvent(h);
    h.clock.now += 7 * 24 * 3_600_000;
    const response = await h.request(`/api/events/${ev.eventId}`, { token: ev.token });
    expect(response.status).toBe(401);
  });
});

describe("POST /api/events/:eventId/boards", () => {
  beforeEach(async () => {
    h = await createApiHarness();
  });

  it("creates boards of every kind and lists them in the control doc", async () => {
    const ev = await createEvent(h);
    const docNames: string[] = [];
    for (const kind of ["table", "session", "path", "plenary", "harvest"]) {
      const response = await h.request(`/api/events/${ev.eventId}/boards`, {
        method: "POST",
        token: ev.token,
        json: { kind, title: `A ${kind}` },
      });
      expect(response.status).toBe(201);
      const { board } = CreateBoardResponseSchema.parse(await response.json());
      expect(board).toMatchObject({
        kind,
        title: `A ${kind}`,
        question: null,
        eventId: ev.eventId,
      });
      expect(board.docName).toMatch(/^[A-Za-z0-9._-]+$/);
      docNames.push(board.docName);
    }
    expect(new Set(docNames).size).toBe(5);
    const doc = await h.readDoc(ev.controlDocName);
    const boards = doc.getMap<Y.Map<unknown>>(ControlDocKeys.boards);
    expect([...boards.values()].map((b) => b.get("docName")).sort()).toEqual([...docNames].sort());
  });

  it("refuses participants and observers (403), bad bodies (400), unknown events (404)", async () => {
    const ev = await createEvent(h);
    const participant = await join(h, ev.joinCode, "Ada");
    const observer = await join(h, ev.joinCode, "Screen", "observer");
    const json = { kind: "table", title: "T" };
    for (const token of [participant.token, observer.token]) {
      const response = await h.request(`/api/events/${ev.eventId}/boards`, {
        method: "POST",
        token,
        json,
      });
      expect(response.status).toBe(403);
    }
    const bad = await h.request(`/api/events/${ev.eventId}/boards`, {
      method: "POST",
      token: ev.token,
      json: { kind: "wall", title: "T" },
    });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).field).toBe("kind");
    const unknown = await h.request("/api/events/nope/boards", {
      method: "POST",
      token: ev.token,
      json,
    });
    expect(unknown.status).toBe(404);
    expect(
      (await h.request(`/api/events/${ev.eventId}/boards`, { method: "POST", json })).status,
    ).toBe(401);
  });
});

describe("PATCH /api/events/:eventId and /api/events/:eventId/boards/:boardId", () => {
  beforeEach(async () => {
    h = await createApiHarness();
  });

  it("lets a facilitator change the event and a board, mirrored in the control doc", async () => {
    const ev = await createEvent(h);
    const event = await h.request(`/api/events/${ev.eventId}`, {
      method: "PATCH",
      token: ev.token,
      json: { title: "Renamed café", purpose: "Why" },
    });
    expect(event.status).toBe(200);
    expect(((await event.json()) as { event: { title: string } }).event.title).toBe("Renamed café");

    const created = await h.request(`/api/events/${ev.eventId}/boards`, {
      method: "POST",
      token: ev.token,
      json: { kind: "table", title: "Table 1", question: "Old?" },
    });
    const { board } = CreateBoardResponseSchema.parse(await created.json());
    const updated = await h.request(`/api/events/${ev.eventId}/boards/${board.id}`, {
      method: "PATCH",
      token: ev.token,
      json: { question: "New?" },
    });
    expect(updated.status).toBe(200);
    expect(
      ((await updated.json()) as { board: { title: string; question: string } }).board,
    ).toMatchObject({
      title: "Table 1",
      question: "New?",
    });

    const doc = await h.readDoc(ev.controlDocName);
    expect(doc.getMap(ControlDocKeys.event).get("title")).toBe("Renamed café");
    const entry = doc.getMap<Y.Map<unknown>>(ControlDocKeys.boards).get(board.id);
    expect(entry?.get("question")).toBe("New?");
    const details = EventDetailsResponseSchema.parse(
      await (await h.request(`/api/events/${ev.eventId}`, { token: ev.token })).json(),
    );
    expect(details.event.title).toBe("Renamed café");
    expect(details.boards[0]?.question).toBe("New?");
  });

  it("answers 400 for an empty change, 403 for non-facilitators, 404 for unknown boards", async () => {
    const ev = await createEvent(h);
    const other = await createEvent(h, { title: "Other", format: "path" });
    const participant = await join(h, ev.joinCode, "Ada");
    const empty = await h.request(`/api/events/${ev.eventId}`, {
      method: "PATCH",
      token: ev.token,
      json: {},
    });
    expect(empty.status).toBe(400);
    expect((await errorOf(empty)).field).toBe("body");
    const badTitle = await h.request(`/api/events/${ev.eventId}`, {
      method: "PATCH",
      token: ev.token,
      json: { title: "" },
    });
    expect((await errorOf(badTitle)).field).toBe("title");
    expect(
      (
        await h.request(`/api/events/${ev.eventId}`, {
          method: "PATCH",
          token: participant.token,
          json: { title: "x" },
        })
      ).status,
    ).toBe(403);
    const foreignBoard = await h.request(`/api/events/${other.eventId}/boards`, {
      method: "POST",
      token: other.token,
      json: { kind: "path", title: "PATH" },
    });
    const { board } = CreateBoardResponseSchema.parse(await foreignBoard.json());
    const crossEvent = await h.request(`/api/events/${ev.eventId}/boards/${board.id}`, {
      method: "PATCH",
      token: ev.token,
      json: { title: "Mine now" },
    });
    expect(crossEvent.status).toBe(404);
    expect(
      (
        await h.request(`/api/events/${ev.eventId}/boards/nope`, {
          method: "PATCH",
          token: ev.token,
          json: { title: "x" },
        })
      ).status,
    ).toBe(404);
  });
});

describe("GET /api/events/:eventId/qr.svg and /api/openapi.json", () => {
  beforeEach(async () => {
    h = await createApiHarness({ publicUrl: "https://cafe.example.org" });
  });

  it("draws the join link as an SVG QR code for members only", async () => {
    const ev = await createEvent(h);
    const response = await h.request(`/api/events/${ev.eventId}/qr.svg`, { token: ev.token });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("image/svg+xml");
    expect(await response.text()).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect((await h.request(`/api/events/${ev.eventId}/qr.svg`)).status).toBe(401);
    expect((await h.request("/api/events/nope/qr.svg", { token: ev.token })).status).toBe(404);
    const other = await createEvent(h, { title: "Other", format: "path" });
    expect(
      (await h.request(`/api/events/${ev.eventId}/qr.svg`, { token: other.token })).status,
    ).toBe(403);
  });

  it("serves an OpenAPI 3.1 document describing every endpoint", async () => {
    const response = await h.request("/api/openapi.json");
    expect(response.status).toBe(200);
    const doc = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        "/events",
        "/join",
        "/me",
        "/events/{eventId}",
        "/events/{eventId}/boards",
        "/events/{eventId}/boards/{boardId}",
        "/events/{eventId}/participants",
        "/events/{eventId}/participants/{participantId}",
        "/events/{eventId}/cofacilitator-invite",
        "/events/{eventId}/qr.svg",
        "/openapi.json",
      ].sort(),
    );
    expect(Object.keys(doc.components.schemas.CreateEventBody?.properties ?? {})).toContain(
      "format",
    );
    expect(Object.keys(doc.components.schemas.JoinBody?.properties ?? {})).toEqual(
      expect.arrayContaining(["code", "name", "role"]),
    );
  });
});
