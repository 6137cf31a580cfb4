import { expect, type Page } from "@playwright/test";
import type { BoardWindow } from "./editorGlobal";

/** Creates an event through the home page; lands in its lobby. Returns the join code. */
export async function createEventThroughUi(page: Page, title: string): Promise<string> {
  await page.goto("/");
  await page.getByTestId("create-title").fill(title);
  await page.getByTestId("create-format-world-cafe").check();
  await page.getByTestId("create-name").fill("Fran the facilitator");
  await page.getByTestId("create-submit").click();
  await expect(page.getByTestId("event-title")).toHaveText(title);
  const code = (await page.getByTestId("event-join-code").textContent())?.trim() ?? "";
  expect(code).toMatch(/^[A-Z0-9]{6}$/);
  return code;
}

/** Adds a café table from the lobby (facilitators only). */
export async function addTableThroughUi(page: Page, title: string, question: string) {
  await page.getByTestId("add-board-title").fill(title);
  await page.getByTestId("add-board-question").fill(question);
  await page.getByTestId("add-board-submit").click();
  await expect(page.getByTestId("board-link").filter({ hasText: title })).toBeVisible();
}

/** Joins with the code typed on the home page, as a participant or an observer. */
export async function joinThroughUi(
  page: Page,
  code: string,
  name: string,
  options: { observer?: boolean } = {},
) {
  await page.goto("/");
  await page.getByTestId("home-join-code").fill(code.toLowerCase());
  await page.getByTestId("home-join-submit").click();
  await expect(page.getByTestId("join-code")).toHaveText(code);
  await page.getByTestId("join-name").fill(name);
  if (options.observer) await page.getByTestId("join-observer").check();
  await page.getByTestId("join-submit").click();
  await expect(page.getByTestId("event-title")).toBeVisible();
}

/** Opens a board from the lobby and waits until it is online, synced and drawn. */
export async function openBoardFromLobby(page: Page, title: string) {
  await page.getByTestId("board-link").filter({ hasText: title }).click();
  await waitForBoard(page);
}

export async function waitForBoard(page: Page) {
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-status", "online");
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-synced", "true");
  await expect(page.locator(".tl-canvas")).toBeVisible();
  await page.waitForFunction(() => (globalThis as BoardWindow).tableclothEditor !== undefined);
}

/** Shapes on the board as the page renders them (one DOM element per shape). */
export function renderedShapeCount(page: Page): Promise<number> {
  return page.locator(".tl-canvas [data-shape-id]").count();
}

/** Shapes in the page's store (rendered or not). */
export function storedShapeCount(page: Page): Promise<number> {
  return page.evaluate(
    () => (globalThis as BoardWindow).tableclothEditor?.getCurrentPageShapeIds().size ?? -1,
  );
}

/** Draws one freehand stroke with the mouse, the way a person would. */
export async function drawStroke(page: Page, from: { x: number; y: number }, length = 120) {
  await page.getByTestId("tools.draw").click();
  const canvas = await page.locator(".tl-canvas").boundingBox();
  if (!canvas) throw new Error("no canvas on the page");
  const x = canvas.x + from.x;
  const y = canvas.y + from.y;
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) {
    await page.mouse.move(x + (length * i) / 12, y + 20 * Math.sin(i / 2), { steps: 2 });
  }
  await page.mouse.up();
}

/** Moves the mouse over the canvas, so others see this person's cursor. */
export async function moveCursor(page: Page, to: { x: number; y: number }) {
  const canvas = await page.locator(".tl-canvas").boundingBox();
  if (!canvas) throw new Error("no canvas on the page");
  await page.mouse.move(canvas.x + to.x, canvas.y + to.y, { steps: 5 });
}

/** Milliseconds until `check` holds, polling every 10 ms; throws after `timeoutMs`. */
export async function timeUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<number> {
  const start = performance.now();
  for (;;) {
    if (await check()) return performance.now() - start;
    if (performance.now() - start > timeoutMs)
      throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
