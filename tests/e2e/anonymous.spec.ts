import type { BrowserContextOptions, Page } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import { expect, test } from "./fixtures";
import { moveCursor, waitForBoard } from "./support/boardUi";
import { LAPTOP, PHONE } from "./support/devices";

/**
 * Anonymous mode (issue #14), end to end: a facilitator turns it on from the Facilitator
 * controls; no page anybody has open names a participant (page text and tldraw cursor labels);
 * the export names nobody; turning it off names people again, live. Events are set up through
 * the API (the pages under test are the ones people read, not the set-up forms), so it stays fast.
 */

// Names no label, title or id on these pages can hold by chance.
const ANA = "Anastasia Quill";
const BEN = "Benedikt Marrow";
const FRAN = "Franziska Lomb";
const OTTO = "Ottilie Brandt";
const NAMES = [ANA, BEN, FRAN, OTTO, "Anastasia", "Benedikt", "Franziska", "Ottilie"];

interface Joined {
  eventId: string;
  token: string;
  participant: { id: string; name: string; role: string; joinedAt: number };
  expiresAt: number;
}

type PageGlobals = typeof globalThis & {
  localStorage: { setItem(key: string, value: string): void };
};

test("anonymous mode: nobody is named on any page, in cursor labels or in the export; names come back live", async ({
  newPerson,
  serverUrl,
}) => {
  test.setTimeout(120_000);
  const api = async <T>(
    path: string,
    token: string | null,
    options: { method?: string; json?: unknown } = {},
  ): Promise<T> => {
    const headers: Record<string, string> = {};
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    if (options.json !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(`${serverUrl}${path}`, {
      method: options.method ?? "GET",
      headers,
      ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${text}`);
    return (text.startsWith("{") ? JSON.parse(text) : text) as T;
  };
  const createEvent = async (format: string, title: string): Promise<Joined & { code: string }> => {
    const created = await api<{
      event: { id: string; joinCode: string };
      participant: Joined["participant"];
      facilitatorToken: string;
      expiresAt: number;
    }>("/api/events", null, {
      method: "POST",
      json: { title, format, facilitatorName: FRAN },
    });
    return {
      eventId: created.event.id,
      code: created.event.joinCode,
      token: created.facilitatorToken,
      participant: created.participant,
      expiresAt: created.expiresAt,
    };
  };
  const join = (code: string, name: string, role?: string) =>
    api<Joined>("/api/join", null, {
      method: "POST",
      json: { code, name, ...(role === undefined ? {} : { role }) },
    });
  /** A person's own browser, with their session saved as the join page would save it. */
  const browserOf = (...sessions: Joined[]) => browserOn(LAPTOP, ...sessions);
  /** The same on a device of its own (a phone). */
  const browserOn = async (device: BrowserContextOptions, ...sessions: Joined[]) => {
    const person = await newPerson(device);
    await person.context.addInitScript((saved: Joined[]) => {
      for (const s of saved) {
        (globalThis as PageGlobals).localStorage.setItem(
          `tablecloth:session:${s.eventId}`,
          JSON.stringify({
            eventId: s.eventId,
            token: s.token,
            participant: s.participant,
            expiresAt: s.expiresAt,
          }),
        );
      }
    }, sessions);
    return person.page;
  };
  /** The page as its DOM is now: its text, and every attribute (a title, an aria-label). */
  const pageText = (page: Page) => page.content();
  /** No name but `own` (a person sees themselves) anywhere in the page. */
  const expectNoNames = async (page: Page, where: string, own: string | null = null) => {
    const text = await pageText(page);
    for (const name of NAMES) {
      if (own?.includes(name)) continue;
      expect(text, `${where} shows ${name}`).not.toContain(name);
    }
  };

  // A World Café with one table; Ana and Ben sit at it. An Open Space where Ana convenes and
  // Otto is at her session.
  const cafe = await createEvent("world-cafe", "Anonymous café");
  const setup = await api<{ tables: { id: string; docName: string }[] }>(
    `/api/events/${cafe.eventId}/cafe/setup`,
    cafe.token,
    {
      method: "PUT",
      json: {
        questions: ["What matters?"],
        rounds: 2,
        roundMs: 600_000,
        makeTables: { count: 1, people: 4 },
      },
    },
  );
  const table = setup.tables[0];
  if (table === undefined) throw new Error("no table");
  const { boards } = await api<{ boards: { id: string; docName: string }[] }>(
    `/api/events/${cafe.eventId}`,
    cafe.token,
  );
  const boardId = boards.find((b) => b.docName === table.docName)?.id ?? "";
  const ana = await join(cafe.code, ANA);
  const ben = await join(cafe.code, BEN);
  for (const person of [ana, ben]) {
    await api(`/api/events/${cafe.eventId}/cafe/presence`, person.token, {
      method: "POST",
      json: { presence: "in-room" },
    });
    await api(`/api/events/${cafe.eventId}/cafe/seat`, cafe.token, {
      method: "POST",
      json: { participantId: person.participant.id, tableId: table.id },
    });
  }
  const os = await createEvent("open-space", "Anonymous open space");
  const osUrl = `/api/events/${os.eventId}/open-space`;
  await api(`${osUrl}/phase`, os.token, { method: "PUT", json: { phase: "marketplace" } });
  const grid = await api<{ spaces: { id: string }[]; slots: { id: string }[] }>(
    `${osUrl}/grid`,
    os.token,
    { method: "PUT", json: { spaces: [{ name: "Garden" }], slots: [{ label: "10:00" }] } },
  );
  const osAna = await join(os.code, ANA);
  const osOtto = await join(os.code, OTTO);
  const posted = await api<{ session: { id: string } }>(`${osUrl}/sessions`, osAna.token, {
    method: "POST",
    json: { title: "Bus stops", spaceId: grid.spaces[0]?.id, slotId: grid.slots[0]?.id },
  });
  await api(`${osUrl}/phase`, os.token, { method: "PUT", json: { phase: "sessions" } });
  await api(`${osUrl}/where`, osOtto.token, {
    method: "PUT",
    json: { sessionId: posted.session.id },
  });

  // Open before the switch: Ana on the table's board, Ben at his café table (its cloth), the
  // facilitator in the lobby, Otto on the Open Space's who-is-where.
  const a = await browserOf(ana);
  const b = await browserOf(ben);
  const f = await browserOf(cafe, os);
  await Promise.all([
    a.goto(`/e/${cafe.eventId}/b/${boardId}`),
    b.goto(`/e/${cafe.eventId}/cafe`),
    f.goto(`/e/${cafe.eventId}`),
  ]);
  await waitForBoard(a);
  await expect(b.locator(".tl-canvas")).toBeVisible({ timeout: 30_000 });
  await moveCursor(a, { x: 300, y: 250 });
  const benCursor = b.locator(".tl-collaborator__cursor");
  await expect(benCursor).toBeVisible();
  await expect(b.locator(".tl-nametag")).toHaveText(ANA);
  await expect(b.getByTestId("cafe-side")).toContainText(ANA);

  await test.step("the facilitator turns anonymous mode on from the Facilitator controls", async () => {
    await f.getByTestId("facilitator-controls").locator("summary").click();
    await f.getByTestId("anonymous-toggle").click();
    await expect(f.getByTestId("anonymous-toggle")).toHaveAttribute("aria-pressed", "true");
    await expect(f.getByTestId("download-anonymous-mode")).toBeVisible();
    // The Open Space is another event: its facilitator turns it on there too (here by the API).
    await api(`/api/events/${os.eventId}/controls/anonymous`, os.token, {
      method: "PUT",
      json: { anonymous: true },
    });
  });

  await test.step("pages already open name nobody: the cursor has no label, the table no names", async () => {
    await expect(b.locator(".tl-nametag")).toHaveCount(0);
    await moveCursor(a, { x: 320, y: 260 });
    await expect(benCursor).toBeVisible();
    await expect(b.locator(".tl-nametag")).toHaveCount(0);
    await expect(b.getByTestId("cafe-side")).not.toContainText(ANA);
    await expectNoNames(b, "Ben's café table", BEN);
    await expectNoNames(f, "the facilitator's lobby", FRAN);
  });

  // The export renders pictures in a headless browser: asked for now, checked after the pages.
  const exported = fetch(`${serverUrl}/api/events/${cafe.eventId}/export`, {
    headers: { Authorization: `Bearer ${cafe.token}` },
  });

  await test.step("pages opened now name nobody: lobby, café, projector, replay, Open Space", async () => {
    // New tabs, so the café table and the lobby stay open for turning it off.
    const lobby = await b.context().newPage();
    await lobby.goto(`/e/${cafe.eventId}`);
    await expect(lobby.getByTestId("board-list")).toBeVisible();
    await expect(lobby.getByTestId("person").first()).toBeVisible();
    await expectNoNames(lobby, "Ben's lobby", BEN);
    await lobby.close();
    const f2 = await f.context().newPage();
    await f2.goto(`/e/${cafe.eventId}/cafe`);
    await expect(f2.getByTestId("cafe-table-row")).toHaveCount(1);
    await expectNoNames(f2, "the facilitator's café", FRAN);
    await f2.goto(`/e/${cafe.eventId}/projector/who`);
    await expect(f2.getByTestId("cafe-map-person")).toHaveCount(2);
    await expectNoNames(f2, "the projector's who is where", FRAN);
    await f2.goto(`/e/${cafe.eventId}/b/${boardId}/replay`);
    await expect(f2.getByTestId("replay-page")).toHaveAttribute("data-anonymous", "true");
    await expectNoNames(f2, "the replay", FRAN);
    // Otto on a phone: the narrowest screen names nobody either.
    const o = await browserOn(PHONE, osOtto);
    await o.goto(`/e/${os.eventId}/open-space`);
    await expect(o.getByTestId("os-session")).toHaveCount(1);
    await expectNoNames(o, "the Open Space wall", OTTO);
    await f2.goto(`/e/${os.eventId}/projector/who`);
    await expect(f2.getByText("Bus stops")).toBeVisible();
    await expectNoNames(f2, "the Open Space's who is where", FRAN);
    await f2.close();
  });

  await test.step("the export, asked for with names, names nobody", async () => {
    const response = await exported;
    expect(response.status).toBe(200);
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    for (const [name, bytes] of Object.entries(files)) {
      if (name.endsWith(".png")) continue;
      const text = strFromU8(bytes);
      for (const who of [...NAMES, ana.participant.id, ben.participant.id]) {
        expect(text, `${name} names ${who}`).not.toContain(who);
      }
    }
  });

  await test.step("turning it off names people again, live", async () => {
    await f.getByTestId("anonymous-toggle").click();
    await expect(f.getByTestId("anonymous-toggle")).toHaveAttribute("aria-pressed", "false");
    await expect(b.getByTestId("cafe-side")).toContainText(ANA);
    await moveCursor(a, { x: 280, y: 240 });
    await expect(b.locator(".tl-nametag")).toHaveText(ANA);
  });
});
