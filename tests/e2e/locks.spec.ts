import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import {
  addTableThroughUi,
  createEventThroughUi,
  joinThroughUi,
  openBoardFromLobby,
} from "./support/boardUi";
import { PHONE } from "./support/devices";

/** The part of tldraw's editor this spec calls through `window.tableclothEditor`. */
interface LockEditor {
  createShapes(shapes: Array<Record<string, unknown>>): unknown;
  getShape(id: string): { x: number; isLocked: boolean; meta: Record<string, unknown> } | undefined;
  select(...ids: string[]): unknown;
  selectAll(): unknown;
  updateShape(partial: Record<string, unknown>): unknown;
  run(fn: () => void, opts?: { ignoreShapeLock?: boolean }): unknown;
}
type LockWindow = typeof globalThis & { tableclothEditor?: LockEditor };

const SIGN = "shape:sign";

function shapeOf(page: Page) {
  return page.evaluate(
    (id) => (globalThis as LockWindow).tableclothEditor?.getShape(id) ?? null,
    SIGN,
  );
}

test("a facilitator's lock holds against a participant, in the page and against a forced edit; unlocked, the shape moves again", async ({
  newPerson,
}) => {
  test.setTimeout(180_000);
  const facilitator = await newPerson();
  const f = facilitator.page;
  const code = await createEventThroughUi(f, "Locked café");
  await addTableThroughUi(f, "Table 1", "What would help?");
  const lobby = f.url();
  await openBoardFromLobby(f, "Table 1");

  await test.step("the facilitator locks a shape", async () => {
    await f.evaluate((id) => {
      const editor = (globalThis as LockWindow).tableclothEditor;
      editor?.createShapes([{ id, type: "geo", x: 200, y: 200, props: { w: 160, h: 100 } }]);
      editor?.select(id);
    }, SIGN);
    await f.getByTestId("facilitator-lock").click();
    await expect(f.getByTestId("facilitator-unlock-all")).toHaveText("Unlock all (1)");
    const locked = await shapeOf(f);
    expect(locked?.isLocked).toBe(true);
    expect(locked?.meta.facilitatorLock).toBe(true);
  });

  const guest = await newPerson();
  const g = guest.page;
  await joinThroughUi(g, code, "Pat");
  await openBoardFromLobby(g, "Table 1");
  await expect.poll(async () => (await shapeOf(g))?.isLocked).toBe(true);
  await expect(g.getByTestId("facilitator-locks")).toHaveCount(0);

  await test.step("the participant cannot move it, nor unlock it with Shift+L", async () => {
    const canvas = await g.locator(".tl-canvas").boundingBox();
    if (!canvas) throw new Error("no canvas");
    // The editor itself is not sent back (selectAll returns it): only the side effect matters.
    await g.evaluate(() => {
      (globalThis as LockWindow).tableclothEditor?.selectAll();
    });
    await g.keyboard.press("Shift+L");
    await g.waitForTimeout(500);
    expect((await shapeOf(g))?.isLocked).toBe(true);
    expect((await shapeOf(f))?.isLocked).toBe(true);
  });

  await test.step("a forced edit from the participant's page is refused by the server", async () => {
    await g.evaluate((id) => {
      const editor = (globalThis as LockWindow).tableclothEditor;
      editor?.run(() => editor.updateShape({ id, type: "geo", x: 900 }), {
        ignoreShapeLock: true,
      });
    }, SIGN);
    await expect(g.getByTestId("connection-status")).not.toHaveAttribute("data-status", "online", {
      timeout: 15_000,
    });
    await g.waitForTimeout(1_000);
    expect((await shapeOf(f))?.x).toBe(200);
    await f.reload();
    await expect(f.locator(".tl-canvas")).toBeVisible({ timeout: 30_000 });
    await expect.poll(async () => (await shapeOf(f))?.x).toBe(200);
  });

  await test.step("the participant's page opens the board again by itself, the refused edit undone", async () => {
    await expect(g.getByTestId("refused-change-notice")).toBeVisible({ timeout: 15_000 });
    await expect(g.getByTestId("connection-status")).toHaveAttribute("data-status", "online", {
      timeout: 15_000,
    });
    await expect.poll(async () => (await shapeOf(g))?.x, { timeout: 15_000 }).toBe(200);
    // What the device kept offline no longer holds the refused edit: a reload stays online.
    await g.reload();
    await expect(g.getByTestId("connection-status")).toHaveAttribute("data-status", "online", {
      timeout: 30_000,
    });
    await g.waitForTimeout(1_000);
    await expect(g.getByTestId("connection-status")).toHaveAttribute("data-status", "online");
    expect((await shapeOf(g))?.x).toBe(200);
  });

  // Someone else at the table, on a device of their own.
  const other = await newPerson();
  const q = other.page;
  await joinThroughUi(q, code, "Quinn");
  await openBoardFromLobby(q, "Table 1");
  await expect.poll(async () => (await shapeOf(q))?.x).toBe(200);

  await test.step("the facilitator unlocks; a participant's move lands", async () => {
    await f.getByTestId("facilitator-unlock-all").click();
    await expect(f.getByTestId("facilitator-unlock-all")).toHaveCount(0);
    await expect.poll(async () => (await shapeOf(q))?.isLocked).toBe(false);
    await q.evaluate((id) => {
      (globalThis as LockWindow).tableclothEditor?.updateShape({ id, type: "geo", x: 420 });
    }, SIGN);
    await expect.poll(async () => (await shapeOf(f))?.x).toBe(420);
    expect(lobby).toContain("/e/");
  });
});

