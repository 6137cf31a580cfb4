import { expect, test } from "./fixtures";
import { blockingViolations } from "./support/axe";
import {
  addTableThroughUi,
  createEventThroughUi,
  joinThroughUi,
  openBoardFromLobby,
  waitForBoard,
} from "./support/boardUi";
import {
  callAsMe,
  distance,
  eventIdOf,
  type PageGlobals,
  touchPan,
  viewCentre,
  wheelPan,
} from "./support/controlsUi";
import { PHONE } from "./support/devices";
import type { BoardWindow } from "./support/editorGlobal";

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
    expect(
      await blockingViolations(fran.page, "board with the controls open", [
        "[data-testid=facilitator-controls]",
      ]),
    ).toEqual([]);
    await fran.page.getByTestId("facilitator-controls").locator("summary").click();
    for (const person of [ada, ben]) {
      await expect(person.page).toHaveURL(new RegExp(`${plenaryPath}$`));
      await waitForBoard(person.page);
      await expect(person.page.getByTestId("board-title")).toHaveText("Plenary");
      await expect(person.page.getByTestId("summon-notice")).toHaveAttribute("data-locked", "true");
    }
    // Only the controls' own parts: tldraw's name tags of other people's cursors (presence
    // colours) are not this feature's, and a11y.spec.ts checks the board page as a whole.
    expect(
      await blockingViolations(ben.page, "phone board under take-control", [
        ".summon-notice",
        ".broadcast",
        ".board__bar",
      ]),
    ).toEqual([]);
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
