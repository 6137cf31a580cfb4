import { openDatabase } from "@tablecloth/storage";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { openEventStore } from "../events/openEventStore";
import { CallerGate } from "./CallerGate";
import { createUploadAuthorizer } from "./createUploadAuthorizer";
import { MembershipCache } from "./MembershipCache";
import { RateLimiter } from "./RateLimiter";
import { TokenService } from "./TokenService";

describe("createUploadAuthorizer", () => {
  it("lets facilitators and participants upload, refuses observers, removed people and bad tokens", async () => {
    const db = openDatabase(":memory:");
    try {
      const store = openEventStore(db);
      const membership = new MembershipCache(store, { maxEntries: 10 });
      const tokens = new TokenService(new TextEncoder().encode("k".repeat(32)), {
        lifetimeMs: 60_000,
      });
      await store.createEvent(
        {
          id: "e1",
          title: "t",
          purpose: "",
          format: "world-cafe",
          joinCode: "ABCDEF",
          joinOpen: true,
          controlDocName: "e1.control",
          createdAt: 1,
        },
        { id: "f", eventId: "e1", name: "F", role: "facilitator", joinedAt: 1, removedAt: null },
      );
      await store.addParticipant({
        id: "p",
        eventId: "e1",
        name: "P",
        role: "participant",
        joinedAt: 2,
        removedAt: null,
      });
      await store.addParticipant({
        id: "o",
        eventId: "e1",
        name: "O",
        role: "observer",
        joinedAt: 3,
        removedAt: null,
      });
      await store.removeParticipant("p", 5);
      await store.addParticipant({
        id: "q",
        eventId: "e1",
        name: "Q",
        role: "participant",
        joinedAt: 4,
        removedAt: null,
      });

      const gate = new CallerGate({
        tokens,
        membership,
        limiter: new RateLimiter({ burst: 100, perMinute: 100 }),
      });
      const authorizeContext = createUploadAuthorizer(gate);
      const app = new Hono().post("/api/uploads", async (c) => c.json(await authorizeContext(c)));
      const authorize = async (request: Request) => (await app.request(request)).json();
      const as = async (
        participantId: string,
        role: "facilitator" | "participant" | "observer",
      ) => {
        const { token } = await tokens.issue({ eventId: "e1", participantId, role });
        return authorize(
          new Request("http://x/api/uploads", {
            method: "POST",
            headers: { Authorization: `Bearer ${token}` },
          }),
        );
      };
      expect(await as("f", "facilitator")).toEqual({ ok: true, eventId: "e1", participantId: "f" });
      expect(await as("q", "participant")).toEqual({ ok: true, eventId: "e1", participantId: "q" });
      expect(await as("o", "observer")).toEqual({ ok: false, status: 403 });
      expect(await as("p", "participant")).toEqual({ ok: false, status: 403 });
      expect(await authorize(new Request("http://x/api/uploads", { method: "POST" }))).toEqual({
        ok: false,
        status: 401,
      });
      expect(
        await authorize(
          new Request("http://x/api/uploads", {
            method: "POST",
            headers: { Authorization: "Bearer nope" },
          }),
        ),
      ).toEqual({ ok: false, status: 401 });
    } finally {
      db.close();
    }
  });
});
