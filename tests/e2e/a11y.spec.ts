import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { blockingViolations, reflowViolations, type Violation } from "./support/axe";
import {
  addTableThroughUi,
  createEventThroughUi,
  joinThroughUi,
  moveCursor,
  openBoardFromLobby,
  waitForBoard,
} from "./support/boardUi";
import { LAPTOP, PHONE } from "./support/devices";
import { createPathEventThroughUi, startPathThroughUi } from "./support/pathUi";

/**
 * axe-core on every page of the app, at 1280 × 800 and on a 360 × 740 phone: no serious or
 * critical violation anywhere. The pages are reached the way people reach them (through the UI),
 * and each is checked once it has finished loading.
 */
test("every page has no serious or critical accessibility violation (axe-core), on a laptop and a phone", async ({
  newPerson,
}) => {
  test.setTimeout(300_000);
  const found: Violation[] = [];
  const check = async (page: Page, name: string) => {
    found.push(...(await blockingViolations(page, name)));
    if (name.startsWith("phone")) found.push(...(await reflowViolations(page, name)));
  };

  for (const [device, screen] of [
    [LAPTOP, "laptop"],
    [PHONE, "phone"],
  ] as const) {
    const facilitator = await newPerson(device);
    const f = facilitator.page;
    await f.goto("/");
    await expect(f.getByTestId("create-title")).toBeVisible();
    await check(f, `${screen}: home`);

    const code = await createEventThroughUi(f, `Accessible café (${screen})`);
    await check(f, `${screen}: lobby (facilitator)`);

    await f.getByTestId("open-cafe").click();
    await expect(f.getByTestId("cafe-facilitator")).toBeVisible();
    await check(f, `${screen}: café set-up (facilitator)`);
    await f.getByTestId("cafe-setup-questions").fill("What would make our street kinder?");
    await f.getByTestId("cafe-setup-rounds").fill("3");
    await f.getByTestId("cafe-setup-minutes").fill("20");
    await f.getByTestId("cafe-setup-tables").fill("2");
    await f.getByTestId("cafe-setup-people").fill("4");
    await f.getByTestId("cafe-setup-submit").click();
    await expect(f.getByTestId("cafe-table-row")).toHaveCount(2);

    const guest = await newPerson(device);
    const g = guest.page;
    await g.goto(`/j/${code}`);
    await expect(g.getByTestId("join-name")).toBeVisible();
    await check(g, `${screen}: join`);
    await joinThroughUi(g, code, "Gita");
    await check(g, `${screen}: lobby (participant)`);
    await g.getByTestId("open-cafe").click();
    await expect(g.getByTestId("cafe-in-room")).toBeVisible();
    await check(g, `${screen}: café welcome (participant)`);
    await g.getByTestId("cafe-in-room").click();

    await f.getByTestId("cafe-plan-rotation").click();
    await expect(f.getByTestId("cafe-plan-person")).toHaveCount(1);
    await check(f, `${screen}: café rotation preview (facilitator)`);
    await f.getByTestId("cafe-apply-rotation").click();
    await expect(f.getByTestId("cafe-countdown")).toHaveAttribute("data-phase", "running");
    await check(f, `${screen}: café round running (facilitator)`);

    await expect(g.locator(".tl-canvas")).toBeVisible({ timeout: 30_000 });
    await waitForBoard(g);
    await check(g, `${screen}: café table (participant)`);
    if (screen === "phone") {
      await g.getByTestId("cafe-sheet-toggle").tap();
      await expect(g.getByTestId("cafe-map")).toBeVisible();
      await check(g, `${screen}: café table with the sheet open (participant)`);
      await g.getByTestId("cafe-sheet-toggle").tap();
    }

    await f.getByTestId("cafe-open-cards").click();
    await expect(f.getByTestId("table-card-qr")).toHaveCount(2);
    await check(f, `${screen}: table cards`);

    // The room's screens, also on a narrow one (a phone that joined to watch, a small tablet).
    const eventPath = new URL(f.url()).pathname.replace(/\/cafe.*$/, "");
    for (const view of ["", "/join", "/timer", "/who"]) {
      await f.goto(`${eventPath}/projector${view}`);
      await expect(
        f.getByTestId(view === "" ? "projector-menu-join" : "projector-back"),
      ).toBeVisible();
      await check(f, `${screen}: projector${view || " menu"}`);
    }
    await f.goto(`${eventPath}/cafe`);
    await expect(f.getByTestId("cafe-facilitator")).toBeVisible();
    await f.getByTestId("cafe-open-harvest").click();
    await expect(f.locator(".tl-canvas")).toBeVisible({ timeout: 30_000 });
    await check(f, `${screen}: harvest`);

    // A board of its own (the table's stable link), and a link for someone who has not joined.
    await g.goto("/");
    await g.goBack();
    const board = await newPerson(device);
    await board.page.goto(f.url().replace(/\/cafe.*$/, "/b/none"));
    await expect(board.page.getByTestId("needs-join")).toBeVisible();
    await check(board.page, `${screen}: join first`);
    await board.page.goto("/no/such/page");
    await check(board.page, `${screen}: not found`);

    await g.goto(g.url().replace(/\/cafe.*$/, ""));
    await g.getByTestId("board-link").first().click();
    await expect(g.locator(".tl-canvas")).toBeVisible({ timeout: 30_000 });
    await waitForBoard(g);
    await check(g, `${screen}: board`);
  }

  expect(found, JSON.stringify(found, null, 2)).toEqual([]);
});

