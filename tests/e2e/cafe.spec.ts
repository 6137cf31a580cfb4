import type { Page } from "@playwright/test";
import { expect, type Person, test } from "./fixtures";
import { createEventThroughUi, drawStroke, joinThroughUi, waitForBoard } from "./support/boardUi";
import type { BoardWindow } from "./support/editorGlobal";

/** Every page's countdown must agree with every other's within this. */
const COUNTDOWN_AGREEMENT_MS = 1_000;
/** One participant's computer clock is this far off: the countdown must not care. */
const SKEWED_CLOCK_MS = 90_000;

interface Guest extends Person {
  name: string;
}

/** Shape ids in the page's tldraw store. */
function shapeIds(page: Page): Promise<string[]> {
  return page.evaluate(() => [
    ...((globalThis as BoardWindow).tableclothEditor?.getCurrentPageShapeIds() ?? []),
  ]);
}

async function tableOf(page: Page): Promise<string> {
  const id = await page.getByTestId("cafe-table-name").getAttribute("data-table-id");
  expect(id, "seated at a table").toBeTruthy();
  return id ?? "";
}

/** When each page's round will end, in this test's clock: time read + time left shown. */
async function roundEnds(pages: Page[]): Promise<number[]> {
  const ends: number[] = [];
  for (const page of pages) {
    const left = await page.getByTestId("cafe-countdown").getAttribute("data-remaining-ms");
    ends.push(Date.now() + Number(left));
  }
  return ends;
}

