import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { createEventThroughUi, joinThroughUi, waitForBoard } from "./support/boardUi";
import { LAPTOP, PHONE, touchStroke } from "./support/devices";
import type { BoardWindow } from "./support/editorGlobal";

/** On a phone the cloth must take at least this share of the screen's width. */
const PHONE_CANVAS_SHARE = 0.8;

function shapeTypes(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const editor = (globalThis as BoardWindow).tableclothEditor as
      | (BoardWindow["tableclothEditor"] & { getCurrentPageShapes(): { type: string }[] })
      | undefined;
    return editor ? editor.getCurrentPageShapes().map((s) => s.type) : [];
  });
}

/** Sets up a one-table café from a laptop (everyone sits together) and returns its join code. */
async function cafeWithOneTable(page: Page, title: string): Promise<string> {
  const code = await createEventThroughUi(page, title);
  await page.getByTestId("open-cafe").click();
  await page
    .getByTestId("cafe-setup-questions")
    .fill(
      "What would make this neighbourhood a place where everyone, including people who have only just arrived, feels they belong?",
    );
  await page.getByTestId("cafe-setup-rounds").fill("3");
  await page.getByTestId("cafe-setup-minutes").fill("20");
  await page.getByTestId("cafe-setup-tables").fill("1");
  await page.getByTestId("cafe-setup-people").fill("4");
  await page.getByTestId("cafe-setup-submit").click();
  await expect(page.getByTestId("cafe-table-row")).toHaveCount(1);
  return code;
}

test("café on a 360 × 740 phone: the cloth takes the width, the table's facts stay in view, a finger draws", async ({
  newPerson,
}) => {
  test.setTimeout(180_000);
  const facilitator = await newPerson(LAPTOP);
  const f = facilitator.page;
  const code = await cafeWithOneTable(f, "Phone café");

  const phone = await newPerson(PHONE);
  const laptop = await newPerson(LAPTOP);
  const p = phone.page;
  await test.step("a phone and a laptop join and sit down", async () => {
    for (const [person, name] of [
      [phone, "Pia on a phone"],
      [laptop, "Lars on a laptop"],
    ] as const) {
      await joinThroughUi(person.page, code, name);
      await person.page.getByTestId("open-cafe").click();
      await person.page.getByTestId("cafe-in-room").click();
    }
    await f.getByTestId("cafe-plan-rotation").click();
    await expect(f.getByTestId("cafe-plan-person")).toHaveCount(2);
    await f.getByTestId("cafe-apply-rotation").click();
    for (const page of [p, laptop.page]) {
      // Two shared cores: tldraw's chunk can take a while to arrive on a busy machine.
      await expect(page.locator(".tl-canvas")).toBeVisible({ timeout: 30_000 });
      await waitForBoard(page);
    }
  });

  await test.step("on the phone the canvas takes at least 80 % of the width", async () => {
    const canvas = await p.locator(".tl-canvas").boundingBox();
    expect(canvas, "a canvas").not.toBeNull();
    expect(canvas?.width ?? 0).toBeGreaterThanOrEqual(360 * PHONE_CANVAS_SHARE);
    // Nothing is wider than the screen (no sideways scrolling).
    const scrollWidth = await p.evaluate(
      () =>
        (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } })
          .document.documentElement.scrollWidth,
    );
    expect(scrollWidth).toBeLessThanOrEqual(360);
  });

  await test.step("the table, its question, the timer and the host are visible above the cloth, not over it", async () => {
    const canvas = await p.locator(".tl-canvas").boundingBox();
    for (const id of ["cafe-table-name", "cafe-question", "cafe-countdown", "cafe-host"]) {
      const box = await p.getByTestId(id).boundingBox();
      expect(box, `${id} is shown`).not.toBeNull();
      await expect(p.getByTestId(id)).toBeInViewport();
      expect((box?.y ?? 0) + (box?.height ?? 0), `${id} ends above the cloth`).toBeLessThanOrEqual(
        (canvas?.y ?? 0) + 1,
      );
    }
    // The side panel is a closed sheet until asked for; opening it shows who is where.
    await expect(p.getByTestId("cafe-side")).toBeHidden();
    await p.getByTestId("cafe-sheet-toggle").tap();
    await expect(p.getByTestId("cafe-map")).toBeVisible();
    await expect(p.getByTestId("cafe-sheet-toggle")).toHaveAttribute("aria-expanded", "true");
    await p.getByTestId("cafe-sheet-toggle").tap();
    await expect(p.getByTestId("cafe-side")).toBeHidden();
  });

  await test.step("a finger on the touch screen draws a stroke, and the laptop at the table sees it", async () => {
    await p.getByTestId("tools.draw").tap();
    await touchStroke(p, { x: 60, y: 150 });
    await expect.poll(() => shapeTypes(p)).toEqual(["draw"]);
    await expect.poll(() => shapeTypes(laptop.page)).toEqual(["draw"]);
  });

  await test.step("simple tools: a few big tools, and a finger still draws", async () => {
    // Right after a stroke the first tap is sometimes not taken (seen 1 run in 4; noted as a
    // finding): tap again only while the switch is still off, so it can never toggle back.
    const simpleTools = p.getByTestId("simple-tools");
    await expect(async () => {
      if ((await simpleTools.getAttribute("aria-pressed")) !== "true") await simpleTools.tap();
      await expect(simpleTools).toHaveAttribute("aria-pressed", "true", { timeout: 2_000 });
    }).toPass({ timeout: 15_000 });
    for (const tool of ["select", "hand", "draw", "eraser", "note", "text"]) {
      const box = await p.getByTestId(`tools.${tool}`).boundingBox();
      expect(box, `the ${tool} tool is there`).not.toBeNull();
      expect(box?.height ?? 0, `the ${tool} tool is a big target`).toBeGreaterThanOrEqual(56);
    }
    for (const tool of ["arrow", "rectangle", "laser", "frame"]) {
      await expect(p.getByTestId(`tools.${tool}`), `no ${tool} tool`).toHaveCount(0);
    }
    await p.getByTestId("tools.draw").tap();
    await touchStroke(p, { x: 60, y: 260 });
    await expect.poll(() => shapeTypes(p)).toEqual(["draw", "draw"]);
    // The choice is this device's: the laptop keeps tldraw's full toolbar.
    await expect(laptop.page.getByTestId("simple-tools")).toHaveAttribute("aria-pressed", "false");
  });

  await test.step("on a 1280 × 800 laptop the side panel stays beside the cloth", async () => {
    const l = laptop.page;
    await expect(l.getByTestId("cafe-side")).toBeVisible();
    await expect(l.getByTestId("cafe-sheet-toggle")).toBeHidden();
    const canvas = await l.locator(".tl-canvas").boundingBox();
    const side = await l.getByTestId("cafe-side").boundingBox();
    expect((canvas?.x ?? 0) + (canvas?.width ?? 0)).toBeLessThanOrEqual((side?.x ?? 0) + 1);
    expect(canvas?.width ?? 0).toBeGreaterThanOrEqual(1280 * 0.7);
  });
});
