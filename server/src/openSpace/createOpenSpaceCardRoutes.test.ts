import { openSpaceSessionJoinPath } from "@tablecloth/protocol";
import QRCode from "qrcode";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { apiDefaults } from "../api/apiConfig";
import { type ApiHarness, createApiHarness, createEvent, join } from "../api/apiTestHarness";
import { createLogger } from "../logger";
import { createOpenSpaceCardRoutes } from "./createOpenSpaceCardRoutes";
import { createOpenSpaceRoutes } from "./createOpenSpaceRoutes";

const PUBLIC_URL = "https://tables.example.org";

let h: ApiHarness;
let event: Awaited<ReturnType<typeof createEvent>>;

beforeEach(async () => {
  h = await createApiHarness();
  const deps = {
    events: h.events,
    eventStore: h.eventStore,
    tokens: h.tokens,
    membership: h.membership,
    sync: h.syncServer,
    logger: createLogger({ level: "debug", write: (line) => h.logLines.push(line) }),
    config: { ...apiDefaults, publicUrl: PUBLIC_URL },
  };
  h.app.route("/api", createOpenSpaceRoutes(deps));
  h.app.route("/api", createOpenSpaceCardRoutes(deps));
  event = await createEvent(h, { title: "Ageing well", format: "open-space" });
});

afterEach(async () => {
  await h.close();
});

async function postSession(token: string): Promise<string> {
  const grid = await h.request(`/api/events/${event.eventId}/open-space/grid`, {
    method: "PUT",
    token: event.token,
    json: { spaces: [{ name: "Hall" }], slots: [{ label: "10:00" }] },
  });
  const { spaces, slots } = (await grid.json()) as {
    spaces: Array<{ id: string }>;
    slots: Array<{ id: string }>;
  };
  const posted = await h.request(`/api/events/${event.eventId}/open-space/sessions`, {
    method: "POST",
    token,
    json: { title: "Buses after dark", spaceId: spaces[0]?.id, slotId: slots[0]?.id },
  });
  expect(posted.status).toBe(201);
  return ((await posted.json()) as { session: { id: string } }).session.id;
}

describe("GET /api/events/:eventId/open-space/sessions/:sessionId/qr.svg", () => {
  it("draws the session's join link for its convener and facilitators, and no one else", async () => {
    const ann = await join(h, event.joinCode, "Ann");
    const bob = await join(h, event.joinCode, "Bob");
    const screen = await join(h, event.joinCode, "Hall screen", "observer");
    const sessionId = await postSession(ann.token);
    const path = `/api/events/${event.eventId}/open-space/sessions/${sessionId}/qr.svg`;

    const expected = await QRCode.toString(
      `${PUBLIC_URL}${openSpaceSessionJoinPath(event.joinCode, event.eventId, sessionId)}`,
      { type: "svg", errorCorrectionLevel: "M", margin: 2 },
    );
    for (const token of [ann.token, event.token]) {
      const response = await h.request(path, { token });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
      expect(response.headers.get("cache-control")).toBe("private, no-store");
      expect(await response.text()).toBe(expected);
    }
    expect((await h.request(path, { token: bob.token })).status).toBe(403);
    expect((await h.request(path, { token: screen.token })).status).toBe(403);
    expect((await h.request(path)).status).toBe(401);
    const unknown = `/api/events/${event.eventId}/open-space/sessions/nope/qr.svg`;
    expect((await h.request(unknown, { token: event.token })).status).toBe(404);
    const other = await createEvent(h, { title: "Elsewhere", format: "open-space" });
    expect((await h.request(path, { token: other.token })).status).toBe(403);
  });

  it("answers 409 for an event that is not an Open Space", async () => {
    const cafe = await createEvent(h, { title: "A café", format: "world-cafe" });
    const path = `/api/events/${cafe.eventId}/open-space/sessions/x/qr.svg`;
    expect((await h.request(path, { token: cafe.token })).status).toBe(409);
  });
});

describe("openSpaceSessionJoinPath", () => {
  it("joins, then lands in the Open Space at that session, every part escaped", () => {
    const path = openSpaceSessionJoinPath("ABC234", "ev 1", "s/2");
    expect(path.startsWith("/j/ABC234?next=")).toBe(true);
    const next = new URLSearchParams(path.split("?")[1]).get("next");
    expect(next).toBe("/e/ev%201/open-space?session=s%2F2");
  });
});