test("a facilitator makes every board view only for the harvest, then opens them again", async ({
  newPerson,
}) => {
  test.setTimeout(180_000);
  const facilitator = await newPerson();
  const f = facilitator.page;
  const code = await createEventThroughUi(f, "Harvest café");
  await addTableThroughUi(f, "Table 1", "What did we learn?");
  await openBoardFromLobby(f, "Table 1");
  // The participant on a phone: the notice must reach the narrowest screen too.
  const guest = await newPerson(PHONE);
  const g = guest.page;
  await joinThroughUi(g, code, "Pat");
  await openBoardFromLobby(g, "Table 1");
  await expect(g.getByTestId("board-page")).toHaveAttribute("data-readonly", "false");

  await test.step("view only: the participant's board says so and refuses a forced edit", async () => {
    await f.getByTestId("facilitator-controls").locator("summary").click();
    await f.getByTestId("boards-phase-toggle").click();
    await expect(f.getByTestId("boards-phase-toggle")).toHaveText("Open the boards again");
    await expect(g.getByTestId("boards-view-only")).toBeVisible();
    const notice = await g.getByTestId("boards-view-only").boundingBox();
    expect(notice && notice.x >= 0 && notice.x + notice.width <= 360).toBe(true);
    await expect(g.getByTestId("board-page")).toHaveAttribute("data-readonly", "true");
    // The facilitator still draws.
    await f.evaluate(() => {
      (globalThis as LockWindow).tableclothEditor?.createShapes([
        { id: "shape:harvest", type: "geo", x: 100, y: 100, props: { w: 120, h: 80 } },
      ]);
    });
    await expect
      .poll(() =>
        g.evaluate(() =>
          Boolean((globalThis as LockWindow).tableclothEditor?.getShape("shape:harvest")),
        ),
      )
      .toBe(true);
  });

  await test.step("open again: the notice goes and the participant's drawing lands", async () => {
    await f.getByTestId("boards-phase-toggle").click();
    await expect(g.getByTestId("boards-view-only")).toHaveCount(0);
    await expect(g.getByTestId("board-page")).toHaveAttribute("data-readonly", "false");
    await g.evaluate(() => {
      (globalThis as LockWindow).tableclothEditor?.createShapes([
        { id: "shape:pat", type: "geo", x: 300, y: 100, props: { w: 120, h: 80 } },
      ]);
    });
    await expect
      .poll(() =>
        f.evaluate(() =>
          Boolean((globalThis as LockWindow).tableclothEditor?.getShape("shape:pat")),
        ),
      )
      .toBe(true);
  });
});
