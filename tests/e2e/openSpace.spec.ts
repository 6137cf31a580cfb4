import type { Page } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import { expect, type Person, test } from "./fixtures";
import { joinThroughUi, renderedShapeCount, storedShapeCount } from "./support/boardUi";
import type { BoardWindow } from "./support/editorGlobal";

/** What the page script reads (the tests compile without the DOM library). */
interface PageGlobals {
  localStorage: { getItem(key: string): string | null };
}

const REPORT = "We agreed the evening bus matters most; Cat will ask the council.";

/** Creates an Open Space event from the home page; returns its join code and id. */
async function createOpenSpace(
  page: Page,
  title: string,
): Promise<{ code: string; eventId: string }> {
  await page.goto("/");
  await page.getByTestId("create-title").fill(title);
  await page.getByTestId("create-format-open-space").check();
  await page.getByTestId("create-name").fill("Fran the facilitator");
  await page.getByTestId("create-submit").click();
  await expect(page.getByTestId("event-title")).toHaveText(title);
  const code = (await page.getByTestId("event-join-code").textContent())?.trim() ?? "";
  const eventId = new URL(page.url()).pathname.split("/")[2] ?? "";
  return { code, eventId };
}

/** The sessions the page's wall shows, by title. */
function wallTitles(page: Page) {
  return page.getByTestId("os-session");
}

/** The session board in the room is a live tldraw canvas: online, synced and editable. */
async function expectLiveCanvas(page: Page) {
  const room = page.getByTestId("os-room");
  // Generous: opening a board loads tldraw, slow on two shared cores under others' load.
  const timeout = 30_000;
  await expect(room.locator(".tl-canvas")).toBeVisible({ timeout });
  await expect(room.getByTestId("connection-status")).toHaveAttribute("data-status", "online", {
    timeout,
  });
  await expect(room.getByTestId("connection-status")).toHaveAttribute("data-synced", "true", {
    timeout,
  });
  await page.waitForFunction(() => (globalThis as BoardWindow).tableclothEditor !== undefined);
}

/** Draws one freehand stroke on the room's canvas with the mouse, the canvas scrolled into view. */
async function drawInRoom(page: Page) {
  await page.getByTestId("tools.draw").click();
  const canvas = page.getByTestId("os-room").locator(".tl-canvas");
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  if (!box) throw new Error("no canvas in the room");
  const x = box.x + box.width / 3;
  const y = box.y + box.height / 3;
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) {
    await page.mouse.move(x + 10 * i, y + 20 * Math.sin(i / 2), { steps: 2 });
  }
  await page.mouse.up();
}

/** The caller's bearer token, as the page keeps it. */
async function tokenOf(page: Page, eventId: string): Promise<string> {
  return page.evaluate((id) => {
    const raw = (globalThis as unknown as PageGlobals).localStorage.getItem(
      `tablecloth:session:${id}`,
    );
    return raw ? (JSON.parse(raw) as { token: string }).token : "";
  }, eventId);
}

async function openOpenSpace(page: Page) {
  await page.getByTestId("open-open-space").click();
  await expect(page.getByTestId("os-title")).toBeVisible();
}

