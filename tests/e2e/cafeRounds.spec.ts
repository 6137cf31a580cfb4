import type { BrowserContextOptions, Page } from "@playwright/test";
import { test as base, expect, type Person } from "./fixtures";
import { joinThroughUi } from "./support/boardUi";
import { overflowsSideways, setUpCafe } from "./support/cafeUi";
import { LAPTOP, PHONE } from "./support/devices";
import { type RunningServer, startServer } from "./support/startServer";

/**
 * The café as facilitators found it (issue 14), part two: questions per round, what happens at
 * 0:00 (auto-rotate or a gentle prompt), people who leave freed after a grace period, and the
 * facilitator removing or re-seating anyone. These need a short grace period and a quick round
 * timer, so the file runs its own server with those settings (the one of the run keeps the
 * defaults): `TABLECLOTH_CAFE_SEAT_GRACE_MS` and `TABLECLOTH_CAFE_CLOCK_TICK_MS`.
 */
const GRACE_MS = 4_000;

const test = base.extend<{ serverUrl: string }, { cafeServer: RunningServer }>({
  cafeServer: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from its destructured first parameter; this one has none.
    async ({}, use) => {
      const server = await startServer({
        TABLECLOTH_CAFE_SEAT_GRACE_MS: String(GRACE_MS),
        TABLECLOTH_CAFE_CLOCK_TICK_MS: "200",
      });
      await use(server);
      await server.stop();
    },
    { scope: "worker" },
  ],
  serverUrl: async ({ cafeServer }, use) => {
    await use(cafeServer.url);
  },
});

interface Guest extends Person {
  name: string;
}

/** People join and say they are in the room; each waits for a table. */
async function guestsJoin(
  newPerson: (device?: BrowserContextOptions) => Promise<Person>,
  code: string,
  names: readonly string[],
  device: (i: number) => BrowserContextOptions,
): Promise<Guest[]> {
  const guests: Guest[] = [];
  for (const [i, name] of names.entries()) {
    const person = await newPerson(device(i));
    await joinThroughUi(person.page, code, name);
    await person.page.getByTestId("open-cafe").click();
    await person.page.getByTestId("cafe-in-room").click();
    await expect(person.page.getByTestId("cafe-table-name")).toHaveText("Waiting for a table");
    guests.push({ ...person, name });
  }
  return guests;
}

async function tableOf(page: Page): Promise<string> {
  return (await page.getByTestId("cafe-table-name").getAttribute("data-table-id")) ?? "";
}

