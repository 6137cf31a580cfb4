import { expect, test } from "./fixtures";
import {
  addTableThroughUi,
  createEventThroughUi,
  drawStroke,
  joinThroughUi,
  moveCursor,
  openBoardFromLobby,
  renderedShapeCount,
  storedShapeCount,
  timeUntil,
  waitForBoard,
} from "./support/boardUi";
import type { BoardWindow } from "./support/editorGlobal";

/** The bar: a change or a cursor shows up in the other browser within a second. */
const LIVE_MS = 1_000;

test("two people draw together, one offline for a while, and an observer only watches", async ({
  newPerson,
}) => {
  const facilitator = await newPerson();
  const code = await createEventThroughUi(facilitator.page, "Neighbourhood café");
  await addTableThroughUi(facilitator.page, "Table 1", "What makes a street feel safe?");

  const ada = await newPerson();
  const ben = await newPerson();
  await joinThroughUi(ada.page, code, "Ada");
  await joinThroughUi(ben.page, code, "Ben");
  await openBoardFromLobby(ada.page, "Table 1");
  await openBoardFromLobby(ben.page, "Table 1");
  await expect(ada.page.getByTestId("board-title")).toHaveText("Table 1");
  // The board has a stable deep link: both are on the same URL.
  expect(new URL(ada.page.url()).pathname).toBe(new URL(ben.page.url()).pathname);
  expect(new URL(ada.page.url()).pathname).toMatch(/^\/e\/[^/]+\/b\/[^/]+$/);

  await test.step("each sees the other's strokes within a second", async () => {
    await drawStroke(ada.page, { x: 200, y: 200 });
    const seenByBen = await timeUntil(
      async () => (await renderedShapeCount(ben.page)) === 1,
      LIVE_MS,
      "Ada's stroke on Ben's screen",
    );
    await drawStroke(ben.page, { x: 200, y: 350 });
    const seenByAda = await timeUntil(
      async () => (await renderedShapeCount(ada.page)) === 2,
      LIVE_MS,
      "Ben's stroke on Ada's screen",
    );
    test.info().annotations.push({
      type: "latency",
      description: `stroke seen by Ben after ${seenByBen.toFixed(0)} ms, by Ada after ${seenByAda.toFixed(0)} ms`,
    });
  });

  await test.step("each sees the other's cursor within a second", async () => {
    await moveCursor(ada.page, { x: 500, y: 300 });
    await timeUntil(
      () => ben.page.locator(".tl-collaborator__cursor").first().isVisible(),
      LIVE_MS,
      "Ada's cursor on Ben's screen",
    );
    await moveCursor(ben.page, { x: 600, y: 250 });
    await timeUntil(
      () => ada.page.locator(".tl-collaborator__cursor").first().isVisible(),
      LIVE_MS,
      "Ben's cursor on Ada's screen",
    );
  });

  await test.step("Ada goes offline, keeps drawing, and her strokes arrive when she is back", async () => {
    await ada.context.setOffline(true);
    await expect(ada.page.getByTestId("connection-status")).toHaveAttribute(
      "data-status",
      "offline",
    );
    await expect(ada.page.getByTestId("connection-status")).toContainText("Offline");
    await drawStroke(ada.page, { x: 200, y: 450 });
    await drawStroke(ada.page, { x: 200, y: 520 });
    expect(await renderedShapeCount(ada.page)).toBe(4);
    // While she is offline, Ben must not get them: this is a real disconnection.
    await ben.page.waitForTimeout(1_500);
    expect(await renderedShapeCount(ben.page)).toBe(2);

    await ada.context.setOffline(false);
    await expect(ada.page.getByTestId("connection-status")).toHaveAttribute(
      "data-status",
      "online",
    );
    await expect.poll(() => renderedShapeCount(ben.page)).toBe(4);
  });

  await test.step("a reload shows everything", async () => {
    await ben.page.reload();
    await waitForBoard(ben.page);
    await expect.poll(() => renderedShapeCount(ben.page)).toBe(4);
    await ada.page.reload();
    await waitForBoard(ada.page);
    await expect.poll(() => renderedShapeCount(ada.page)).toBe(4);
  });

  await test.step("an observer's page cannot change the board", async () => {
    const watcher = await newPerson();
    await joinThroughUi(watcher.page, code, "Projector", { observer: true });
    await openBoardFromLobby(watcher.page, "Table 1");
    await expect(watcher.page.getByTestId("readonly-badge")).toBeVisible();
    await expect(watcher.page.getByTestId("readonly-notice")).toBeVisible();
    await expect.poll(() => renderedShapeCount(watcher.page)).toBe(4);
    // Read-only boards look read-only: no drawing tools on offer.
    await expect(watcher.page.getByTestId("tools.draw")).toHaveCount(0);

    // Try as a person would: drag across the canvas, select all, delete.
    const canvas = await watcher.page.locator(".tl-canvas").boundingBox();
    if (!canvas) throw new Error("no canvas");
    await watcher.page.mouse.move(canvas.x + 300, canvas.y + 600);
    await watcher.page.mouse.down();
    await watcher.page.mouse.move(canvas.x + 500, canvas.y + 650, { steps: 8 });
    await watcher.page.mouse.up();
    await watcher.page.keyboard.press("ControlOrMeta+a");
    await watcher.page.keyboard.press("Delete");

    // And as a tampered page would: lift the editor's read-only flag and write anyway.
    await watcher.page.evaluate(() => {
      const editor = (globalThis as BoardWindow).tableclothEditor;
      if (!editor) throw new Error("no editor");
      editor.updateInstanceState({ isReadonly: false });
      editor.createShapes([{ type: "geo", x: 50, y: 50, props: { w: 80, h: 80 } }]);
      editor.deleteShapes([...editor.getCurrentPageShapeIds()].slice(0, 2));
    });

    await ada.page.waitForTimeout(1_500);
    expect(await storedShapeCount(ada.page)).toBe(4);
    expect(await renderedShapeCount(ben.page)).toBe(4);
    await watcher.page.reload();
    await waitForBoard(watcher.page);
    await expect.poll(() => renderedShapeCount(watcher.page)).toBe(4);
  });
});

