import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { blockingViolations, type Violation } from "./support/axe";
import { createEventThroughUi, joinThroughUi, waitForBoard } from "./support/boardUi";
import { LAPTOP } from "./support/devices";
import type { BoardWindow, PageEditor } from "./support/editorGlobal";

/** A room's screen: a full-HD projector driven by a device that joined to watch. */
const PROJECTOR = { viewport: { width: 1920, height: 1080 } };

type ProjectorWindow = typeof globalThis & {
  tableclothEditor?: PageEditor & {
    getViewportPageBounds(): { x: number; y: number; w: number; h: number };
  };
};

/** The element's rendered height as a share of the window's height. */
async function heightShare(page: Page, locator: Locator): Promise<number> {
  const box = await locator.boundingBox();
  const viewport = page.viewportSize();
  if (!box || !viewport) return 0;
  return box.height / viewport.height;
}

test("projector views: the join code, the timer, who is where and a table, readable from the back and live", async ({
  newPerson,
}) => {
  test.setTimeout(240_000);
  const found: Violation[] = [];
  const facilitator = await newPerson(LAPTOP);
  const f = facilitator.page;

  const code = await createEventThroughUi(f, "Projected café");
  const eventPath = new URL(f.url()).pathname;
  await f.getByTestId("open-cafe").click();
  await f.getByTestId("cafe-setup-questions").fill("What would make our street kinder?");
  await f.getByTestId("cafe-setup-rounds").fill("2");
  await f.getByTestId("cafe-setup-minutes").fill("20");
  await f.getByTestId("cafe-setup-tables").fill("2");
  await f.getByTestId("cafe-setup-people").fill("4");
  await f.getByTestId("cafe-setup-submit").click();
  await expect(f.getByTestId("cafe-table-row")).toHaveCount(2);

  await test.step("the facilitator finds the projector views from the lobby", async () => {
    await f.goto(eventPath);
    await f.getByTestId("open-projector").click();
    await expect(f.getByTestId("projector-menu-join")).toBeVisible();
    await expect(f.getByTestId("projector-menu-timer")).toBeVisible();
    await expect(f.getByTestId("projector-menu-board")).toHaveCount(2);
    found.push(...(await blockingViolations(f, "projector menu")));
  });
  const boardPath =
    (await f.getByTestId("projector-menu-board").first().getAttribute("href")) ?? "";
  expect(boardPath).toMatch(/^\/e\/[^/]+\/b\/[^/]+\/projector$/);

  const screen = await newPerson(PROJECTOR);
  const s = screen.page;
  await joinThroughUi(s, code, "Hall screen", { observer: true });

  await test.step("the join view shows the code and its QR code large enough for the back row", async () => {
    await s.goto(`${eventPath}/projector/join`);
    const shown = s.getByTestId("projector-join-code");
    await expect(shown).toHaveText(code);
    await expect(s.getByTestId("projector-join-qr")).toBeVisible();
    // The code's letters take a tenth of the screen's height or more; the QR code a third.
    expect(await heightShare(s, shown)).toBeGreaterThanOrEqual(0.1);
    expect(await heightShare(s, s.getByTestId("projector-join-qr"))).toBeGreaterThanOrEqual(0.33);
    await expect(s.getByTestId("projector-join-link")).toContainText(`/j/${code}`);
    await expect(s.getByTestId("projector-fullscreen")).toBeVisible();
    found.push(...(await blockingViolations(s, "projector: join")));
  });

  const guest = await newPerson(LAPTOP);
  await joinThroughUi(guest.page, code, "Rosa");
  await guest.page.getByTestId("open-cafe").click();
  await guest.page.getByTestId("cafe-in-room").click();

  await test.step("who is where lists the people and follows the room live", async () => {
    await s.goto(`${eventPath}/projector/who`);
    await expect(s.getByTestId("cafe-map-unseated")).toContainText("Rosa");
    const late = await newPerson(LAPTOP);
    await joinThroughUi(late.page, code, "Tomasz");
    await late.page.getByTestId("open-cafe").click();
    await late.page.getByTestId("cafe-remote").click();
    await expect(s.getByTestId("cafe-map-unseated")).toContainText("Tomasz");
    found.push(...(await blockingViolations(s, "projector: who is where")));
  });

  await test.step("the timer view counts the round down, huge, on server time", async () => {
    await s.goto(`${eventPath}/projector/timer`);
    await expect(s.getByTestId("cafe-countdown")).toHaveAttribute("data-phase", "not-started");
    await f.goto(`${eventPath}/cafe`);
    await f.getByTestId("cafe-plan-rotation").click();
    await f.getByTestId("cafe-apply-rotation").click();
    await expect(f.getByTestId("cafe-countdown")).toHaveAttribute("data-phase", "running");
    await expect(s.getByTestId("cafe-countdown")).toHaveAttribute("data-phase", "running");
    const time = s.getByTestId("cafe-countdown-time");
    await expect(time).toHaveText(/^(20:00|19:5\d)$/);
    expect(await heightShare(s, time)).toBeGreaterThanOrEqual(0.2);
    found.push(...(await blockingViolations(s, "projector: timer")));
  });

  await test.step("a table's view shows its whole cloth with no tools, and keeps what people add in view", async () => {
    await s.goto(boardPath);
    await expect(s.getByTestId("projector-board")).toBeVisible();
    await expect(s.locator(".tl-canvas")).toBeVisible();
    await s.waitForFunction(() => (globalThis as BoardWindow).tableclothEditor !== undefined);
    await expect(s.locator(".tlui-toolbar")).toHaveCount(0);

    // The facilitator adds a note far from the origin on that table's board.
    await f.goto(boardPath.replace(/\/projector$/, ""));
    await waitForBoard(f);
    await f.evaluate(() => {
      (globalThis as BoardWindow).tableclothEditor?.createShapes([
        { type: "note", x: 4000, y: 3000, props: {} },
      ]);
    });
    await expect
      .poll(() =>
        s.evaluate(
          () => (globalThis as BoardWindow).tableclothEditor?.getCurrentPageShapeIds().size,
        ),
      )
      .toBe(1);
    // The screen refits by itself: the far note ends up inside what the screen shows.
    await expect
      .poll(
        () =>
          s.evaluate(() => {
            const b = (globalThis as ProjectorWindow).tableclothEditor?.getViewportPageBounds();
            return (
              b !== undefined &&
              b.x <= 4000 &&
              b.y <= 3000 &&
              b.x + b.w >= 4200 &&
              b.y + b.h >= 3200
            );
          }),
        { timeout: 10_000 },
      )
      .toBe(true);
    // Nobody at the screen can change the cloth.
    await s.evaluate(() => {
      (globalThis as BoardWindow).tableclothEditor?.createShapes([{ type: "geo", x: 0, y: 0 }]);
    });
    await s.waitForTimeout(1_000);
    await expect
      .poll(() =>
        f.evaluate(
          () => (globalThis as BoardWindow).tableclothEditor?.getCurrentPageShapeIds().size,
        ),
      )
      .toBe(1);
    found.push(...(await blockingViolations(s, "projector: table")));
  });

  expect(found, JSON.stringify(found, null, 2)).toEqual([]);
});