test("café: one question per round (a table may have its own); at 0:00 the server rotates everyone with the facilitator gone", async ({
  newPerson,
}) => {
  test.setTimeout(240_000);
  const facilitator = await newPerson(LAPTOP);
  const f = facilitator.page;
  const code = await setUpCafe(f, "Rounds café", {
    questions: "What do we have?\nWhat is missing?",
    rounds: 2,
    // 30 s rounds: long enough to look at the pages on a busy machine, short enough to wait out.
    minutes: "0.5",
    tables: 2,
    people: 4,
  });
  const rows = f.getByTestId("cafe-table-row");
  const tableIds = [
    (await rows.nth(0).getAttribute("data-table-id")) ?? "",
    (await rows.nth(1).getAttribute("data-table-id")) ?? "",
  ];

  await test.step("the second table gets its own question; the first shows the round's", async () => {
    await expect(rows.nth(0).getByTestId("cafe-table-question")).toHaveAttribute(
      "placeholder",
      "Round's question: What do we have?",
    );
    await rows.nth(1).getByTestId("cafe-table-question").fill("What would you try first?");
    await rows.nth(1).getByTestId("cafe-table-question").press("Tab");
    await f.getByTestId("cafe-round-end-choice").selectOption("rotate");
    await expect(f.getByTestId("cafe-round-end-choice")).toHaveValue("rotate");
  });

  const guests = await guestsJoin(newPerson, code, ["Ines", "Jon", "Kemal", "Lea"], (i) =>
    i % 2 === 0 ? PHONE : LAPTOP,
  );
  const [ines, jon] = guests as [Guest, Guest, Guest, Guest];

  await test.step("two hosts, everyone seated, round 1 starts", async () => {
    await rows.nth(0).getByTestId("cafe-host-select").selectOption({ label: "Ines" });
    await expect(
      rows.nth(1).getByTestId("cafe-host-select").locator("option", { hasText: "Jon" }),
    ).toHaveCount(1);
    await rows.nth(1).getByTestId("cafe-host-select").selectOption({ label: "Jon" });
    await f.getByTestId("cafe-plan-rotation").click();
    await expect(f.getByTestId("cafe-plan-person")).toHaveCount(4);
    await f.getByTestId("cafe-apply-rotation").click();
    await expect(f.getByTestId("cafe-countdown")).toHaveAttribute("data-phase", "running");
  });

  const first = new Map<Guest, string>();
  await test.step("each table shows its question: the round's, or its own", async () => {
    for (const guest of guests) {
      await expect(guest.page.getByTestId("cafe-countdown-label")).toHaveText("Round 1", {
        timeout: 30_000,
      });
      first.set(guest, await tableOf(guest.page));
      const own = first.get(guest) === tableIds[1];
      await expect(guest.page.getByTestId("cafe-question")).toHaveText(
        own ? "What would you try first?" : "What do we have?",
      );
    }
  });

  await test.step("the facilitator leaves; at 0:00 everyone's page moves by itself to round 2", async () => {
    await facilitator.context.close();
    for (const guest of guests) {
      await expect(guest.page.getByTestId("cafe-countdown-label")).toHaveText("Round 2", {
        timeout: 60_000,
      });
    }
    for (const guest of guests) {
      const host = guest === ines || guest === jon;
      const now = await tableOf(guest.page);
      if (host) expect(now, `${guest.name} hosts and stays`).toBe(first.get(guest));
      else expect(now, `${guest.name} travels`).not.toBe(first.get(guest));
      await expect(guest.page.getByTestId("cafe-notice")).toContainText("Round 2");
      // Round 2's question at the first table; the second keeps its own.
      await expect(guest.page.getByTestId("cafe-question")).toHaveText(
        now === tableIds[1] ? "What would you try first?" : "What is missing?",
      );
    }
  });

  await test.step("after the last round's 0:00 the round ends and nobody moves", async () => {
    const seats = await Promise.all(guests.map((g) => tableOf(g.page)));
    for (const guest of guests) {
      await expect(guest.page.getByTestId("cafe-countdown")).toHaveAttribute(
        "data-phase",
        "ended",
        { timeout: 60_000 },
      );
    }
    expect(await Promise.all(guests.map((g) => tableOf(g.page)))).toEqual(seats);
  });
});

test("café: a gentle prompt at 0:00 (on a phone), nothing moves until the facilitator rotates", async ({
  newPerson,
}) => {
  test.setTimeout(180_000);
  const facilitator = await newPerson(LAPTOP);
  const f = facilitator.page;
  const code = await setUpCafe(f, "Prompt café", {
    questions: "Where do we start?",
    rounds: 3,
    minutes: "0.25",
    tables: 2,
    people: 4,
  });
  await expect(f.getByTestId("cafe-round-end-choice")).toHaveValue("prompt");
  const guests = await guestsJoin(newPerson, code, ["Nia", "Oli"], () => PHONE);
  await f.getByTestId("cafe-plan-rotation").click();
  await f.getByTestId("cafe-apply-rotation").click();
  const p = guests[0]?.page as Page;
  await expect(p.getByTestId("cafe-question")).toHaveText("Where do we start?", {
    timeout: 30_000,
  });
  const before = await Promise.all(guests.map((g) => tableOf(g.page)));

  await test.step("at 0:00 the page says so in a live region, and nobody moves", async () => {
    const label = p.getByTestId("cafe-countdown-label");
    await expect(label).toHaveText("Time to move on — your facilitator will rotate", {
      timeout: 60_000,
    });
    await expect(label).toHaveAttribute("aria-live", "polite");
    await expect(p.getByTestId("cafe-countdown")).toHaveAttribute("data-over", "true");
    // Several of the server's ticks later, still round 1 and the same tables.
    await p.waitForTimeout(2_000);
    await expect(f.getByTestId("cafe-countdown")).toHaveAttribute("data-phase", "running");
    expect(await Promise.all(guests.map((g) => tableOf(g.page)))).toEqual(before);
    expect(await overflowsSideways(p)).toBe(false);
  });

  await test.step("the facilitator rotates: round 2 starts and everyone moves", async () => {
    await f.getByTestId("cafe-plan-rotation").click();
    await f.getByTestId("cafe-apply-rotation").click();
    for (const guest of guests) {
      await expect(guest.page.getByTestId("cafe-countdown-label")).toHaveText("Round 2", {
        timeout: 30_000,
      });
    }
  });

  await test.step("the harvest shows each table's question", async () => {
    await f.getByTestId("cafe-open-harvest").click();
    await expect(f.getByTestId("cafe-harvest-question")).toHaveText([
      "Where do we start?",
      "Where do we start?",
    ]);
  });
});

