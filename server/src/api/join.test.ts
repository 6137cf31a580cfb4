import { JoinResponseSchema, MeResponseSchema } from "@tablecloth/protocol";
import { afterEach, describe, expect, it } from "vitest";
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

async function errorOf(response: Response): Promise<{ code: string; field?: string }> {
  return ((await response.json()) as { error: { code: string; field?: string } }).error;
}

describe("POST /api/join", () => {
  it("admits a participant, or an observer when asked, with a token for /me", async () => {
    h = await createApiHarness();
    const ev = await createEvent(h);
    const response = await h.request("/api/join", {
      method: "POST",
      json: { code: ev.joinCode, name: " Ada " },
    });
    expect(response.status).toBe(201);
    const body = JoinResponseSchema.parse(await response.json());
    expect(body.eventId).toBe(ev.eventId);
    expect(body.participant).toMatchObject({ name: "Ada", role: "participant" });

    const me = await h.request("/api/me", { token: body.token });
    expect(me.status).toBe(200);
    expect(MeResponseSchema.parse(await me.json())).toMatchObject({
      eventId: ev.eventId,
      participant: { id: body.participant.id, role: "participant" },
    });

    const observer = await h.request("/api/join", {
      method: "POST",
      json: { code: ev.joinCode, name: "Projector", role: "observer" },
    });
    expect(JoinResponseSchema.parse(await observer.json()).participant.role).toBe("observer");
  });

  it("takes the code in any case, with spaces or dashes", async () => {
    h = await createApiHarness();
    const ev = await createEvent(h);
    const typed = `${ev.joinCode.slice(0, 3).toLowerCase()}-${ev.joinCode.slice(3)} `;
    const response = await h.request("/api/join", {
      method: "POST",
      json: { code: typed, name: "Bo" },
    });
    expect(response.status).toBe(201);
  });

  it.each([
    [{ name: "Ada" }, "code"],
    [{ code: "0OIL1U", name: "Ada" }, "code"],
    [{ code: "ABCDE", name: "Ada" }, "code"],
    [{ code: "ABCDEF" }, "name"],
    [{ code: "ABCDEF", name: "   " }, "name"],
    [{ code: "ABCDEF", name: "Ada", role: "facilitator" }, "role"],
  ])("answers 400 naming the wrong field for %j", async (json, field) => {
    h = await createApiHarness();
    const response = await h.request("/api/join", { method: "POST", json });
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ code: "invalid_request", field });
  });

  it("answers 404 for a code no event has", async () => {
    h = await createApiHarness();
    const response = await h.request("/api/join", {
      method: "POST",
      json: { code: "ZZZZZZ", name: "Ada" },
    });
    expect(response.status).toBe(404);
    expect(await errorOf(response)).toMatchObject({ code: "not_found", field: "code" });
  });
});

describe("co-facilitator invites", () => {
  it("makes a single-use code that admits a facilitator", async () => {
    h = await createApiHarness({ publicUrl: "https://cafe.example.org" });
    const ev = await createEvent(h);
    const response = await h.request(`/api/events/${ev.eventId}/cofacilitator-invite`, {
      method: "POST",
      token: ev.token,
    });
    expect(response.status).toBe(201);
    const invite = (await response.json()) as { code: string; joinUrl: string; expiresAt: number };
    expect(invite.code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{12}$/);
    expect(invite.joinUrl).toBe(`https://cafe.example.org/j/${invite.code}`);
    expect(invite.expiresAt).toBe(h.clock.now + 48 * 3_600_000);

    const joined = await h.request("/api/join", {
      method: "POST",
      json: { code: invite.code.toLowerCase(), name: "Graphic facilitator", role: "observer" },
    });
    expect(joined.status).toBe(201);
    const co = JoinResponseSchema.parse(await joined.json());
    expect(co).toMatchObject({ eventId: ev.eventId, participant: { role: "facilitator" } });
    // A facilitator indeed: may create boards.
    const board = await h.request(`/api/events/${ev.eventId}/boards`, {
      method: "POST",
      token: co.token,
      json: { kind: "path", title: "PATH" },
    });
    expect(board.status).toBe(201);

    const again = await h.request("/api/join", {
      method: "POST",
      json: { code: invite.code, name: "X" },
    });
    expect(again.status).toBe(404);
  });

  it("expires, and only facilitators of the event may make one", async () => {
    h = await createApiHarness();
    const ev = await createEvent(h);
    const participant = await join(h, ev.joinCode, "Ada");
    const refused = await h.request(`/api/events/${ev.eventId}/cofacilitator-invite`, {
      method: "POST",
      token: participant.token,
    });
    expect(refused.status).toBe(403);
    expect(
      (
        await h.request("/api/events/nope/cofacilitator-invite", {
          method: "POST",
          token: ev.token,
        })
      ).status,
    ).toBe(404);

    const response = await h.request(`/api/events/${ev.eventId}/cofacilitator-invite`, {
      method: "POST",
      token: ev.token,
    });
    const { code } = (await response.json()) as { code: string };
    h.clock.now += 48 * 3_600_000;
    const late = await h.request("/api/join", { method: "POST", json: { code, name: "Late" } });
    expect(late.status).toBe(404);
  });
});

