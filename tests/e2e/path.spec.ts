import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import * as Y from "yjs";
import { expect, test } from "./fixtures";
import { drawStroke, joinThroughUi, waitForBoard } from "./support/boardUi";
import { createPathEventThroughUi, startPathThroughUi } from "./support/pathUi";

const STEPS = [
  "1. North Star",
  "2. The goal",
  "3. Now",
  "4. People to enrol",
  "5. Ways to build strength",
  "6. Three months",
  "7. Next month",
  "8. First step",
];

test("a process facilitator steps a PATH through its eight steps and a participant sees where the group is", async ({
  newPerson,
}) => {
  const facilitator = await newPerson();
  const page = facilitator.page;
  await page.goto("/");
  await page.getByTestId("create-title").fill("Sam's PATH");
  await page.getByTestId("create-format-path").check();
  await page.getByTestId("create-name").fill("Fran the facilitator");
  await page.getByTestId("create-submit").click();
  await expect(page.getByTestId("event-title")).toHaveText("Sam's PATH");
  const code = (await page.getByTestId("event-join-code").textContent())?.trim() ?? "";

  const panel = page.getByTestId("path-panel");
  await panel.getByLabel("Focus person or group").fill("Sam");
  await panel.getByRole("button", { name: "Start a PATH" }).click();
  await expect(panel.getByTestId("path-current-step")).toHaveText(/Not started/);
  // Only the first step can be chosen before the start: no skipping ahead.
  await expect(panel.getByRole("button", { name: "2. The goal" })).toHaveCount(0);
  for (const step of STEPS) {
    await panel.getByRole("button", { name: step }).click();
    await expect(panel.getByTestId("path-current-step")).toHaveText(new RegExp(`^${step}`));
  }
  // A step can be revisited.
  await panel.getByRole("button", { name: "2. The goal" }).click();
  await expect(panel.getByTestId("path-current-step")).toHaveText(/^2\. The goal/);
  await panel.getByRole("button", { name: "Open notes" }).click();
  await expect(panel.getByTestId("path-current-step")).toHaveText(/adding notes/);

  const participant = await newPerson();
  await joinThroughUi(participant.page, code, "Pat");
  const seen = participant.page.getByTestId("path-panel");
  await expect(seen.getByTestId("path-current-step")).toHaveText(/^2\. The goal · adding notes/);
  // Participants get no process controls.
  await expect(seen.getByRole("button")).toHaveCount(0);
  await expect(seen.getByRole("link", { name: "PATH for Sam" })).toBeVisible();
});

/** What the page scripts read (the tests compile without the DOM library). */
interface PathPageGlobals {
  localStorage: { getItem(key: string): string | null };
  tableclothEditor?: {
    getViewportPageBounds(): { x: number; y: number; w: number; h: number };
    pageToScreen(point: { x: number; y: number }): { x: number; y: number };
    getShape(id: string): { x: number; y: number } | undefined;
    updateShape(partial: { id: string; type: string; x: number; y: number }): unknown;
    run(fn: () => void, options: { ignoreShapeLock: boolean }): unknown;
  };
}

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

const STEP_IDS = [
  "north-star",
  "goal",
  "now",
  "enrol",
  "strength",
  "three-months",
  "next-month",
  "first-step",
] as const;

const regionId = (step: string) => `shape:path-template-region-${step}`;

