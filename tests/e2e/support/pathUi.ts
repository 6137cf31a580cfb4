import { expect, type Locator, type Page } from "@playwright/test";

/** A PATH event made through the home page, in its lobby. */
export interface PathEventUi {
  /** The event's join code. */
  code: string;
  eventId: string;
  /** The lobby's PATH panel. */
  panel: Locator;
}

/** Creates a PATH event through the home page as "Fran the facilitator"; lands in its lobby. */
export async function createPathEventThroughUi(page: Page, title: string): Promise<PathEventUi> {
  await page.goto("/");
  await page.getByTestId("create-title").fill(title);
  await page.getByTestId("create-format-path").check();
  await page.getByTestId("create-name").fill("Fran the facilitator");
  await page.getByTestId("create-submit").click();
  await expect(page.getByTestId("event-title")).toHaveText(title);
  const code = (await page.getByTestId("event-join-code").textContent())?.trim() ?? "";
  const eventId = new URL(page.url()).pathname.split("/")[2] ?? "";
  return { code, eventId, panel: page.getByTestId("path-panel") };
}

/** Starts a PATH for `focus` from the lobby's panel; returns the path of its board. */
export async function startPathThroughUi(panel: Locator, focus: string): Promise<string> {
  await panel.getByLabel("Focus person or group").fill(focus);
  await panel.getByRole("button", { name: "Start a PATH" }).click();
  const boardLink = panel.getByRole("link", { name: `PATH for ${focus}` });
  await expect(boardLink).toBeVisible();
  return (await boardLink.getAttribute("href")) ?? "";
}
