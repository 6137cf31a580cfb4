import {
  CloseCode,
  ParticipantListResponseSchema,
  ParticipantResponseSchema,
} from "@tablecloth/protocol";
import type { ConnectionContext, SyncSocket } from "@tablecloth/sync";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type ApiHarness,
  createApiHarness,
  createEvent,
  join,
  logHasNoToken,
} from "./apiTestHarness";

let h: ApiHarness;
let ev: Awaited<ReturnType<typeof createEvent>>;
let ada: { token: string; participantId: string };
let bo: { token: string; participantId: string };

beforeEach(async () => {
  h = await createApiHarness();
  ev = await createEvent(h, { title: "Café", format: "world-cafe", facilitatorName: "Fran" });
  ada = await join(h, ev.joinCode, "Ada");
  bo = await join(h, ev.joinCode, "Bo", "observer");
});
afterEach(async () => {
  expect(logHasNoToken(h)).toBe(true);
  await h.close();
});

const path = (pid: string) => `/api/events/${ev.eventId}/participants/${pid}`;

describe("GET /api/events/:eventId/participants", () => {
  it("lists everyone in joining order for any member", async () => {
    for (const token of [ev.token, ada.token, bo.token]) {
      const response = await h.request(`/api/events/${ev.eventId}/participants`, { token });
      expect(response.status).toBe(200);
      const { participants } = ParticipantListResponseSchema.parse(await response.json());
      expect(participants.map((p) => [p.name, p.role])).toEqual([
        ["Fran", "facilitator"],
        ["Ada", "participant"],
        ["Bo", "observer"],
      ]);
    }
    const other = await createEvent(h);
    expect(
      (await h.request(`/api/events/${ev.eventId}/participants`, { token: other.token })).status,
    ).toBe(403);
    expect((await h.request("/api/events/nope/participants", { token: ev.token })).status).toBe(
      404,
    );
    expect((await h.request(`/api/events/${ev.eventId}/participants`)).status).toBe(401);
  });
});

describe("PATCH /api/events/:eventId/participants/:participantId", () => {
  it("lets a facilitator rename anyone and a participant rename only themselves", async () => {
    const byFacilitator = await h.request(path(ada.participantId), {
      method: "PATCH",
      token: ev.token,
      json: { name: "Ada L." },
    });
    expect(byFacilitator.status).toBe(200);
    expect(ParticipantResponseSchema.parse(await byFacilitator.json()).participant.name).toBe(
      "Ada L.",
    );

    const self = await h.request(path(bo.participantId), {
      method: "PATCH",
      token: bo.token,
      json: { name: "Projector 1" },
    });
    expect(self.status).toBe(200);

    const other = await h.request(path(bo.participantId), {
      method: "PATCH",
      token: ada.token,
      json: { name: "Hacked" },
    });
    expect(other.status).toBe(403);
    const me = await h.request("/api/me", { token: bo.token });
    expect(((await me.json()) as { participant: { name: string } }).participant.name).toBe(
      "Projector 1",
    );
  });

  it("answers 400 naming the field, 404 for someone not in the event", async () => {
    const bad = await h.request(path(ada.participantId), {
      method: "PATCH",
      token: ev.token,
      json: { name: "" },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe("name");
    const other = await createEvent(h);
    const foreign = await h.request(path(other.participantId), {
      method: "PATCH",
      token: ev.token,
      json: { name: "X" },
    });
    expect(foreign.status).toBe(404);
    expect(
      (await h.request(path("nobody"), { method: "PATCH", token: ev.token, json: { name: "X" } }))
        .status,
    ).toBe(404);
  });
});

/** A socket of the room engine that records how it was closed. */
class RecordingSocket implements SyncSocket {
  bufferedAmount = 0;
  closedWith: number | null = null;
  send(): void {}
  close(code: number): void {
    this.closedWith = code;
  }
}

describe("DELETE /api/events/:eventId/participants/:participantId", () => {
  it("revokes the token at once and closes the person's open connections with 4403", async () => {
    const adaContext: ConnectionContext = {
      userId: ada.participantId,
      role: "participant",
      readOnly: false,
    };
    const adaSocket = new RecordingSocket();
    const boSocket = new RecordingSocket();
    h.syncServer.connect(ev.controlDocName, adaSocket, adaContext);
    h.syncServer.connect(ev.controlDocName, boSocket, {
      userId: bo.participantId,
      role: "observer",
      readOnly: true,
    });

    const response = await h.request(path(ada.participantId), {
      method: "DELETE",
      token: ev.token,
    });
    expect(response.status).toBe(200);
    expect(ParticipantResponseSchema.parse(await response.json()).participant.id).toBe(
      ada.participantId,
    );
    expect(adaSocket.closedWith).toBe(CloseCode.Forbidden);
    expect(boSocket.closedWith).toBeNull();

    expect((await h.request("/api/me", { token: ada.token })).status).toBe(403);
    expect((await h.request(`/api/events/${ev.eventId}`, { token: ada.token })).status).toBe(403);
    const list = await h.request(`/api/events/${ev.eventId}/participants`, { token: ev.token });
    const { participants } = ParticipantListResponseSchema.parse(await list.json());
    expect(participants.map((p) => p.name)).toEqual(["Fran", "Bo"]);
    expect((await h.eventStore.getParticipant(ada.participantId))?.removedAt).toBe(h.clock.now);
  });

  it("is for facilitators only, not for themselves, and 404 for unknown people", async () => {
    expect(
      (await h.request(path(bo.participantId), { method: "DELETE", token: ada.token })).status,
    ).toBe(403);
    expect(
      (await h.request(path(bo.participantId), { method: "DELETE", token: bo.token })).status,
    ).toBe(403);
    expect(
      (await h.request(path(ev.participantId), { method: "DELETE", token: ev.token })).status,
    ).toBe(409);
    expect((await h.request(path("nobody"), { method: "DELETE", token: ev.token })).status).toBe(
      404,
    );
    expect((await h.request(path(bo.participantId), { method: "DELETE" })).status).toBe(401);
  });
});

describe("GET /api/me", () => {
  it("answers 401 without a token and with a tampered one", async () => {
    expect((await h.request("/api/me")).status).toBe(401);
    const [header, payload] = ada.token.split(".");
    const forged = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload ?? "", "base64url").toString()),
        role: "facilitator",
      }),
    ).toString("base64url");
    const tampered = `${header}.${forged}.${ada.token.split(".")[2]}`;
    expect((await h.request("/api/me", { token: tampered })).status).toBe(401);
  });
});
