import { expect, test } from "./fixtures";
import { addTableThroughUi, createEventThroughUi } from "./support/boardUi";

test("a join link opens the join page, and the lobby lists boards and who is here", async ({
  newPerson,
}) => {
  const facilitator = await newPerson();
  const code = await createEventThroughUi(facilitator.page, "Open day");
  await addTableThroughUi(facilitator.page, "Table A", "What would you change first?");

  const guest = await newPerson();
  await guest.page.goto(`/j/${code}`);
  await expect(guest.page.getByLabel("Your name")).toBeFocused();
  await guest.page.getByLabel("Your name").fill("Gita");
  await guest.page.keyboard.press("Enter");
  await expect(guest.page.getByTestId("board-link")).toHaveText(/Table A/);
  await expect(guest.page.getByTestId("person").filter({ hasText: "Gita (you)" })).toBeVisible();
  await expect(facilitator.page.getByTestId("person").filter({ hasText: "Gita" })).toBeVisible();
  // The join QR code is on screen, and it is a real SVG from our server.
  const qr = facilitator.page.getByTestId("event-join-qr");
  await expect(qr).toBeVisible();
  expect(
    await qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
  ).toBeGreaterThan(0);
  // Participants don't get the facilitator's tools.
  await expect(guest.page.getByTestId("add-board-title")).toHaveCount(0);
});

test("a wrong code gets a plain-words answer", async ({ newPerson }) => {
  const person = await newPerson();
  await person.page.goto("/j/ZZZZZZ");
  await person.page.getByTestId("join-name").fill("Ivy");
  await person.page.getByTestId("join-submit").click();
  await expect(person.page.getByTestId("error")).toContainText(/couldn't find|code/i);
});

test("a board's link works for someone who has not joined yet", async ({
  newPerson,
  originGuard,
  serverUrl,
}) => {
  const facilitator = await newPerson();
  const code = await createEventThroughUi(facilitator.page, "Street café");
  await addTableThroughUi(facilitator.page, "Table B", "Who is missing from this room?");
  const boardPath = await facilitator.page
    .getByTestId("board-link")
    .filter({ hasText: "Table B" })
    .getAttribute("href");
  expect(boardPath).toMatch(/^\/e\/[^/]+\/b\/[^/]+$/);

  // Like scanning a table's QR code on a phone that never joined.
  const passerBy = await newPerson();
  await passerBy.page.goto(boardPath ?? "");
  await expect(passerBy.page.getByTestId("needs-join")).toBeVisible();
  await passerBy.page.getByTestId("needs-join-code").fill(code);
  await passerBy.page.getByTestId("needs-join-submit").click();
  await passerBy.page.getByTestId("join-name").fill("Pat");
  await passerBy.page.getByTestId("join-submit").click();
  await expect(passerBy.page.getByTestId("board-title")).toHaveText("Table B");
  expect(new URL(passerBy.page.url()).pathname).toBe(boardPath);
  await expect(passerBy.page.getByTestId("connection-status")).toHaveAttribute(
    "data-status",
    "online",
  );

  // tldraw's fonts, icon sprite and translations came from our own server (and, as in every
  // test, nothing went anywhere else).
  const ownPaths = () =>
    originGuard.requests
      .filter((url) => url.startsWith(`${serverUrl}/`))
      .map((url) => new URL(url).pathname);
  await expect.poll(() => ownPaths().some((path) => /\.woff2$/.test(path))).toBe(true);
  await expect.poll(() => ownPaths().some((path) => /\.svg$/.test(path))).toBe(true);
  await expect.poll(() => ownPaths().some((path) => /\/en-[^/]*\.json$/.test(path))).toBe(true);
});
