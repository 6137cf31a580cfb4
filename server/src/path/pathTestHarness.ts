import type { PathPlan } from "@tablecloth/protocol";
import { expect } from "vitest";

/** Test-only: someone who joined an event, with their token. */
export interface PathTestPerson {
  id: string;
  token: string;
}

/** An HTTP answer, its body parsed when it is JSON. */
export interface PathTestAnswer<T> {
  status: number;
  body: T;
}

/**
 * Test-only helpers for the PATH routes of a real server at `url()`: plain `fetch` calls, the
 * way any client of the API makes them.
 */
export function pathTestClient(url: () => string) {
  async function api<T>(
    path: string,
    init: { method?: string; token?: string; json?: unknown } = {},
  ): Promise<PathTestAnswer<T>> {
    const headers: Record<string, string> = {};
    if (init.token !== undefined) headers.Authorization = `Bearer ${init.token}`;
    if (init.json !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(`${url()}${path}`, {
      method: init.method ?? "GET",
      headers,
      ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
    });
    const text = await response.text();
    return { status: response.status, body: text.startsWith("{") ? JSON.parse(text) : text };
  }

  async function createPathEvent(format = "path") {
    const created = await api<{
      event: { id: string; joinCode: string };
      controlDocName: string;
      participant: { id: string };
      facilitatorToken: string;
    }>("/api/events", { method: "POST", json: { title: "Sam's PATH", format } });
    expect(created.status).toBe(201);
    const join = async (name: string, role?: string): Promise<PathTestPerson> => {
      const joined = await api<{ participant: { id: string }; token: string }>("/api/join", {
        method: "POST",
        json: { code: created.body.event.joinCode, name, ...(role ? { role } : {}) },
      });
      expect(joined.status).toBe(201);
      return { id: joined.body.participant.id, token: joined.body.token };
    };
    return {
      eventId: created.body.event.id,
      controlDocName: created.body.controlDocName,
      facilitator: { id: created.body.participant.id, token: created.body.facilitatorToken },
      join,
    };
  }

  async function createPlan(focus = "Sam") {
    const event = await createPathEvent();
    const res = await api<{ plan: PathPlan }>(`/api/events/${event.eventId}/path/plans`, {
      method: "POST",
      token: event.facilitator.token,
      json: { focus, heldOn: "2026-12-02" },
    });
    expect(res.status).toBe(201);
    const plan = res.body.plan;
    const base = `/api/events/${event.eventId}/path/plans/${plan.boardId}`;
    /** The process facilitator goes to `step` (200 expected). */
    const step = async (s: string) => {
      const answer = await api<{ plan: PathPlan }>(`${base}/step`, {
        method: "POST",
        token: event.facilitator.token,
        json: { step: s },
      });
      expect(answer.status).toBe(200);
      return answer.body.plan;
    };
    /** The process facilitator opens notes (`add`) or closes them (`watch`). */
    const phase = async (p: "add" | "watch") => {
      const answer = await api<{ plan: PathPlan }>(`${base}/phase`, {
        method: "POST",
        token: event.facilitator.token,
        json: { phase: p },
      });
      expect(answer.status).toBe(200);
      return answer.body.plan;
    };
    /** Starts the PATH at the North Star with notes open, so participants may write. */
    const openNotes = async () => {
      await step("north-star");
      return phase("add");
    };
    return { ...event, plan, base, step, phase, openNotes };
  }

  return { api, createPathEvent, createPlan };
}
