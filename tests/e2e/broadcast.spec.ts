import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { blockingViolations } from "./support/axe";
import {
  addTableThroughUi,
  createEventThroughUi,
  joinThroughUi,
  openBoardFromLobby,
} from "./support/boardUi";
import { callAsMe, eventIdOf } from "./support/controlsUi";
import { PHONE } from "./support/devices";

// Playwright's tracing counts as a user gesture in Chromium (a traced page may always play
// sound), which would hide the path of a page that may not: this file runs untraced.
test.use({ trace: "off" });

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
  // Joining took clicks; a new tab on the lobby has had no gesture, so it may not play sound
  // (a projector's page opened and left alone). Playwright's own queries count as gestures in
  // Chromium, so these tabs are only watched from the network until the message arrived.
  const untouched: { page: Page; frames: number }[] = [];
  for (const person of [ben, screen]) {
    const lobby = person.page.url();
    const fresh = await person.context.newPage();
    await person.page.close();
    person.page = fresh;
    const watched = { page: fresh, frames: 0 };
    fresh.on("websocket", (socket) => {
      socket.on("framereceived", () => {
        watched.frames += 1;
      });
    });
    untouched.push(watched);
    await fresh.goto(lobby);
  }
  // Both lobbies' sockets on the control doc synced.
  await expect.poll(() => untouched.every((w) => w.frames >= 4), { timeout: 20_000 }).toBe(true);

  await expect(ada.page.getByTestId("broadcast-region")).toHaveAttribute("role", "status");
  await expect(ada.page.getByTestId("broadcast-banner")).toHaveCount(0);

  await test.step("a participant may not broadcast", async () => {
    expect(await callAsMe(ada.page, eventId, "/broadcast", { text: "Free pizza" })).toBe(403);
  });

  await test.step("the facilitator sends a message with a chime", async () => {
    await fran.page.getByTestId("facilitator-controls").locator("summary").click();
    await fran.page.getByTestId("broadcast-input").fill("Five minutes left in this round");
    await expect(fran.page.getByTestId("broadcast-chime")).toBeChecked();
    const before = untouched.map((w) => w.frames);
    await fran.page.getByTestId("broadcast-send").click();
    // The message reached the untouched tabs; give their chime a moment to be decided.
    await expect
      .poll(() => untouched.every((w, i) => w.frames > (before[i] ?? 0)), { timeout: 20_000 })
      .toBe(true);
    await fran.page.waitForTimeout(1_000);
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
    // Ada clicked her page, so WebAudio runs there; the new tabs were never touched.
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

  await test.step("the banner and the open controls have no serious accessibility violation", async () => {
    const found = [
      ...(await blockingViolations(fran.page, "lobby with the controls open and a banner")),
      ...(await blockingViolations(ben.page, "phone lobby with a banner")),
      ...(await blockingViolations(ada.page, "table page with a banner")),
    ];
    expect(found).toEqual([]);
  });
});
