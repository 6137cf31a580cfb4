import { expect, test } from "./fixtures";
import { createEventThroughUi, joinThroughUi, waitForBoard } from "./support/boardUi";
import { overflowsSideways, setUpCafe } from "./support/cafeUi";
import { LAPTOP, PHONE } from "./support/devices";

test("café: someone new scans a table's QR code on a phone, joins, and sits at that table; a full table says so", async ({
  newPerson,
}) => {
  test.setTimeout(180_000);
  const facilitator = await newPerson(LAPTOP);
  const f = facilitator.page;
  // Two tables for two people: one seat each.
  await setUpCafe(f, "QR café", { rounds: 3, tables: 2, people: 2 });

  const links: string[] = [];
  await test.step("the facilitator prints table cards: one per table, each with its QR code", async () => {
    await f.getByTestId("cafe-open-cards").click();
    await expect(f.getByTestId("table-card")).toHaveCount(2);
    await expect(f.getByTestId("table-card-qr")).toHaveCount(2);
    for (const card of await f.getByTestId("table-card").all()) {
      const qr = card.getByTestId("table-card-qr");
      // The picture really loaded (an SVG drawn by the server), not a broken image.
      await expect
        .poll(() => qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
        .toBeGreaterThan(0);
      links.push((await card.getByTestId("table-card-link").getAttribute("href")) ?? "");
    }
  });
  const secondTable = await f.getByTestId("table-card").nth(1).getAttribute("data-table-id");

  const newcomer = await newPerson(PHONE);
  const p = newcomer.page;
  await test.step("a newcomer opens the second table's code: the join step, then that table", async () => {
    await p.goto(links[1] ?? "");
    await p.getByTestId("join-name").fill("Nadia");
    await p.getByTestId("join-submit").click();
    await expect(p.getByTestId("cafe-table-name")).toHaveAttribute(
      "data-table-id",
      secondTable ?? "",
      { timeout: 30_000 },
    );
    await expect(p.locator(".tl-canvas")).toBeVisible({ timeout: 30_000 });
    await waitForBoard(p);
    expect(new URL(p.url()).search, "the code's query is forgotten").toBe("");
  });

  await test.step("someone else scanning the same (now full) table is told it is full", async () => {
    const late = await newPerson(PHONE);
    await late.page.goto(links[1] ?? "");
    await late.page.getByTestId("join-name").fill("Omar");
    await late.page.getByTestId("join-submit").click();
    const alert = late.page.getByRole("alert");
    await expect(alert).toContainText("is full");
    await expect(alert).not.toContainText("changed while you were working");
    // They can still say where they are and wait for a seat.
    await late.page.getByTestId("cafe-in-room").click();
    await expect(late.page.getByTestId("cafe-table-name")).toHaveText("Waiting for a table");
  });

  await test.step("the planner lists whom it could not seat, and why", async () => {
    await f.goBack();
    await expect(f.getByTestId("cafe-facilitator")).toBeVisible();
    // Two seats: Nadia has one; Pat takes the other by the first table's code; Omar is left over.
    const third = await newPerson(PHONE);
    await third.page.goto(links[0] ?? "");
    await third.page.getByTestId("join-name").fill("Pat");
    await third.page.getByTestId("join-submit").click();
    await expect(third.page.getByTestId("cafe-table-name")).not.toHaveText("Waiting for a table");
    await f.getByTestId("cafe-plan-rotation").click();
    const unseated = f.getByTestId("cafe-plan-unseated");
    await expect(unseated).toContainText("Omar");
    await expect(unseated).toContainText("The 2 tables seat 2 people and 3 are here.");
  });
});

test("café: the round count holds, namesakes are told apart, long names are cut, the lobby speaks to the facilitator", async ({
  newPerson,
}) => {
  test.setTimeout(180_000);
  const facilitator = await newPerson(LAPTOP);
  const f = facilitator.page;

  await test.step("an empty lobby tells the facilitator what to do, not 'your facilitator will add them'", async () => {
    await createEventThroughUi(f, "Fixes café");
    await expect(f.getByTestId("no-boards")).not.toContainText("Your facilitator");
    await expect(f.getByTestId("no-boards")).toContainText("open the café");
  });
  const code = (await f.getByTestId("event-join-code").textContent())?.trim() ?? "";
  await f.getByTestId("open-cafe").click();
  await f.getByTestId("cafe-setup-questions").fill("What matters most to you here?");
  await f.getByTestId("cafe-setup-rounds").fill("1");
  await f.getByTestId("cafe-setup-minutes").fill("20");
  await f.getByTestId("cafe-setup-tables").fill("2");
  await f.getByTestId("cafe-setup-people").fill("6");
  await f.getByTestId("cafe-setup-submit").click();
  await expect(f.getByTestId("cafe-table-row")).toHaveCount(2);

  const longName = `Maximiliana${"x".repeat(60)}`;
  await test.step("two Anas and one very long name join", async () => {
    for (const name of ["Ana", "Ana", longName]) {
      const person = await newPerson(LAPTOP);
      await joinThroughUi(person.page, code, name);
      await person.page.getByTestId("open-cafe").click();
      await person.page.getByTestId("cafe-in-room").click();
    }
    await expect(f.getByTestId("cafe-map-unseated")).toContainText("Ana (");
  });

  await test.step("the two Anas are told apart on the facilitator's page", async () => {
    await f.getByTestId("cafe-plan-rotation").click();
    await expect(f.getByTestId("cafe-plan-person")).toHaveCount(3);
    const anas = await f
      .getByTestId("cafe-plan-person")
      .filter({ hasText: /^Ana \(/ })
      .allTextContents();
    expect(anas).toHaveLength(2);
    const labels = anas.map((text) => text.split(")")[0]);
    expect(new Set(labels).size, `two different labels: ${labels.join(" / ")}`).toBe(2);
  });

  await test.step("a long unbroken name is cut with an ellipsis and keeps the buttons on the page", async () => {
    const name = f.getByTestId("cafe-plan-person").locator(".name", { hasText: "Maximiliana" });
    await expect(name).toHaveAttribute("title", longName);
    const cut = await name.evaluate((el) => {
      const e = el as unknown as { scrollWidth: number; clientWidth: number };
      return e.scrollWidth > e.clientWidth;
    });
    expect(cut, "the name is wider than its box, so it shows an ellipsis").toBe(true);
    expect(await overflowsSideways(f)).toBe(false);
    await expect(f.getByTestId("cafe-apply-rotation")).toBeInViewport();
  });

  await test.step("'Rounds: 1' means one round: no round 2 is offered or started", async () => {
    await f.getByTestId("cafe-apply-rotation").click();
    await expect(f.getByTestId("cafe-countdown")).toHaveAttribute("data-phase", "running");
    await f.getByTestId("cafe-round-end").click();
    await expect(f.getByTestId("cafe-countdown")).toHaveAttribute("data-phase", "ended");
    await expect(f.getByTestId("cafe-rounds-done")).toContainText("The café's one round is done");
    await expect(f.getByTestId("cafe-round-start")).toHaveCount(0);
    await f.getByTestId("cafe-plan-rotation").click();
    await expect(f.getByTestId("cafe-apply-seating")).toBeVisible();
    await expect(f.getByTestId("cafe-apply-rotation")).toHaveCount(0);
  });
});