test("World Café: a round, a rotation in one click, everyone lands at their new table by themselves", async ({
  newPerson,
}) => {
  test.setTimeout(240_000);
  const facilitator = await newPerson();
  const code = await createEventThroughUi(facilitator.page, "Street café");
  await facilitator.page.getByTestId("open-cafe").click();
  const f = facilitator.page;
  await expect(f.getByTestId("cafe-facilitator")).toBeVisible();

  await test.step("the facilitator sets up two tables", async () => {
    await f.getByTestId("cafe-setup-questions").fill("What would make our street kinder?");
    await f.getByTestId("cafe-setup-rounds").fill("3");
    await f.getByTestId("cafe-setup-minutes").fill("20");
    await f.getByTestId("cafe-setup-tables").fill("2");
    await f.getByTestId("cafe-setup-people").fill("6");
    await f.getByTestId("cafe-setup-submit").click();
    await expect(f.getByTestId("cafe-table-row")).toHaveCount(2);
    // Each table may have its own question.
    await f.getByTestId("cafe-table-question").first().fill("Where do neighbours meet?");
    await f.getByTestId("cafe-table-question").first().press("Tab");
  });

  const guests: Guest[] = [];
  await test.step("four participants join, two in the room and two remote", async () => {
    for (const [i, name] of ["Maria", "Ben", "Chen", "Dara"].entries()) {
      const person = await newPerson();
      if (i === 3) {
        // Dara's computer clock is 90 s fast: her countdown must still agree with everyone's.
        await person.context.addInitScript((skew: number) => {
          const RealDate = Date;
          class SkewedDate extends RealDate {
            constructor(...args: []) {
              if (args.length === 0) super(RealDate.now() + skew);
              else super(...(args as unknown as [number]));
            }
            static override now(): number {
              return RealDate.now() + skew;
            }
          }
          globalThis.Date = SkewedDate as DateConstructor;
        }, SKEWED_CLOCK_MS);
      }
      await joinThroughUi(person.page, code, name);
      await person.page.getByTestId("open-cafe").click();
      await person.page.getByTestId(i % 2 === 0 ? "cafe-in-room" : "cafe-remote").click();
      await expect(person.page.getByTestId("cafe-table-name")).toHaveText("Waiting for a table");
      guests.push({ ...person, name });
    }
    await expect(f.getByTestId("cafe-map-unseated")).toContainText("Dara");
  });
  const [maria, ben] = guests as [Guest, Guest, Guest, Guest];

  await test.step("Maria and Ben host; everyone is seated and round 1 starts", async () => {
    const rows = f.getByTestId("cafe-table-row");
    await rows.nth(0).getByTestId("cafe-host-select").selectOption({ label: "Maria" });
    await expect(
      rows.nth(1).getByTestId("cafe-host-select").locator("option", { hasText: "Ben" }),
    ).toHaveCount(1);
    await rows.nth(1).getByTestId("cafe-host-select").selectOption({ label: "Ben" });
    await expect(f.getByTestId("cafe-map-person")).toHaveCount(2);
    await f.getByTestId("cafe-plan-rotation").click();
    await expect(f.getByTestId("cafe-plan-person")).toHaveCount(4);
    await f.getByTestId("cafe-apply-rotation").click();
    await expect(f.getByTestId("cafe-countdown")).toHaveAttribute("data-phase", "running");
    for (const guest of guests) {
      await expect(
        guest.page.getByTestId("cafe-countdown"),
        `${guest.name}'s page sees round 1`,
      ).toHaveAttribute("data-phase", "running", { timeout: 30_000 });
      await waitForBoard(guest.page);
    }
    await expect(maria.page.getByTestId("cafe-host")).toHaveText("You are the host");
    await expect(maria.page.getByTestId("cafe-question")).toHaveText("Where do neighbours meet?");
    await expect(maria.page.getByTestId("cafe-host-prompt")).toBeVisible();
  });

  const firstTable = new Map<Guest, string>();
  for (const guest of guests) firstTable.set(guest, await tableOf(guest.page));
  const hostTable = { maria: firstTable.get(maria), ben: firstTable.get(ben) };
  expect(hostTable.maria).not.toBe(hostTable.ben);

  const drawnAt = new Map<string, string[]>();
  await test.step("everyone draws on their table's cloth", async () => {
    for (const [i, guest] of guests.entries()) {
      await drawStroke(guest.page, { x: 150 + 60 * i, y: 180 + 50 * i });
    }
    // Each table's cloth holds its two strokes, as both people there see it.
    for (const guest of guests) {
      await expect.poll(async () => (await shapeIds(guest.page)).length).toBe(2);
    }
    for (const guest of guests)
      drawnAt.set(firstTable.get(guest) ?? "", await shapeIds(guest.page));
  });

  await test.step("the facilitator rotates in one click", async () => {
    for (const guest of guests) {
      await guest.page.evaluate(() => {
        (globalThis as { cafeNoReload?: boolean }).cafeNoReload = true;
      });
    }
    await f.getByTestId("cafe-plan-rotation").click();
    await expect(f.getByTestId("cafe-plan")).toContainText("(host, stays)");
    await f.getByTestId("cafe-apply-rotation").click();
  });

  await test.step("every participant lands on the new table by themselves and sees the previous group's work", async () => {
    for (const guest of guests) {
      const { page } = guest;
      await expect(page.getByTestId("cafe-notice")).toContainText("Round 2:");
      const isHost = guest === maria || guest === ben;
      const before = firstTable.get(guest);
      if (isHost) {
        await expect(page.getByTestId("cafe-notice")).toContainText("you stay at");
        expect(await tableOf(page)).toBe(before);
      } else {
        await expect(page.getByTestId("cafe-notice")).toContainText("you are now at");
        await expect(page.getByTestId("cafe-notice")).toContainText(/— (Maria|Ben) is your host/);
        await expect.poll(() => tableOf(page)).not.toBe(before);
      }
      await waitForBoard(page);
      const now = await tableOf(page);
      const previousGroupDrew = drawnAt.get(now) ?? [];
      expect(previousGroupDrew.length).toBe(2);
      await expect
        .poll(async () => {
          const ids = await shapeIds(page);
          return previousGroupDrew.every((id) => ids.includes(id));
        })
        .toBe(true);
      // Moved without reloading the app.
      expect(
        await page.evaluate(() => (globalThis as { cafeNoReload?: boolean }).cafeNoReload),
      ).toBe(true);
    }
    expect(await tableOf(maria.page)).toBe(hostTable.maria);
    expect(await tableOf(ben.page)).toBe(hostTable.ben);
  });

  await test.step("the host is prompted to welcome the newcomers and pins a key point they see", async () => {
    await expect(maria.page.getByTestId("cafe-host-prompt")).toContainText("round 2");
    const newcomer = guests.find(
      (g) => g !== maria && g !== ben && firstTable.get(g) !== hostTable.maria,
    ) as Guest;
    expect(await tableOf(newcomer.page)).toBe(hostTable.maria);
    const before = (await shapeIds(newcomer.page)).length;
    await maria.page.getByTestId("cafe-key-point").fill("Trees on every corner");
    await maria.page.getByTestId("cafe-pin").click();
    await expect.poll(async () => (await shapeIds(newcomer.page)).length).toBe(before + 1);
    await expect(newcomer.page.locator(".tl-canvas")).toContainText("Trees on every corner");
  });

  await test.step("the countdown on every page agrees within a second", async () => {
    const pages = [f, ...guests.map((g) => g.page)];
    for (const page of pages) {
      await expect(page.getByTestId("cafe-countdown")).toHaveAttribute("data-phase", "running");
    }
    const ends = await roundEnds(pages);
    const spread = Math.max(...ends) - Math.min(...ends);
    test.info().annotations.push({ type: "countdown spread (ms)", description: String(spread) });
    console.log(`countdown: the 5 pages' round ends agree within ${spread} ms`);
    expect(spread).toBeLessThan(COUNTDOWN_AGREEMENT_MS);
    const shown = await f.getByTestId("cafe-countdown-time").textContent();
    expect(shown).toMatch(/^(19|20):\d\d$/);
  });

  await test.step("the who-is-where map shows everyone where they are", async () => {
    for (const page of [f, ...guests.map((g) => g.page)]) {
      await expect(page.getByTestId("cafe-map-person")).toHaveCount(4);
      for (const guest of guests) {
        const table = await tableOf(guest.page);
        await expect(
          page.locator(`[data-testid="cafe-map-table"][data-table-id="${table}"]`),
        ).toContainText(guest.name);
      }
    }
    await expect(f.locator('[data-testid="cafe-map-table"][data-empty="true"]')).toHaveCount(0);
  });

  await test.step("with free movement on, a participant moves to another table themselves", async () => {
    const chen = guests[2] as Guest;
    const from = await tableOf(chen.page);
    // The box shows the café's state: it ticks once the server has written it.
    await f.getByTestId("cafe-free-movement").click();
    await expect(f.getByTestId("cafe-free-movement")).toBeChecked();
    await chen.page.getByTestId("cafe-move-to").first().click();
    await expect.poll(() => tableOf(chen.page)).not.toBe(from);
    await waitForBoard(chen.page);
    const to = await tableOf(chen.page);
    await expect(f.locator(`[data-testid="cafe-map-table"][data-table-id="${to}"]`)).toContainText(
      "Chen",
    );
    expect(
      await chen.page.evaluate(() => (globalThis as { cafeNoReload?: boolean }).cafeNoReload),
    ).toBe(true);
  });

  await test.step("a gentle warning shows on every page in a round's last minute", async () => {
    await f.getByTestId("cafe-round-end").click();
    await expect(f.getByTestId("cafe-countdown")).toHaveAttribute("data-phase", "ended");
    await f.getByTestId("cafe-setup-minutes").fill("1");
    await f.getByTestId("cafe-setup-submit").click();
    await expect(f.getByTestId("cafe-setup-submit")).toHaveText("Save and make tables");
    await f.getByTestId("cafe-round-start").click();
    for (const page of [f, ...guests.map((g) => g.page)]) {
      await expect(page.getByTestId("cafe-warning")).toContainText("One minute left");
    }
  });

  await test.step("the harvest shows a live thumbnail of every cloth and a shared harvest board", async () => {
    await f.getByTestId("cafe-open-harvest").click();
    await expect(f.getByTestId("cafe-thumbnail")).toHaveCount(2);
    // Maria's cloth: two strokes and her pinned key point; the other: two strokes.
    await expect(f.locator('[data-testid="cafe-thumbnail"][data-shapes="3"]')).toHaveCount(1);
    await expect(f.locator('[data-testid="cafe-thumbnail"][data-shapes="2"]')).toHaveCount(1);
    await waitForBoard(f);
    const before = await f
      .locator('[data-testid="cafe-thumbnail"][data-shapes="3"] img')
      .screenshot();
    await drawStroke(maria.page, { x: 400, y: 420 });
    await expect(
      f.locator(`[data-testid="cafe-thumbnail"][data-shapes="4"]`),
      "a stroke drawn at a table shows on its thumbnail",
    ).toHaveCount(1);
    // Rendered by tldraw itself (its SVG export), not schematic boxes, and it opens its table.
    const thumb = f.locator('[data-testid="cafe-thumbnail"][data-shapes="4"]');
    const picture = thumb.locator("img");
    await expect(picture).toHaveAttribute("src", /^blob:/);
    await expect
      .poll(() =>
        picture.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
      )
      .toBeGreaterThan(0);
    // Live: the picture itself changed with the new stroke.
    await expect
      .poll(async () => Buffer.compare(await picture.screenshot(), before) !== 0)
      .toBe(true);
    const open = thumb.getByTestId("cafe-thumbnail-open");
    await expect(open).toHaveAttribute("href", /^\/e\/[^/]+\/b\/[^/]+$/);
    await open.click();
    await expect(f).toHaveURL(/\/e\/[^/]+\/b\/[^/]+$/);
    await waitForBoard(f);
  });
});