test("strokes drawn offline survive closing the page and reach others later", async ({
  newPerson,
}) => {
  const facilitator = await newPerson();
  const code = await createEventThroughUi(facilitator.page, "Evening café");
  await addTableThroughUi(facilitator.page, "Table 2", "What would you keep?");
  await openBoardFromLobby(facilitator.page, "Table 2");

  const cara = await newPerson();
  await joinThroughUi(cara.page, code, "Cara");
  await openBoardFromLobby(cara.page, "Table 2");
  const boardUrl = cara.page.url();

  await cara.context.setOffline(true);
  await expect(cara.page.getByTestId("connection-status")).toHaveAttribute(
    "data-status",
    "offline",
  );
  await drawStroke(cara.page, { x: 250, y: 250 });
  await drawStroke(cara.page, { x: 250, y: 400 });
  expect(await renderedShapeCount(cara.page)).toBe(2);
  // The strokes are only on this device now (in IndexedDB): give it a moment to write, then close.
  await cara.page.waitForTimeout(1_000);
  await cara.page.close();
  expect(await renderedShapeCount(facilitator.page)).toBe(0);

  // Later, back online, Cara opens the board again: her strokes come from the device's cache
  // and go to the server, and the facilitator sees them.
  await cara.context.setOffline(false);
  const again = await cara.context.newPage();
  await again.goto(boardUrl);
  await waitForBoard(again);
  await expect.poll(() => renderedShapeCount(again)).toBe(2);
  await expect.poll(() => renderedShapeCount(facilitator.page)).toBe(2);
});
