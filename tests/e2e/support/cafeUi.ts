import { expect, type Page } from "@playwright/test";
import { createEventThroughUi } from "./boardUi";

export interface CafeSetup {
  /** One question per line, one per round (the set-up form's field). */
  questions?: string;
  rounds: number;
  /** Minutes per round, as typed ("20", or "0.1" for a quick test round). */
  minutes?: string;
  tables: number;
  people: number;
}

/** Creates an event and sets up its café from the facilitator's page; returns its join code. */
export async function setUpCafe(f: Page, title: string, setup: CafeSetup): Promise<string> {
  const code = await createEventThroughUi(f, title);
  await f.getByTestId("open-cafe").click();
  await f
    .getByTestId("cafe-setup-questions")
    .fill(setup.questions ?? "What matters most to you here?");
  await f.getByTestId("cafe-setup-rounds").fill(String(setup.rounds));
  await f.getByTestId("cafe-setup-minutes").fill(setup.minutes ?? "20");
  await f.getByTestId("cafe-setup-tables").fill(String(setup.tables));
  await f.getByTestId("cafe-setup-people").fill(String(setup.people));
  await f.getByTestId("cafe-setup-submit").click();
  await expect(f.getByTestId("cafe-table-row")).toHaveCount(setup.tables);
  return code;
}

/** Some part of the page is wider than the window (pushed off to the side). */
export function overflowsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const root = (
      globalThis as unknown as {
        document: { documentElement: { scrollWidth: number; clientWidth: number } };
      }
    ).document.documentElement;
    return root.scrollWidth > root.clientWidth;
  });
}
