import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import {
  addTableThroughUi,
  createEventThroughUi,
  joinThroughUi,
  openBoardFromLobby,
  waitForBoard,
} from "./support/boardUi";
import { PHONE } from "./support/devices";
import type { BoardWindow } from "./support/editorGlobal";

/** What the tests read in a page besides the editor (the tests' tsconfig has no DOM types). */
type PageGlobals = typeof globalThis & { localStorage: { getItem(key: string): string | null } };

/** The centre of the part of the board a page shows, in page coordinates. */
function viewCentre(page: Page): Promise<{ x: number; y: number }> {
  return page.evaluate(() => {
    const editor = (globalThis as BoardWindow).tableclothEditor;
    if (!editor) throw new Error("no editor on this page");
    const { x, y } = editor.getViewportPageBounds().center;
    return { x, y };
  });
}

function distance(a: { x: number; y: number }, b: { x: number; y: number }): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/** Pans like a person with a mouse wheel over the canvas (tldraw's wheel pans by default). */
async function wheelPan(page: Page, dx: number, dy: number) {
  const canvas = await page.locator(".tl-canvas").boundingBox();
  if (!canvas) throw new Error("no canvas on the page");
  await page.mouse.move(canvas.x + canvas.width / 3, canvas.y + canvas.height / 2);
  for (let i = 0; i < 5; i++) await page.mouse.wheel(dx / 5, dy / 5);
}