/** The board doc's shapes as the server holds them (the facilitator's history endpoint). */
async function serverShapes(
  page: Page,
  eventId: string,
  docName: string,
): Promise<Map<string, { type: string; x: number; y: number; props: Record<string, unknown> }>> {
  const bytes = await page.evaluate(
    async ({ id, doc }) => {
      const raw = (globalThis as unknown as PathPageGlobals).localStorage.getItem(
        `tablecloth:session:${id}`,
      );
      const token = raw ? (JSON.parse(raw) as { token: string }).token : "";
      const res = await fetch(`/api/docs/${doc}/state?at=${Date.now() + 60_000}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      if (!res.ok) throw new Error(`state: ${res.status}`);
      return [...new Uint8Array(await res.arrayBuffer())];
    },
    { id: eventId, doc: docName },
  );
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Uint8Array.from(bytes));
  const out = new Map<
    string,
    { type: string; x: number; y: number; props: Record<string, unknown> }
  >();
  doc.getMap<Y.Map<unknown>>("records").forEach((map, id) => {
    const record = map.toJSON() as {
      typeName?: string;
      type?: string;
      x?: number;
      y?: number;
      props?: Record<string, unknown>;
    };
    if (record.typeName === "shape") {
      out.set(id, {
        type: record.type ?? "",
        x: record.x ?? Number.NaN,
        y: record.y ?? Number.NaN,
        props: record.props ?? {},
      });
    }
  });
  doc.destroy();
  return out;
}

function plainText(value: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown) => {
    if (node === null || typeof node !== "object") return;
    const { text, content } = node as { text?: unknown; content?: unknown };
    if (typeof text === "string") parts.push(text);
    if (Array.isArray(content)) for (const child of content) walk(child);
  };
  walk(value);
  return parts.join(" ");
}

function inside(rect: Rect, x: number, y: number, size = 0): boolean {
  return x >= rect.x && y >= rect.y && x + size <= rect.x + rect.w && y + size <= rect.y + rect.h;
}

test("a process facilitator and a graphic facilitator run a PATH with three participants: notes land in the current region, the template stays put, the poster downloads as A0 PNG and SVG", async ({
  newPerson,
}) => {
  test.setTimeout(1_200_000);
  const facilitator = await newPerson();
  const f = facilitator.page;
  const { code, eventId, panel } = await createPathEventThroughUi(f, "Sam's PATH");
  const boardPath = await startPathThroughUi(panel, "Sam");
  const docName = await f.evaluate(async (id) => {
    const raw = (globalThis as unknown as PathPageGlobals).localStorage.getItem(
      `tablecloth:session:${id}`,
    );
    const token = raw ? (JSON.parse(raw) as { token: string }).token : "";
    const res = await fetch(`/api/events/${id}/path`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const body = (await res.json()) as { plans: Array<{ docName: string }> };
    return body.plans[0]?.docName ?? "";
  }, eventId);
  expect(docName).not.toBe("");

  // The graphic facilitator and three participants, each in their own browser context.
  const graphic = await newPerson();
  await joinThroughUi(graphic.page, code, "Gita");
  const names = ["Pat", "Quinn", "Rae"] as const;
  const participants: Page[] = [];
  for (const name of names) {
    const person = await newPerson();
    await joinThroughUi(person.page, code, name);
    participants.push(person.page);
  }
  const chooser = panel.getByTestId("path-graphic-facilitator");
  await chooser.focus();
  await expect(chooser.locator("option", { hasText: "Gita" })).toHaveCount(1);
  await chooser.selectOption({ label: "Gita" });
  await expect(chooser.locator("option:checked")).toHaveText("Gita");

  // Everyone opens the poster; the process facilitator keeps the event page in a second tab.
  const fBoard = await facilitator.context.newPage();
  for (const page of [fBoard, graphic.page, ...participants]) {
    await page.goto(boardPath);
    // Six pages on two shared cores: tldraw's chunk can take a while to arrive.
    await expect(page.locator(".tl-canvas")).toBeVisible({ timeout: 60_000 });
    await waitForBoard(page);
    await expect(page.getByTestId("path-bar-step")).toHaveText(/^Not started/);
  }
  await expect(graphic.page.getByTestId("path-bar")).toHaveAttribute("data-role", "graphic");
  await expect(participants[0]!.getByTestId("path-bar")).toHaveAttribute(
    "data-role",
    "participant",
  );

  const before = await serverShapes(f, eventId, docName);
  const regions = new Map<string, Rect>();
  for (const step of STEP_IDS) {
    const shape = before.get(regionId(step));
    expect(shape, `region ${step} in the doc`).toBeDefined();
    regions.set(step, {
      x: shape?.x ?? 0,
      y: shape?.y ?? 0,
      w: Number(shape?.props.w),
      h: Number(shape?.props.h),
    });
  }

  const noteTexts: string[] = [];
  for (const [i, label] of STEPS.entries()) {
    const step = STEP_IDS[i]!;
    await test.step(`step ${label}`, async () => {
      // A participant looks elsewhere; the next step brings them back.
      await participants[1]!.evaluate(() => {
        const editor = (globalThis as unknown as PathPageGlobals).tableclothEditor;
        (editor as unknown as { setCamera(c: object): void }).setCamera({ x: 3000, y: 3000, z: 1 });
      });
      await panel.getByRole("button", { name: label }).click();
      await expect(panel.getByTestId("path-current-step")).toHaveText(new RegExp(`^${label}`));
      if (i === 0) {
        // Watch first: participants only look, the graphic facilitator draws anywhere.
        for (const page of participants) {
          await expect(page.getByTestId("path-bar-step")).toHaveText(/watching/);
          await expect(page.getByTestId("path-note-text")).toHaveCount(0);
          await expect(page.getByTestId("readonly-notice")).toBeVisible();
        }
        await expect(graphic.page.getByTestId("readonly-notice")).toHaveCount(0);
        await drawStroke(graphic.page, { x: 200, y: 120 });
        await panel.getByRole("button", { name: "Open notes" }).click();
        await expect(panel.getByTestId("path-current-step")).toHaveText(/adding notes/);
      }
      for (const [n, page] of participants.entries()) {
        await expect(page.getByTestId("path-bar-step")).toHaveText(
          new RegExp(`^${label.replace(".", "\\.")} · adding notes`),
        );
        // The camera follows the step: the region is in view.
        const region = regions.get(step)!;
        await expect
          .poll(async () => {
            const view = await page.evaluate(() =>
              (globalThis as unknown as PathPageGlobals).tableclothEditor?.getViewportPageBounds(),
            );
            if (!view) return false;
            const cx = region.x + region.w / 2;
            const cy = region.y + region.h / 2;
            return cx >= view.x && cx <= view.x + view.w && cy >= view.y && cy <= view.y + view.h;
          })
          .toBe(true);
        const text = `${names[n]} note ${step}`;
        noteTexts.push(text);
        await page.getByTestId("path-note-text").fill(text);
        await page.getByRole("button", { name: "Add note" }).click();
        await expect(page.getByTestId("path-note-text")).toHaveValue("");
      }
      // Time per step is shown.
      await expect(participants[0]!.getByTestId("path-bar-step")).toHaveText(/\d+:\d\d/);
    });
  }
  await expect(participants[0]!.getByTestId("path-bar-times").locator("li")).toHaveCount(8);

  await test.step("every note is in the region of the step it was added in, on the server", async () => {
    await expect
      .poll(async () => {
        const shapes = await serverShapes(f, eventId, docName);
        return [...shapes.values()].filter((s) => s.type === "note").length;
      })
      .toBe(noteTexts.length);
    const shapes = await serverShapes(f, eventId, docName);
    const notes = [...shapes.values()].filter((s) => s.type === "note");
    for (const text of noteTexts) {
      const note = notes.find((s) => plainText(s.props.richText) === text);
      expect(note, text).toBeDefined();
      const step = text.split(" note ")[1] ?? "";
      const region = regions.get(step)!;
      expect(inside(region, note?.x ?? -1, note?.y ?? -1, 200), `${text} inside ${step}`).toBe(
        true,
      );
    }
    // The graphic facilitator's stroke (drawn while participants only watched) is there too.
    expect([...shapes.values()].some((s) => s.type === "draw")).toBe(true);
  });

  await test.step("a participant cannot move the template", async () => {
    const page = participants[0]!;
    const region = regions.get("first-step")!;
    const from = await page.evaluate(
      (p) => (globalThis as unknown as PathPageGlobals).tableclothEditor?.pageToScreen(p),
      { x: region.x + 10, y: region.y + 10 },
    );
    await page.getByTestId("tools.select").click();
    await page.mouse.move(from!.x, from!.y);
    await page.mouse.down();
    await page.mouse.move(from!.x + 150, from!.y + 120, { steps: 8 });
    await page.mouse.up();
    // And past tldraw's lock: the server drops the write.
    await page.evaluate((id) => {
      const editor = (globalThis as unknown as PathPageGlobals).tableclothEditor;
      editor?.run(() => editor.updateShape({ id, type: "geo", x: 0, y: 0 }), {
        ignoreShapeLock: true,
      });
    }, regionId("first-step"));
    await page.waitForTimeout(1000);
    const after = await serverShapes(f, eventId, docName);
    for (const [id, shape] of before) {
      if (!id.startsWith("shape:path-template-")) continue;
      expect({ id, x: after.get(id)?.x, y: after.get(id)?.y }).toEqual({
        id,
        x: shape.x,
        y: shape.y,
      });
    }
  });

  await test.step("the poster downloads as an A0 PNG and an SVG that shows every note", async () => {
    // The others are done: their pages close, so the two shared cores draw the poster.
    for (const page of [graphic.page, ...participants]) await page.close();
    const png = fBoard.waitForEvent("download");
    await fBoard.getByRole("button", { name: "Poster (A0 PNG)" }).click();
    const pngFile = await (await png).path();
    const header = readFileSync(pngFile).subarray(0, 24);
    expect(header.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect({ width: header.readUInt32BE(16), height: header.readUInt32BE(20) }).toEqual({
      width: 7022,
      height: 4967,
    });
    const svg = fBoard.waitForEvent("download");
    await fBoard.getByRole("button", { name: "Poster (SVG)" }).click();
    const svgText = readFileSync(await (await svg).path(), "utf8");
    expect(svgText).toContain('viewBox="0 0 7022 4967"');
    expect(svgText).toContain("@font-face");
    for (const text of noteTexts) expect(svgText, text).toContain(text);
  });
});
