import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { createEventThroughUi, joinThroughUi } from "./support/boardUi";

/** The page's `localStorage` (this package is typed without the DOM library). */
interface PageStorage {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  clear(): void;
}
type PageGlobal = { localStorage: PageStorage };

/** The participant ids this page's browser remembers (the app's saved sessions). */
async function savedParticipantIds(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const { localStorage } = globalThis as unknown as PageGlobal;
    const ids: string[] = [];
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i) ?? "";
      if (!key.startsWith("tablecloth:session:")) continue;
      const saved = JSON.parse(localStorage.getItem(key) ?? "{}") as {
        participant?: { id?: string };
      };
      if (saved.participant?.id) ids.push(saved.participant.id);
    }
    return ids;
  });
}

test("re-joining from the same browser keeps the same participant, across a new join code", async ({
  newPerson,
}) => {
  const facilitator = await newPerson();
  const code = await createEventThroughUi(facilitator.page, "Rejoin café");

  const guest = await newPerson();
  await joinThroughUi(guest.page, code, "Gita");
  const [first] = await savedParticipantIds(guest.page);
  expect(first).toMatch(/.+/);
  await expect(facilitator.page.getByTestId("person").filter({ hasText: "Gita" })).toHaveCount(1);

  // The page forgets its session (site storage cleared, another tab): joining again from the
  // same browser brings the same participant back, not a second identity.
  await guest.page.evaluate(() => (globalThis as unknown as PageGlobal).localStorage.clear());
  await joinThroughUi(guest.page, code, "Gita");
  expect(await savedParticipantIds(guest.page)).toEqual([first]);

  // The facilitator gives out a new code; the browser still gets its participant back with it.
  await facilitator.page.getByTestId("rotate-join-code").click();
  await expect(facilitator.page.getByTestId("event-join-code")).not.toHaveText(code);
  const newCode = (await facilitator.page.getByTestId("event-join-code").textContent())?.trim();
  expect(newCode).toMatch(/^[A-Z0-9]{6}$/);
  await guest.page.evaluate(() => (globalThis as unknown as PageGlobal).localStorage.clear());
  await joinThroughUi(guest.page, newCode ?? "", "Gita");
  expect(await savedParticipantIds(guest.page)).toEqual([first]);
  await expect(guest.page.getByTestId("person").filter({ hasText: "Gita (you)" })).toBeVisible();
  await expect(facilitator.page.getByTestId("person").filter({ hasText: "Gita" })).toHaveCount(1);

  // Another browser with the same name is another person.
  const other = await newPerson();
  await joinThroughUi(other.page, newCode ?? "", "Gita");
  const [second] = await savedParticipantIds(other.page);
  expect(second).toMatch(/.+/);
  expect(second).not.toBe(first);
});
