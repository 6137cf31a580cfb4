import type { Page } from "@playwright/test";
import { expect as baseExpect, test } from "./fixtures";
import { joinThroughUi, waitForBoard } from "./support/boardUi";
import { createPathEventThroughUi, startPathThroughUi } from "./support/pathUi";

// Waits, not budgets: three browsers and tldraw on two shared cores.
const expect = baseExpect.configure({ timeout: 30_000 });

/** What the page scripts read (the tests compile without the DOM library). */
type ReplayWindow = typeof globalThis & {
  tableclothReplayEditor?: {
    getCurrentPageShapes(): Array<{ type: string; props: Record<string, unknown> }>;
  };
  localStorage: { getItem(key: string): string | null };
};

/** The words of the sticky notes the replay's canvas shows now, sorted. */
function replayNotes(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const words = (node: unknown): string => {
      if (node === null || typeof node !== "object") return "";
      const { text, content } = node as { text?: unknown; content?: unknown };
      const own = typeof text === "string" ? text : "";
      return own + (Array.isArray(content) ? content.map(words).join(" ") : "");
    };
    const editor = (globalThis as ReplayWindow).tableclothReplayEditor;
    return (editor?.getCurrentPageShapes() ?? [])
      .filter((s) => s.type === "note")
      .map((s) => words(s.props.richText).trim())
      .sort();
  });
}

const STEPS = [
  { label: "1. North Star", id: "north-star" },
  { label: "2. The goal", id: "goal" },
  { label: "3. Now", id: "now" },
  { label: "4. People to enrol", id: "enrol" },
] as const;

test("replay of a PATH by step: the facilitator sees the step markers, jumps to step 3's end and sees exactly the notes made up to then", async ({
  newPerson,
}) => {
  test.setTimeout(600_000);
  const facilitator = await newPerson();
  const f = facilitator.page;
  const { code, panel } = await createPathEventThroughUi(f, "Sam's PATH");
  const boardPath = await startPathThroughUi(panel, "Sam");
  expect(boardPath).toMatch(/^\/e\/[^/]+\/b\/[^/]+$/);

  const participant = await newPerson();
  const p = participant.page;
  await joinThroughUi(p, code, "Pat");
  await p.goto(boardPath);
  await waitForBoard(p);

  // Pat adds one note in each of the first four steps. The facilitator's own board tab shows
  // when the server has a note, before the group moves on.
  const fBoard = await facilitator.context.newPage();
  await fBoard.goto(boardPath);
  await waitForBoard(fBoard);
  const notesOnServer = () =>
    fBoard.evaluate(
      () =>
        [
          ...((
            globalThis as unknown as {
              tableclothEditor?: { getCurrentPageShapes(): Array<{ type: string }> };
            }
          ).tableclothEditor?.getCurrentPageShapes() ?? []),
        ].filter((s) => s.type === "note").length,
    );
  const made: string[] = [];
  for (const [i, step] of STEPS.entries()) {
    await test.step(`step ${step.label}: Pat adds a note`, async () => {
      await panel.getByRole("button", { name: step.label }).click();
      await expect(panel.getByTestId("path-current-step")).toHaveText(
        new RegExp(`^${step.label.replace(".", "\\.")}`),
      );
      if (i === 0) {
        await panel.getByRole("button", { name: "Open notes" }).click();
        await expect(panel.getByTestId("path-current-step")).toHaveText(/adding notes/);
      }
      await expect(p.getByTestId("path-bar-step")).toHaveText(
        new RegExp(`^${step.label.replace(".", "\\.")} · adding notes`),
      );
      const text = `Pat in ${step.id}`;
      await p.getByTestId("path-note-text").fill(text);
      await p.getByRole("button", { name: "Add note" }).click();
      await expect(p.getByTestId("path-note-text")).toHaveValue("");
      made.push(text);
      await expect.poll(notesOnServer).toBe(made.length);
    });
  }

  await test.step("the replay shows the steps as markers and jumps to step 3's end", async () => {
    const replay = await facilitator.context.newPage();
    await replay.goto(`${boardPath}/replay`);
    await expect(replay.getByTestId("replay-page")).toBeVisible();
    await replay.waitForFunction(
      () => (globalThis as ReplayWindow).tableclothReplayEditor !== undefined,
    );
    const markers = replay.getByTestId("replay-step-marker");
    await expect(markers).toHaveCount(STEPS.length);
    for (const [i, step] of STEPS.entries()) {
      await expect(markers.nth(i)).toHaveAttribute("data-step", step.id);
    }
    // The latest moment: every note.
    await expect.poll(() => replayNotes(replay)).toEqual([...made].sort());

    // By step: choose step 3, then the next step boundary is its end.
    await replay.getByTestId("replay-step").selectOption({ label: "3. Now" });
    await replay.getByTestId("replay-next-step").click();
    const moment = replay.getByTestId("replay-moment");
    await expect(moment).toHaveAttribute("data-path-step", "now");
    await expect(moment).toContainText("step 3. Now");
    await expect
      .poll(() => replayNotes(replay))
      .toEqual(["Pat in goal", "Pat in north-star", "Pat in now"]);

    // With every step again, the previous boundary is step 2's end, the next one step 3's end.
    await replay.getByTestId("replay-step").selectOption({ label: "All steps" });
    await replay.getByTestId("replay-prev-step").click();
    await expect(moment).toHaveAttribute("data-path-step", "goal");
    await expect.poll(() => replayNotes(replay)).toEqual(["Pat in goal", "Pat in north-star"]);
    await replay.getByTestId("replay-next-step").click();
    await expect(moment).toHaveAttribute("data-path-step", "now");
    await expect
      .poll(() => replayNotes(replay))
      .toEqual(["Pat in goal", "Pat in north-star", "Pat in now"]);
  });
});
