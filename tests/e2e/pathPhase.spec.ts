import type { Page } from "@playwright/test";
import { expect as baseExpect, test } from "./fixtures";
import { joinThroughUi, waitForBoard } from "./support/boardUi";
import { createPathEventThroughUi, startPathThroughUi } from "./support/pathUi";

// Waits, not budgets: browsers and tldraw on two shared cores.
const expect = baseExpect.configure({ timeout: 30_000 });

type BoardGlobals = typeof globalThis & {
  tableclothEditor?: { getCurrentPageShapes(): Array<{ type: string }> };
};

const notesOn = (page: Page) =>
  page.evaluate(
    () =>
      ((globalThis as BoardGlobals).tableclothEditor?.getCurrentPageShapes() ?? []).filter(
        (s) => s.type === "note",
      ).length,
  );

test("a PATH note kept offline while the group went to watching is refused by the server, and lands once notes open again", async ({
  newPerson,
}) => {
  test.setTimeout(300_000);
  const facilitator = await newPerson();
  const f = facilitator.page;
  const { code, panel } = await createPathEventThroughUi(f, "Sam's PATH");
  const boardPath = await startPathThroughUi(panel, "Sam");
  await panel.getByRole("button", { name: "1. North Star" }).click();
  await panel.getByRole("button", { name: "Open notes" }).click();
  await expect(panel.getByTestId("path-current-step")).toHaveText(/adding notes/);

  // The facilitator's board tab shows what the server has.
  const fBoard = await facilitator.context.newPage();
  await fBoard.goto(boardPath);
  await waitForBoard(fBoard);
  const participant = await newPerson();
  const p = participant.page;
  await joinThroughUi(p, code, "Pat");
  await p.goto(boardPath);
  await waitForBoard(p);
  await expect(p.getByTestId("path-bar-step")).toHaveText(/adding notes/);

  await test.step("Pat adds a note offline; meanwhile the group goes to watching", async () => {
    await participant.context.setOffline(true);
    await expect(p.getByTestId("connection-status")).toHaveAttribute("data-status", "offline");
    await p.getByTestId("path-note-text").fill("Pat offline");
    await p.getByRole("button", { name: "Add note" }).click();
    await expect(p.getByTestId("path-note-text")).toHaveValue("");
    await panel.getByRole("button", { name: "Close notes (watch)" }).click();
    await expect(panel.getByTestId("path-current-step")).toHaveText(/watching/);
  });

  await test.step("back online while watching: the server refuses the note", async () => {
    await participant.context.setOffline(false);
    await expect(p.getByTestId("connection-status")).toHaveAttribute("data-status", "refused");
    await expect(p.getByTestId("path-bar-step")).toHaveText(/watching/);
    expect(await notesOn(fBoard)).toBe(0);
  });

  await test.step("notes open again: Pat's board opens afresh and the note lands", async () => {
    await panel.getByRole("button", { name: "Open notes" }).click();
    await expect(p.getByTestId("connection-status")).toHaveAttribute("data-status", "online");
    await expect.poll(() => notesOn(fBoard)).toBe(1);
    await expect(p.getByTestId("path-note-text")).toBeVisible();
  });
});
