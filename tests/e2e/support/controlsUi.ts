import type { Page } from "@playwright/test";
import type { BoardWindow } from "./editorGlobal";

/** What the tests read in a page besides the editor (the tests' tsconfig has no DOM types). */
export type PageGlobals = typeof globalThis & {
  localStorage: { getItem(key: string): string | null };
};

/** The centre of the part of the board a page shows, in page coordinates. */
export function viewCentre(page: Page): Promise<{ x: number; y: number }> {
  return page.evaluate(() => {
    const editor = (globalThis as BoardWindow).tableclothEditor;
    if (!editor) throw new Error("no editor on this page");
    const { x, y } = editor.getViewportPageBounds().center;
    return { x, y };
  });
}

export function distance(a: { x: number; y: number }, b: { x: number; y: number }): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/** Pans like a person with a mouse wheel over the canvas (tldraw's wheel pans by default). */
export async function wheelPan(page: Page, dx: number, dy: number) {
  const canvas = await page.locator(".tl-canvas").boundingBox();
  if (!canvas) throw new Error("no canvas on the page");
  await page.mouse.move(canvas.x + canvas.width / 3, canvas.y + canvas.height / 2);
  for (let i = 0; i < 5; i++) await page.mouse.wheel(dx / 5, dy / 5);
}

/** Drags the canvas with one finger on a touch screen, as a phone user pans. */
export async function touchPan(page: Page, dx: number, dy: number) {
  const canvas = await page.locator(".tl-canvas").boundingBox();
  if (!canvas) throw new Error("no canvas on the page");
  const x = canvas.x + canvas.width / 2;
  const y = canvas.y + canvas.height / 2;
  const cdp = await page.context().newCDPSession(page);
  try {
    const touch = (type: "touchStart" | "touchMove" | "touchEnd", at: { x: number; y: number }[]) =>
      cdp.send("Input.dispatchTouchEvent", {
        type,
        touchPoints: at.map((p, id) => ({ x: p.x, y: p.y, id, radiusX: 4, radiusY: 4, force: 1 })),
      });
    // Two fingers: a pinch-pan, which tldraw takes as moving the camera whatever the tool.
    await touch("touchStart", [
      { x, y },
      { x: x + 60, y },
    ]);
    for (let i = 1; i <= 10; i++) {
      const ox = (dx * i) / 10;
      const oy = (dy * i) / 10;
      await touch("touchMove", [
        { x: x + ox, y: y + oy },
        { x: x + 60 + ox, y: y + oy },
      ]);
    }
    await touch("touchEnd", []);
  } finally {
    await cdp.detach();
  }
}

export function eventIdOf(page: Page): string {
  const id = new URL(page.url()).pathname.split("/")[2];
  if (!id) throw new Error(`no event in ${page.url()}`);
  return id;
}

/** Calls a controls route from the page with the token this browser holds. */
export function callAsMe(
  page: Page,
  eventId: string,
  path: string,
  body: unknown,
): Promise<number> {
  return page.evaluate(
    async ({ eventId, path, body }) => {
      const raw = (globalThis as PageGlobals).localStorage.getItem(`tablecloth:session:${eventId}`);
      const token = raw ? (JSON.parse(raw) as { token: string }).token : "";
      const res = await fetch(`/api/events/${eventId}/controls${path}`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      return res.status;
    },
    { eventId, path, body },
  );
}