test("Open Space: grid, simultaneous posts (one wins, one is offered a free cell), sign-ups, two feet, a report in everyone's proceedings", async ({
  newPerson,
}) => {
  test.setTimeout(240_000);
  const facilitator = await newPerson();
  const f = facilitator.page;
  const { code, eventId } = await createOpenSpace(f, "Ageing well in Bradford");

  await test.step("the sponsor's purpose and the principles are on the opening screen", async () => {
    // The purpose is the event's own (set here through the API, as a sponsor's words would be).
    await f.evaluate(async (id) => {
      const raw = (globalThis as unknown as PageGlobals).localStorage.getItem(
        `tablecloth:session:${id}`,
      );
      const token = raw ? (JSON.parse(raw) as { token: string }).token : "";
      await fetch(`/api/events/${id}`, {
        method: "PATCH",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
        body: JSON.stringify({ purpose: "How can older people shape the services they use?" }),
      });
    }, eventId);
    await openOpenSpace(f);
    await expect(f.getByTestId("os-purpose")).toHaveText(/older people shape/);
    await expect(f.getByTestId("os-opening")).toContainText("law of two feet");
  });

  const people: Record<"Ann" | "Bob" | "Cat", Person> = {} as Record<"Ann" | "Bob" | "Cat", Person>;
  await test.step("three participants join and open the Open Space", async () => {
    for (const name of ["Ann", "Bob", "Cat"] as const) {
      const person = await newPerson();
      await joinThroughUi(person.page, code, name);
      await openOpenSpace(person.page);
      // The opening circle first: the wall opens when the facilitator starts the marketplace.
      await expect(person.page.getByTestId("os-opening")).toBeVisible();
      people[name] = person;
    }
  });
  const { Ann, Bob, Cat } = people;
  const all = [f, Ann.page, Bob.page, Cat.page];

  await test.step("the facilitator sets a 3 × 2 grid; every wall shows it live", async () => {
    await f.getByTestId("os-phase-marketplace").click();
    await f.getByTestId("os-grid-spaces").fill("3");
    await f.getByTestId("os-grid-slots").fill("2");
    await f.getByTestId("os-grid-make").click();
    await f.getByTestId("os-grid-save").click();
    for (const page of all) await expect(page.getByTestId("os-cell")).toHaveCount(6);
  });

  let winner: Person = Ann;
  let other: Person = Bob;
  await test.step("Ann and Bob post into the same cell at once: one wins, the other is offered a free cell", async () => {
    for (const [person, title] of [
      [Ann, "Buses after six"],
      [Bob, "Lonely evenings"],
    ] as const) {
      await person.page.getByTestId("os-post-here").first().click();
      await person.page.getByTestId("os-post-title").fill(title);
    }
    await Promise.all([Ann, Bob].map((p) => p.page.getByTestId("os-post-submit").click()));
    const taken = await Promise.race([
      Ann.page
        .getByTestId("os-cell-taken")
        .waitFor()
        .then(() => Ann),
      Bob.page
        .getByTestId("os-cell-taken")
        .waitFor()
        .then(() => Bob),
    ]);
    other = taken;
    winner = taken === Ann ? Bob : Ann;
    await expect(winner.page.getByTestId("os-post-form")).toHaveCount(0);
    await expect(other.page.getByTestId("os-free-cell").first()).toBeVisible();
    await other.page.getByTestId("os-free-cell").first().click();
    await expect(other.page.getByTestId("os-post-form")).toHaveCount(0);
    await Cat.page.getByTestId("os-post-here").last().click();
    await Cat.page.getByTestId("os-post-title").fill("Digital help");
    await Cat.page.getByTestId("os-post-submit").click();
    for (const page of all) await expect(wallTitles(page)).toHaveCount(3);
    // One session per cell on every wall.
    await expect(f.locator('[data-testid="os-cell"][data-taken="true"]')).toHaveCount(3);
  });

  const winnerTitle = winner === Ann ? "Buses after six" : "Lonely evenings";
  const otherTitle = winner === Ann ? "Lonely evenings" : "Buses after six";
  const card = (page: Page, title: string) =>
    page.locator(`[data-testid="os-session"][data-title="${title}"]`);

  await test.step("people sign up and build their schedules", async () => {
    await card(Cat.page, winnerTitle).getByTestId("os-signup").click();
    await card(Cat.page, otherTitle).getByTestId("os-signup").click();
    await expect(Cat.page.getByTestId("os-schedule-item")).toHaveCount(2);
    await card(other.page, winnerTitle).getByTestId("os-signup").click();
    await expect(other.page.getByTestId("os-schedule-item")).toHaveCount(1);
    await expect(card(f, winnerTitle)).toContainText("2 signed up");
  });

  await test.step("Cat moves between sessions by her own choice, without reloading", async () => {
    await Cat.page.evaluate(() => {
      (globalThis as { notReloaded?: boolean }).notReloaded = true;
    });
    await card(Cat.page, winnerTitle).getByTestId("os-go").click();
    await expect(Cat.page.getByTestId("os-room-title")).toHaveText(winnerTitle);
    const firstDoc = await Cat.page.getByTestId("cafe-cloth").getAttribute("data-doc-name");
    await card(Cat.page, otherTitle).getByTestId("os-go").click();
    await expect(Cat.page.getByTestId("os-room-title")).toHaveText(otherTitle);
    // The session's own board doc is swapped in place, online.
    await expect(Cat.page.getByTestId("cafe-cloth")).not.toHaveAttribute(
      "data-doc-name",
      firstDoc ?? "",
    );
    await expect(Cat.page.getByTestId("connection-status").first()).toHaveAttribute(
      "data-status",
      "online",
    );
    expect(
      await Cat.page.evaluate(() => (globalThis as { notReloaded?: boolean }).notReloaded),
    ).toBe(true);
    // The session's board is a tldraw canvas she can see and draw on, and its convener sees it.
    await expectLiveCanvas(Cat.page);
    await drawInRoom(Cat.page);
    await expect.poll(() => storedShapeCount(Cat.page)).toBe(1);
    await expect.poll(() => renderedShapeCount(Cat.page)).toBe(1);
    await card(other.page, otherTitle).getByTestId("os-go").click();
    await expect(other.page.getByTestId("os-room-title")).toHaveText(otherTitle);
    await expectLiveCanvas(other.page);
    await expect.poll(() => storedShapeCount(other.page), { timeout: 30_000 }).toBe(1);
    await expect(other.page.getByTestId("os-room-here")).toContainText("Cat");
    await f.getByTestId("os-tab-where").click();
    await expect(
      f.locator('[data-testid="os-where-session"]').filter({ hasText: otherTitle }),
    ).toContainText("Cat");
  });

  await test.step("the winning convener files a report; every page's proceedings show it", async () => {
    const w = winner.page;
    await card(w, winnerTitle).getByTestId("os-go").click();
    await expect(w.getByTestId("os-room-title")).toHaveText(winnerTitle);
    await w.getByTestId("os-report-summary").fill(REPORT);
    await w.getByTestId("os-report-next").fill("Write to the council");
    await w.getByTestId("os-report-submit").click();
    for (const page of all) {
      await page.getByTestId("os-tab-proceedings").click();
      await expect(
        page.locator('[data-testid="os-proceedings-session"]').filter({ hasText: winnerTitle }),
      ).toContainText(REPORT);
    }
    const html = await f.evaluate(async (id) => {
      const raw = (globalThis as unknown as PageGlobals).localStorage.getItem(
        `tablecloth:session:${id}`,
      );
      const token = raw ? (JSON.parse(raw) as { token: string }).token : "";
      const r = await fetch(`/api/events/${id}/open-space/proceedings?format=html`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      return r.text();
    }, eventId);
    expect(html).toContain(REPORT);
  });

  await test.step("the facilitator's export zip holds the proceedings with the report", async () => {
    const token = await tokenOf(f, eventId);
    const response = await f.request.get(`/api/events/${eventId}/export`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(response.status()).toBe(200);
    const files = unzipSync(new Uint8Array(await response.body()));
    const proceedings = strFromU8(files["proceedings.html"] ?? new Uint8Array());
    expect(proceedings).toContain(REPORT);
    expect(proceedings).toContain("Write to the council");
    expect(proceedings).toContain("3 sessions, 1 reported.");
    // Each session links its board's file in the zip; the one Cat drew on holds her stroke.
    const links = [...proceedings.matchAll(/href="([^"]+\.tldr)"/g)].map((m) => m[1] ?? "");
    expect(links).toHaveLength(3);
    for (const link of links) expect(Object.keys(files)).toContain(link);
    const drawn = links.filter((link) =>
      strFromU8(files[link] ?? new Uint8Array()).includes('"type":"draw"'),
    );
    expect(drawn).toHaveLength(1);
  });
});
