import { expect, test } from "./fixtures";
import { joinThroughUi } from "./support/boardUi";

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