/** Drags the canvas with one finger on a touch screen, as a phone user pans. */
async function touchPan(page: Page, dx: number, dy: number) {
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

function eventIdOf(page: Page): string {
  const id = new URL(page.url()).pathname.split("/")[2];
  if (!id) throw new Error(`no event in ${page.url()}`);
  return id;
}

/** Calls a controls route from the page with the token this browser holds. */
function callAsMe(page: Page, eventId: string, path: string, body: unknown): Promise<number> {
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

test("a facilitator's broadcast with a chime reaches a table page, the lobby on a phone and an observer", async ({
  newPerson,
}) => {
  const fran = await newPerson();
  const code = await createEventThroughUi(fran.page, "Town hall");
  await addTableThroughUi(fran.page, "Table 1", "What should the square be for?");
  const eventId = eventIdOf(fran.page);

  const ada = await newPerson();
  await joinThroughUi(ada.page, code, "Ada");
  await openBoardFromLobby(ada.page, "Table 1");
  // A click on her page: from now on it may play sound.
  await ada.page.getByTestId("board-title").click();

  const ben = await newPerson(PHONE);
  await joinThroughUi(ben.page, code, "Ben");

  const screen = await newPerson();
  await joinThroughUi(screen.page, code, "Projector", { observer: true });

  for (const person of [ada, ben, screen]) {
    await expect(person.page.getByTestId("broadcast-region")).toHaveAttribute("role", "status");
    await expect(person.page.getByTestId("broadcast-banner")).toHaveCount(0);
  }

  await test.step("a participant may not broadcast", async () => {
    expect(await callAsMe(ada.page, eventId, "/broadcast", { text: "Free pizza" })).toBe(403);
  });

  await test.step("the facilitator sends a message with a chime", async () => {
    await fran.page.getByTestId("facilitator-controls").locator("summary").click();
    await fran.page.getByTestId("broadcast-input").fill("Five minutes left in this round");
    await expect(fran.page.getByTestId("broadcast-chime")).toBeChecked();
    await fran.page.getByTestId("broadcast-send").click();
  });

  await test.step("every page shows it; the chime sounds where the page may play sound", async () => {
    for (const person of [ada, ben, screen, fran]) {
      await expect(person.page.getByTestId("broadcast-text")).toHaveText(
        "Five minutes left in this round",
      );
      await expect(
        person.page.getByTestId("broadcast-region").getByTestId("broadcast-banner"),
      ).toBeVisible();
    }
    // Ada clicked her page, so WebAudio runs there; the others have not touched theirs.
    await expect(ada.page.getByTestId("broadcast-banner")).toHaveAttribute("data-chime", "played");
    await expect(ben.page.getByTestId("broadcast-banner")).toHaveAttribute("data-chime", "silent");
    await expect(screen.page.getByTestId("broadcast-banner")).toHaveAttribute(
      "data-chime",
      "silent",
    );
    // On the phone the banner fits the screen.
    const box = await ben.page.getByTestId("broadcast-banner").boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 360).toBe(true);
  });

  await test.step("dismissed, it goes; the next message replaces it everywhere", async () => {
    await ada.page.getByTestId("broadcast-dismiss").click();
    await expect(ada.page.getByTestId("broadcast-banner")).toHaveCount(0);
    await fran.page.getByTestId("broadcast-chime").uncheck();
    await fran.page.getByTestId("broadcast-input").fill("Please come back to the plenary");
    await fran.page.getByTestId("broadcast-send").click();
    for (const person of [ada, ben, screen]) {
      await expect(person.page.getByTestId("broadcast-text")).toHaveText(
        "Please come back to the plenary",
      );
      await expect(person.page.getByTestId("broadcast-banner")).toHaveCount(1);
    }
    await expect(ada.page.getByTestId("broadcast-banner")).toHaveAttribute("data-chime", "none");
  });
});

test("take control: people land on the facilitator's board, follow the pans, cannot pan away until released", async ({
  newPerson,
}) => {
  const fran = await newPerson();
  const code = await createEventThroughUi(fran.page, "Neighbourhood plan");
  await addTableThroughUi(fran.page, "Plenary", "Where are we?");
  await addTableThroughUi(fran.page, "Table 1", "What should stay?");
  const eventId = eventIdOf(fran.page);

  const ada = await newPerson();
  await joinThroughUi(ada.page, code, "Ada");
  await openBoardFromLobby(ada.page, "Table 1");
  const ben = await newPerson(PHONE);
  await joinThroughUi(ben.page, code, "Ben");

  await openBoardFromLobby(fran.page, "Plenary");
  const plenaryPath = new URL(fran.page.url()).pathname;
  const plenaryId = plenaryPath.split("/")[4];

  await test.step("a participant may not summon or release", async () => {
    expect(
      await callAsMe(ada.page, eventId, "/summon", { boardId: plenaryId, mode: "control" }),
    ).toBe(403);
    const release = await ada.page.evaluate(async (eventId) => {
      const raw = (globalThis as PageGlobals).localStorage.getItem(`tablecloth:session:${eventId}`);
      const token = raw ? (JSON.parse(raw) as { token: string }).token : "";
      const res = await fetch(`/api/events/${eventId}/controls/summon`, {
        method: "DELETE",
        headers: { Authorization: `Bearer ${token}` },
      });
      return res.status;
    }, eventId);
    expect(release).toBe(403);
  });

  await test.step("take control brings everyone to the plenary, locked to Fran's view", async () => {
    await fran.page.getByTestId("facilitator-controls").locator("summary").click();
    await fran.page.getByTestId("summon-control").click();
    await expect(fran.page.getByTestId("summon-in-force")).toBeVisible();
    await fran.page.getByTestId("facilitator-controls").locator("summary").click();
    for (const person of [ada, ben]) {
      await expect(person.page).toHaveURL(new RegExp(`${plenaryPath}$`));
      await waitForBoard(person.page);
      await expect(person.page.getByTestId("board-title")).toHaveText("Plenary");
      await expect(person.page.getByTestId("summon-notice")).toHaveAttribute("data-locked", "true");
    }
  });

  await test.step("their view follows Fran's pans", async () => {
    await wheelPan(fran.page, 1500, 900);
    const target = await viewCentre(fran.page);
    for (const person of [ada, ben]) {
      await expect
        .poll(async () => distance(await viewCentre(person.page), target), { timeout: 10_000 })
        .toBeLessThan(5);
    }
  });

  await test.step("their own pan and zoom do not take them away", async () => {
    const target = await viewCentre(fran.page);
    await wheelPan(ada.page, -2000, -1200);
    await ada.page.keyboard.press("Shift+1");
    await touchPan(ben.page, 150, 200);
    // Give the pans time to have moved the camera, had they been taken.
    await fran.page.waitForTimeout(500);
    for (const person of [ada, ben]) {
      expect(distance(await viewCentre(person.page), target)).toBeLessThan(5);
      const state = await person.page.evaluate(() => {
        const editor = (globalThis as BoardWindow).tableclothEditor;
        return {
          following: editor?.getInstanceState().followingUserId ?? null,
          locked: editor?.getCameraOptions().isLocked ?? false,
        };
      });
      expect(state.following).not.toBeNull();
      expect(state.locked).toBe(true);
    }
    await wheelPan(fran.page, -800, 300);
    const moved = await viewCentre(fran.page);
    await expect
      .poll(async () => distance(await viewCentre(ada.page), moved), { timeout: 10_000 })
      .toBeLessThan(5);
  });

  await test.step("after release they pan freely", async () => {
    await fran.page.getByTestId("facilitator-controls").locator("summary").click();
    await fran.page.getByTestId("summon-release").click();
    await expect(fran.page.getByTestId("summon-in-force")).toHaveCount(0);
    await fran.page.getByTestId("facilitator-controls").locator("summary").click();
    for (const person of [ada, ben]) {
      await expect(person.page.getByTestId("summon-notice")).toHaveCount(0);
      await expect
        .poll(() =>
          person.page.evaluate(
            () => (globalThis as BoardWindow).tableclothEditor?.getCameraOptions().isLocked,
          ),
        )
        .toBe(false);
    }
    const franView = await viewCentre(fran.page);
    await wheelPan(ada.page, -2000, -1200);
    await touchPan(ben.page, 150, 200);
    await expect
      .poll(async () => distance(await viewCentre(ada.page), franView))
      .toBeGreaterThan(500);
    await expect
      .poll(async () => distance(await viewCentre(ben.page), franView))
      .toBeGreaterThan(50);
    // Still on the plenary: a released summon leaves people where they are.
    await expect(ada.page).toHaveURL(new RegExp(`${plenaryPath}$`));
  });

  await test.step("plain follow me: people follow until they pan away", async () => {
    await fran.page.getByTestId("facilitator-controls").locator("summary").click();
    await fran.page.getByTestId("summon-follow").click();
    await fran.page.getByTestId("facilitator-controls").locator("summary").click();
    await expect(ada.page.getByTestId("summon-notice")).toHaveAttribute("data-locked", "false");
    const target = await viewCentre(fran.page);
    await expect
      .poll(async () => distance(await viewCentre(ada.page), target), { timeout: 10_000 })
      .toBeLessThan(5);
    await wheelPan(ada.page, -2000, -1200);
    await expect(ada.page.getByTestId("summon-notice")).toHaveCount(0);
    const adaView = await viewCentre(ada.page);
    await wheelPan(fran.page, 1200, 0);
    await fran.page.waitForTimeout(500);
    expect(distance(await viewCentre(ada.page), adaView)).toBeLessThan(5);
  });
});