test("World Café: names of people sitting down reach the café without refetching the participant list", async ({
  newPerson,
  serverUrl,
}) => {
  test.setTimeout(120_000);
  const facilitator = await newPerson();
  const f = facilitator.page;
  const code = await createEventThroughUi(f, "Names café");
  await f.getByTestId("open-cafe").click();
  await expect(f.getByTestId("cafe-facilitator")).toBeVisible();
  const eventId = new URL(f.url()).pathname.split("/")[2] ?? "";
  // Every request of the participant list the café page makes from now on.
  const listRequests: string[] = [];
  f.on("request", (request) => {
    if (new URL(request.url()).pathname.endsWith("/participants")) listRequests.push(request.url());
  });

  // N people join and sit down in the café one after another, as at a venue's door.
  const names = ["Ana", "Bo", "Cy", "Dee", "Eli", "Fay", "Gus", "Hal"];
  for (const name of names) {
    const joined = await fetch(`${serverUrl}/api/join`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ code, name }),
    });
    expect(joined.status).toBe(201);
    const { token } = (await joined.json()) as { token: string };
    const here = await fetch(`${serverUrl}/api/events/${eventId}/cafe/presence`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify({ presence: "remote" }),
    });
    expect(here.status).toBe(200);
  }
  const unseated = f.getByTestId("cafe-map-unseated");
  for (const name of names) await expect(unseated).toContainText(name);
  // Names came with the seats over the control doc: not one list request for N newcomers (the
  // page used to fetch the whole list again for every one of them).
  expect(listRequests).toEqual([]);
});