test("café: people who leave are freed after the grace period; facilitators move or remove anyone", async ({
  newPerson,
}) => {
  test.setTimeout(180_000);
  const facilitator = await newPerson(LAPTOP);
  const f = facilitator.page;
  const code = await setUpCafe(f, "Seats café", {
    questions: "What now?",
    rounds: 3,
    minutes: "20",
    tables: 2,
    people: 6,
  });
  const rows = f.getByTestId("cafe-table-row");
  const secondTable = (await rows.nth(1).getAttribute("data-table-id")) ?? "";
  const guests = await guestsJoin(newPerson, code, ["Pia", "Quin", "Rafa"], (i) =>
    i === 0 ? PHONE : LAPTOP,
  );
  const [pia, quin, rafa] = guests as [Guest, Guest, Guest];
  await f.getByTestId("cafe-plan-rotation").click();
  await f.getByTestId("cafe-apply-rotation").click();
  for (const guest of guests) {
    await expect(guest.page.getByTestId("cafe-table-name")).not.toHaveText("Waiting for a table", {
      timeout: 30_000,
    });
  }
  const person = (name: string) => f.getByTestId("cafe-people-row").filter({ hasText: name });

  await test.step("someone who closes the café for longer than the grace period loses their seat", async () => {
    const gone = Date.now();
    await rafa.context.close();
    await expect(person("Rafa")).toHaveCount(0, { timeout: GRACE_MS + 20_000 });
    expect(Date.now() - gone).toBeGreaterThanOrEqual(GRACE_MS);
    await expect(f.getByTestId("cafe-map-person")).toHaveCount(2);
  });

  await test.step("someone back within the grace period keeps their seat", async () => {
    const table = await tableOf(quin.page);
    await quin.page.goto("about:blank");
    await quin.page.waitForTimeout(GRACE_MS / 4);
    await quin.page.goBack();
    await expect(quin.page.getByTestId("cafe-table-name")).toHaveAttribute("data-table-id", table, {
      timeout: 30_000,
    });
    // Well past the grace period counted from the drop, still seated.
    await quin.page.waitForTimeout(GRACE_MS);
    await expect(person("Quin")).toHaveCount(1);
    expect(await tableOf(quin.page)).toBe(table);
  });

  await test.step("the facilitator moves Pia to the second table, and her phone follows", async () => {
    const target =
      (await tableOf(pia.page)) === secondTable
        ? ((await rows.nth(0).getAttribute("data-table-id")) ?? "")
        : secondTable;
    await person("Pia").getByTestId("cafe-people-table").selectOption(target);
    await expect(pia.page.getByTestId("cafe-table-name")).toHaveAttribute("data-table-id", target);
  });

  await test.step("the facilitator removes Quin: his page asks where he is again", async () => {
    await person("Quin").getByTestId("cafe-people-remove").click();
    await expect(person("Quin")).toHaveCount(0);
    await expect(quin.page.getByTestId("cafe-in-room")).toBeVisible();
  });

  await test.step("on a phone the facilitator's people list fits the screen", async () => {
    await f.setViewportSize({ width: 360, height: 740 });
    await person("Pia").scrollIntoViewIfNeeded();
    await expect(person("Pia").getByTestId("cafe-people-remove")).toBeInViewport();
    expect(await overflowsSideways(f)).toBe(false);
  });
});