describe("per-IP rate limits on the unauthenticated endpoints", () => {
  it("lets 300 joins from one address through, answers a flood past the limit 429 with Retry-After, and keeps everyone joined working", async () => {
    h = await createApiHarness();
    const ev = await createEvent(h);
    const tokens: string[] = [];
    for (let i = 0; i < 300; i++) {
      const response = await h.request("/api/join", {
        method: "POST",
        json: { code: ev.joinCode, name: `Person ${i}` },
        ip: "203.0.113.7",
      });
      expect(response.status).toBe(201);
      tokens.push(((await response.json()) as { token: string }).token);
    }
    h.clock.now += 30_000;
    // Past the documented default (burst 600, then 600 a minute) from the same address.
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 700; i++) {
      const response = await h.request("/api/join", {
        method: "POST",
        json: { code: ev.joinCode, name: `Flood ${i}` },
        ip: "203.0.113.7",
      });
      statuses.push(response.status);
      if (response.status === 429) {
        retryAfter = response.headers.get("Retry-After");
        expect((await errorOf(response)).code).toBe("rate_limited");
      }
    }
    expect(statuses.filter((s) => s === 201).length).toBe(600);
    expect(statuses.filter((s) => s === 429).length).toBe(100);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);

    // Another address is unaffected, and everyone already in keeps working.
    const elsewhere = await h.request("/api/join", {
      method: "POST",
      json: { code: ev.joinCode, name: "Remote" },
      ip: "198.51.100.9",
    });
    expect(elsewhere.status).toBe(201);
    for (const token of [tokens[0], tokens[299]]) {
      expect((await h.request(`/api/events/${ev.eventId}`, { token })).status).toBe(200);
    }
    // A minute later the address may join again.
    h.clock.now += 60_000;
    const later = await h.request("/api/join", {
      method: "POST",
      json: { code: ev.joinCode, name: "Later" },
      ip: "203.0.113.7",
    });
    expect(later.status).toBe(201);
  });

  it("limits event creation per address, counting X-Forwarded-For only behind a trusted proxy", async () => {
    h = await createApiHarness({ createEventRate: { burst: 2, perMinute: 2 }, trustProxy: true });
    const create = (forwardedFor: string) =>
      h.request("/api/events", {
        method: "POST",
        json: { title: "E", format: "path" },
        headers: { "X-Forwarded-For": forwardedFor },
      });
    expect((await create("spoofed, 198.51.100.1")).status).toBe(201);
    expect((await create("other, 198.51.100.1")).status).toBe(201);
    const third = await create("198.51.100.1");
    expect(third.status).toBe(429);
    expect(third.headers.get("Retry-After")).toBe("30");
    expect((await create("198.51.100.2")).status).toBe(201);
  });

  it("ignores X-Forwarded-For without a trusted proxy", async () => {
    h = await createApiHarness({ createEventRate: { burst: 1, perMinute: 1 } });
    const create = (forwardedFor: string) =>
      h.request("/api/events", {
        method: "POST",
        json: { title: "E", format: "path" },
        headers: { "X-Forwarded-For": forwardedFor },
      });
    expect((await create("198.51.100.1")).status).toBe(201);
    expect((await create("198.51.100.2")).status).toBe(429);
  });
});
