import type { BrowserContextOptions, Page } from "@playwright/test";

/** A small phone, held upright: the narrowest screen every page must work on. */
export const PHONE: BrowserContextOptions = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

/** A laptop: the configuration's default screen, spelled out for specs that compare. */
export const LAPTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };

/**
 * One finger drawing a stroke, as the touch screen reports it: real touch events through the
 * DevTools protocol (`Input.dispatchTouchEvent`), which Chromium turns into the pointer events
 * (`pointerType: "touch"`) tldraw listens to. `from` is relative to the canvas.
 */
export async function touchStroke(page: Page, from: { x: number; y: number }, length = 120) {
  const canvas = await page.locator(".tl-canvas").boundingBox();
  if (!canvas) throw new Error("no canvas on the page");
  const x = canvas.x + from.x;
  const y = canvas.y + from.y;
  const cdp = await page.context().newCDPSession(page);
  try {
    const touch = (type: "touchStart" | "touchMove" | "touchEnd", at: { x: number; y: number }[]) =>
      cdp.send("Input.dispatchTouchEvent", {
        type,
        touchPoints: at.map((p) => ({ x: p.x, y: p.y, id: 1, radiusX: 4, radiusY: 4, force: 1 })),
      });
    await touch("touchStart", [{ x, y }]);
    for (let i = 1; i <= 12; i++) {
      await touch("touchMove", [{ x: x + (length * i) / 12, y: y + 20 * Math.sin(i / 2) }]);
    }
    await touch("touchEnd", []);
  } finally {
    await cdp.detach();
  }
}