test("Open Space and PATH pages have no serious or critical accessibility violation, on a laptop and a phone", async ({
  newPerson,
}) => {
  test.setTimeout(300_000);
  const found: Violation[] = [];
  const check = async (page: Page, name: string) => {
    found.push(...(await blockingViolations(page, name)));
    if (name.startsWith("phone")) found.push(...(await reflowViolations(page, name)));
  };

  for (const [device, screen] of [
    [LAPTOP, "laptop"],
    [PHONE, "phone"],
  ] as const) {
    await test.step(`Open Space (${screen})`, async () => {
      const facilitator = await newPerson(device);
      const f = facilitator.page;
      await f.goto("/");
      await f.getByTestId("create-title").fill(`Accessible Open Space (${screen})`);
      await f.getByTestId("create-format-open-space").check();
      await f.getByTestId("create-name").fill("Fran the facilitator");
      await f.getByTestId("create-submit").click();
      await expect(f.getByTestId("event-title")).toBeVisible();
      const code = (await f.getByTestId("event-join-code").textContent())?.trim() ?? "";
      await check(f, `${screen}: Open Space lobby (facilitator)`);
      await f.getByTestId("open-open-space").click();
      await expect(f.getByTestId("os-opening")).toBeVisible();
      await check(f, `${screen}: Open Space opening (facilitator)`);
      await f.getByTestId("os-phase-marketplace").click();
      await f.getByTestId("os-grid-spaces").fill("2");
      await f.getByTestId("os-grid-slots").fill("2");
      await f.getByTestId("os-grid-make").click();
      await f.getByTestId("os-grid-save").click();
      await expect(f.getByTestId("os-cell")).toHaveCount(4);
      await check(f, `${screen}: Open Space marketplace with the grid editor (facilitator)`);

      const guest = await newPerson(device);
      const g = guest.page;
      await joinThroughUi(g, code, "Ann");
      await g.getByTestId("open-open-space").click();
      await expect(g.getByTestId("os-cell")).toHaveCount(4);
      await g.getByTestId("os-post-here").first().click();
      await g.getByTestId("os-post-title").fill("Buses after dark");
      await check(g, `${screen}: Open Space posting a topic (participant)`);
      await g.getByTestId("os-post-submit").click();
      await expect(g.getByTestId("os-post-form")).toHaveCount(0);
      await expect(g.getByTestId("os-session")).toHaveCount(1);
      await check(g, `${screen}: Open Space marketplace (participant)`);
      await g.getByTestId("os-session").first().getByTestId("os-go").click();
      await expect(g.getByTestId("os-room").locator(".tl-canvas")).toBeVisible({ timeout: 30_000 });
      await check(g, `${screen}: Open Space session room (participant)`);
      for (const tab of ["where", "proceedings", "closing"] as const) {
        await g.getByTestId(`os-tab-${tab}`).click();
        await check(g, `${screen}: Open Space ${tab} (participant)`);
      }
      await f.goto(`${new URL(f.url()).pathname}/projector`);
      await expect(f.getByTestId("os-projector")).toBeVisible();
      await check(f, `${screen}: Open Space projector`);
      await g.goto(`${new URL(g.url()).pathname.replace(/\/open-space.*$/, "")}/open-space/cards`);
      await expect(g.getByTestId("os-session-card-qr")).toHaveCount(1);
      await check(g, `${screen}: Open Space session cards (convener)`);
    });

    await test.step(`PATH (${screen})`, async () => {
      const facilitator = await newPerson(device);
      const f = facilitator.page;
      const { code, panel } = await createPathEventThroughUi(f, `Accessible PATH (${screen})`);
      const boardPath = await startPathThroughUi(panel, "Sam");
      await check(f, `${screen}: PATH lobby with its panel (facilitator)`);

      const guest = await newPerson(device);
      const g = guest.page;
      await joinThroughUi(g, code, "Pat");
      await check(g, `${screen}: PATH lobby (participant)`);
      for (const [page, who] of [
        [f, "facilitator"],
        [g, "participant"],
      ] as const) {
        await page.goto(boardPath);
        await expect(page.locator(".tl-canvas")).toBeVisible({ timeout: 60_000 });
        await waitForBoard(page);
        await expect(page.getByTestId("path-bar-step")).toBeVisible();
        await check(page, `${screen}: PATH board (${who})`);
      }
    });
  }

  expect(found, JSON.stringify(found, null, 2)).toEqual([]);
});

test("a board with other people's cursors and name tags in view has no serious or critical violation, on a laptop and a phone", async ({
  newPerson,
}) => {
  test.setTimeout(240_000);
  const facilitator = await newPerson(LAPTOP);
  const f = facilitator.page;
  const code = await createEventThroughUi(f, "Busy table");
  await addTableThroughUi(f, "Table 1", "What would help?");
  await openBoardFromLobby(f, "Table 1");
  // Several people, so several of the palette's name-tag colours are on screen at once.
  const names = ["Ana", "Ben", "Chidi", "Dara", "Eun"];
  const guests = [];
  for (const name of names) {
    const person = await newPerson(LAPTOP);
    await joinThroughUi(person.page, code, name);
    await openBoardFromLobby(person.page, "Table 1");
    guests.push(person.page);
  }
  const found: Violation[] = [];
  for (const [device, screen] of [
    [LAPTOP, "laptop"],
    [PHONE, "phone"],
  ] as const) {
    const watcher = await newPerson(device);
    await joinThroughUi(watcher.page, code, `Watcher on a ${screen}`);
    await openBoardFromLobby(watcher.page, "Table 1");
    for (const [i, page] of guests.entries())
      await moveCursor(page, { x: 120 + 40 * i, y: 150 + 30 * i });
    await expect
      .poll(() => watcher.page.locator(".tl-collaborator__cursor").count(), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(names.length);
    found.push(...(await blockingViolations(watcher.page, `${screen}: board with cursors`)));
  }
  expect(found, JSON.stringify(found, null, 2)).toEqual([]);
});
