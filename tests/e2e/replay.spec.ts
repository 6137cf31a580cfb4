import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Download, Page } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import { expect as baseExpect, test } from "./fixtures";
import { createEventThroughUi, drawStroke, joinThroughUi, waitForBoard } from "./support/boardUi";
import type { BoardWindow, PageEditor } from "./support/editorGlobal";

// Waits, not budgets: this spec runs long flows on two shared cores. Budgets are asserted apart.
const expect = baseExpect.configure({ timeout: 30_000 });

/** Frame to frame while scrubbing, in the browser (issue #12). */
const SCRUB_FRAME_BUDGET_MS = 100;

type ReplayWindow = typeof globalThis & {
  tableclothReplayEditor?: PageEditor;
  tableclothReplayTimings?: number[];
  localStorage: { getItem(key: string): string | null };
};

interface Session {
  token: string;
  participant: { id: string; name: string };
}

async function sessionOf(page: Page, eventId: string): Promise<Session> {
  const raw = await page.evaluate(
    (key) => (globalThis as ReplayWindow).localStorage.getItem(key),
    `tablecloth:session:${eventId}`,
  );
  expect(raw, "a saved session").toBeTruthy();
  return JSON.parse(raw ?? "{}") as Session;
}

function liveShapes(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...((globalThis as BoardWindow).tableclothEditor?.getCurrentPageShapeIds() ?? [])].sort(),
  );
}

function replayShapes(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [
      ...((globalThis as ReplayWindow).tableclothReplayEditor?.getCurrentPageShapeIds() ?? []),
    ].sort(),
  );
}

async function savedZip(download: Download): Promise<Record<string, Uint8Array>> {
  const path = await download.path();
  return unzipSync(new Uint8Array(await readFile(path)));
}

/**
 * `waitForBoard`, with room for tldraw to mount on a machine this loaded (load average 30–40 on
 * two cores was seen while this spec ran beside others).
 */
async function boardReady(page: Page): Promise<void> {
  await expect(page.locator(".tl-canvas")).toBeVisible({ timeout: 60_000 });
  await waitForBoard(page);
}

const p95 = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? 0;
};

test("replay: two rounds scrubbed and filtered, a moment restored while a participant draws, packs downloaded and opened offline", async ({
  newPerson,
  serverUrl,
  browser,
}) => {
  // Two exports rendered by a headless Chromium on two shared cores take minutes.
  test.setTimeout(600_000);
  const api = async <T>(
    path: string,
    token: string,
    options: { method?: string; json?: unknown } = {},
  ): Promise<T> => {
    const response = await fetch(`${serverUrl}${path}`, {
      method: options.method ?? "GET",
      headers: {
        Authorization: `Bearer ${token}`,
        ...(options.json === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: options.json === undefined ? undefined : JSON.stringify(options.json),
    });
    expect(response.status, `${options.method ?? "GET"} ${path}`).toBeLessThan(300);
    return (await response.json()) as T;
  };

  const facilitator = await newPerson();
  const f = facilitator.page;
  const code = await createEventThroughUi(f, "Replay café");
  const eventId = new URL(f.url()).pathname.split("/")[2] ?? "";
  const fran = await sessionOf(f, eventId);
  const { tables } = await api<{ tables: Array<{ id: string; title: string }> }>(
    `/api/events/${eventId}/cafe/setup`,
    fran.token,
    {
      method: "PUT",
      json: {
        questions: ["What would make our street kinder?"],
        rounds: 2,
        roundMs: 600_000,
        makeTables: { count: 2, people: 8 },
      },
    },
  );
  expect(tables).toHaveLength(2);
  const [tableA, tableB] = tables as [(typeof tables)[0], (typeof tables)[0]];
  const boardPath = (id: string) => `/e/${eventId}/b/${id}`;

  const maria = await newPerson();
  await joinThroughUi(maria.page, code, "Maria Quintero");
  const ben = await newPerson();
  await joinThroughUi(ben.page, code, "Ben Okafor");
  const mariaId = (await sessionOf(maria.page, eventId)).participant.id;
  const benId = (await sessionOf(ben.page, eventId)).participant.id;
  const seat = (participantId: string, tableId: string) =>
    api(`/api/events/${eventId}/cafe/seat`, fran.token, {
      method: "POST",
      json: { participantId, tableId },
    });
  const round = (action: "start" | "end") =>
    api(`/api/events/${eventId}/cafe/round`, fran.token, { method: "POST", json: { action } });

  // The facilitator watches table A live in a second tab: once it shows a stroke, the server has it.
  const watch = await facilitator.context.newPage();
  await watch.goto(boardPath(tableA.id));
  await boardReady(watch);
  const serverHas = async (count: number) =>
    expect.poll(async () => (await liveShapes(watch)).length, { timeout: 20_000 }).toBe(count);

  await test.step("round 1: Maria draws two strokes at table A, Ben one at table B", async () => {
    await seat(mariaId, tableA.id);
    await seat(benId, tableB.id);
    await round("start");
    await maria.page.goto(boardPath(tableA.id));
    await boardReady(maria.page);
    await drawStroke(maria.page, { x: 120, y: 140 });
    await drawStroke(maria.page, { x: 120, y: 260 });
    await ben.page.goto(boardPath(tableB.id));
    await boardReady(ben.page);
    await drawStroke(ben.page, { x: 160, y: 200 });
    await serverHas(2);
    await expect.poll(async () => (await liveShapes(ben.page)).length).toBe(1);
    await round("end");
  });
  const roundOneShapes = await liveShapes(watch);

  await test.step("round 2: Ben comes to table A; both draw there", async () => {
    // The rotation records round 1's seating; hand moves put both at table A for round 2.
    const moves = [
      { participantId: mariaId, tableId: tableA.id },
      { participantId: benId, tableId: tableA.id },
    ];
    const { plan } = await api<{ plan: { base: unknown; seating: unknown } }>(
      `/api/events/${eventId}/cafe/rotation/plan`,
      fran.token,
      { method: "POST", json: { seed: 1, moves } },
    );
    await api(`/api/events/${eventId}/cafe/rotation/apply`, fran.token, {
      method: "POST",
      json: { base: plan.base, seating: plan.seating, startRound: false },
    });
    await round("start");
    await ben.page.goto(boardPath(tableA.id));
    await boardReady(ben.page);
    await drawStroke(ben.page, { x: 300, y: 140 });
    await drawStroke(maria.page, { x: 300, y: 260 });
    await serverHas(4);
  });
  const roundTwoShapes = await liveShapes(watch);

  await test.step("the facilitator opens the replay from the board and scrubs through both rounds", async () => {
    await f.goto(boardPath(tableA.id));
    await boardReady(f);
    await f.getByTestId("board-replay-link").click();
    await expect(f.getByTestId("replay-page")).toBeVisible();
    await f.waitForFunction(
      () => (globalThis as ReplayWindow).tableclothReplayEditor !== undefined,
    );
    await expect.poll(() => replayShapes(f)).toEqual(roundTwoShapes);
    await expect(f.getByTestId("replay-round-marker")).toHaveCount(2);
    await expect(f.getByTestId("replay-moment")).toContainText("latest");
    await expect(f.getByTestId("replay-keys")).toContainText("Space");

    // Home: the empty board before the first stroke; then step through every change by key.
    await f.getByTestId("replay-scrubber").focus();
    await f.keyboard.press("Home");
    await expect(f.getByTestId("replay-moment")).toContainText("before the first change");
    await expect.poll(() => replayShapes(f)).toEqual([]);
    const changes = await f.getByTestId("replay-tick").count();
    expect(changes).toBeGreaterThanOrEqual(4);
    await f.evaluate(() => {
      (globalThis as ReplayWindow).tableclothReplayTimings = [];
    });
    const seen: number[] = [];
    for (let i = 0; i < changes; i++) {
      await f.keyboard.press("ArrowRight");
      await expect(f.getByTestId("replay-moment")).toHaveAttribute("data-index", String(i));
      seen.push((await replayShapes(f)).length);
    }
    expect(seen[seen.length - 1]).toBe(4);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    for (let i = 0; i < changes; i++) await f.keyboard.press("ArrowLeft");
    await expect.poll(() => replayShapes(f)).toEqual([]);
    const timings = await f.evaluate(() => (globalThis as ReplayWindow).tableclothReplayTimings);
    expect(timings?.length ?? 0).toBeGreaterThanOrEqual(changes);
    const worst = p95(timings ?? []);
    console.log(
      `replay: ${timings?.length} seeks, frame to frame p95 ${worst.toFixed(1)} ms, max ${Math.max(...(timings ?? [0])).toFixed(1)} ms`,
    );
    test.info().annotations.push({ type: "scrub p95 (ms)", description: worst.toFixed(1) });
    expect(worst).toBeLessThanOrEqual(SCRUB_FRAME_BUDGET_MS);

    // Dragging the scrubber: the end of round 1 shows what was there then.
    await f.getByTestId("replay-round").selectOption({ label: "Round 1" });
    await f.getByTestId("replay-scrubber").press("End");
    await expect.poll(() => replayShapes(f)).toEqual(roundOneShapes);
    await f.getByTestId("replay-round").selectOption({ label: "Round 2" });
    await expect(f.getByTestId("replay-round-marker")).toHaveCount(1);
    await f.getByTestId("replay-scrubber").press("End");
    await expect.poll(() => replayShapes(f)).toEqual(roundTwoShapes);
    await f.getByTestId("replay-round").selectOption({ label: "All rounds" });

    // Play at 60×: it runs to the end of the history by itself.
    await f.getByTestId("replay-scrubber").press("Home");
    await f.getByTestId("replay-speed-60").check();
    await f.getByTestId("replay-play").click();
    await expect(f.getByTestId("replay-play")).toHaveAttribute("data-playing", "false", {
      timeout: 30_000,
    });
    await expect.poll(() => replayShapes(f)).toEqual(roundTwoShapes);
  });

  await test.step("filtering by author walks only Ben's changes", async () => {
    await f.getByTestId("replay-author").selectOption({ label: "Ben Okafor" });
    const authors = await f
      .getByTestId("replay-tick")
      .evaluateAll((ticks) => ticks.map((t) => t.getAttribute("data-author")));
    expect(authors.length).toBeGreaterThan(0);
    expect(new Set(authors)).toEqual(new Set([benId]));
    await f.getByTestId("replay-scrubber").press("Home");
    await f.getByTestId("replay-next").click();
    await expect(f.getByTestId("replay-moment-author")).toContainText("Ben Okafor");
    await expect(f.getByTestId("replay-moment")).toContainText("round 2");
    await f.getByTestId("replay-author").selectOption({ label: "Everyone" });
  });

  await test.step("anonymous mode shows no participant's name", async () => {
    await f.getByTestId("replay-anonymous").check();
    await expect(f.getByTestId("replay-page")).toHaveAttribute("data-anonymous", "true");
    await expect(f.getByTestId("replay-author")).toHaveCount(0);
    const html = await f.content();
    for (const name of ["Maria Quintero", "Quintero", "Ben Okafor", "Okafor", mariaId, benId]) {
      expect(html, `the anonymous replay shows ${name}`).not.toContain(name);
    }
    const colours = await f
      .getByTestId("replay-tick")
      .evaluateAll((ticks) => [
        ...new Set(
          ticks.map((t) => (t as unknown as { style: { background: string } }).style.background),
        ),
      ]);
    expect(colours).toHaveLength(1);
    await f.getByTestId("replay-anonymous").uncheck();
    await expect(f.getByTestId("replay-author")).toBeVisible();
  });

  await test.step("restoring the end of round 1 while Ben keeps drawing: both end with the same board, Ben's new strokes in it", async () => {
    await f.getByTestId("replay-round").selectOption({ label: "Round 1" });
    await f.getByTestId("replay-scrubber").press("End");
    await expect.poll(() => replayShapes(f)).toEqual(roundOneShapes);
    await f.getByTestId("replay-restore").click();
    // Ben draws after the facilitator asked and before the restore lands.
    const beforeDuring = await liveShapes(ben.page);
    await drawStroke(ben.page, { x: 450, y: 200 });
    const during = (await liveShapes(ben.page)).filter((id) => !beforeDuring.includes(id));
    expect(during).toHaveLength(1);
    await serverHas(5);
    await f.getByTestId("replay-restore-confirm").click();
    await expect(f.getByTestId("replay-restored")).toContainText("Restored to");
    await expect(f.getByTestId("replay-undo-restore")).toBeVisible();
    const expected = [...roundOneShapes, ...during].sort();
    await expect.poll(() => liveShapes(ben.page)).toEqual(expected);
    // …and he keeps drawing after it.
    await drawStroke(ben.page, { x: 450, y: 320 });
    const after = (await liveShapes(ben.page)).filter((id) => !expected.includes(id));
    expect(after).toHaveLength(1);
    const final = [...expected, ...after].sort();
    await expect.poll(() => liveShapes(maria.page)).toEqual(final);
    await expect.poll(() => liveShapes(watch)).toEqual(final);
    // The replay shows the restore as the latest moment once it loads the newer changes.
    await f.getByTestId("replay-refresh").click();
    await expect.poll(() => replayShapes(f)).toEqual(final);
    await expect(f.getByTestId("replay-moment")).toContainText("latest");
  });

  await test.step("the replay fits a 360 px wide screen", async () => {
    await f.setViewportSize({ width: 360, height: 740 });
    for (const id of ["replay-scrubber", "replay-play", "replay-next", "replay-restore"]) {
      const box = await f.getByTestId(id).boundingBox();
      expect(box, `${id} is shown`).not.toBeNull();
      expect((box?.x ?? 0) + (box?.width ?? 0), `${id} fits`).toBeLessThanOrEqual(361);
    }
    await f.setViewportSize({ width: 1280, height: 800 });
  });

  await test.step("a participant is told the replay is for facilitators", async () => {
    await maria.page.goto(`${boardPath(tableA.id)}/replay`);
    await expect(maria.page.getByTestId("replay-forbidden")).toContainText("facilitators");
    await maria.page.goto(boardPath(tableA.id));
    await boardReady(maria.page);
    await expect(maria.page.getByTestId("board-replay-link")).toHaveCount(0);
  });

  await test.step("Maria downloads her own pack: it holds her table and not the other", async () => {
    await maria.page.goto(`/e/${eventId}`);
    const [download] = await Promise.all([
      maria.page.waitForEvent("download"),
      maria.page.getByTestId("download-mine").click(),
    ]);
    const files = await savedZip(download);
    const names = Object.keys(files);
    const index = strFromU8(files["index.html"] ?? new Uint8Array());
    expect(index).toContain(tableA.title);
    expect(index).not.toContain(`>${tableB.title}<`);
    expect(names.some((n) => n.endsWith(".tldr"))).toBe(true);
    const tldr = names.find((n) => n.endsWith(".tldr")) ?? "";
    const cloth = strFromU8(files[tldr] ?? new Uint8Array());
    for (const id of await liveShapes(maria.page)) expect(cloth).toContain(id);
    // "No histories, no names": not even the tldraw user records the board doc keeps.
    for (const [name, bytes] of Object.entries(files)) {
      if (name.endsWith(".png")) continue;
      for (const who of ["Ben Okafor", "Okafor", benId]) {
        expect(strFromU8(bytes), `${name} names ${who}`).not.toContain(who);
      }
    }
  });

  const unpacked: string[] = [];
  try {
    await test.step("the export's index.html opens from disk with no network and shows every table", async () => {
      await f.goto(`/e/${eventId}`);
      const [download] = await Promise.all([
        f.waitForEvent("download", { timeout: 120_000 }),
        f.getByTestId("download-export").click(),
      ]);
      const files = await savedZip(download);
      const dir = await mkdtemp(join(tmpdir(), "tablecloth-export-"));
      unpacked.push(dir);
      for (const [name, bytes] of Object.entries(files)) {
        if (name.endsWith("/")) continue;
        const target = join(dir, name);
        expect(target.startsWith(dir), `${name} stays in the folder`).toBe(true);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, bytes);
      }
      const offline = await browser.newContext({ offline: true });
      const leaks: string[] = [];
      await offline.route("**", (route) => {
        const url = route.request().url();
        if (url.startsWith("file:")) return route.continue();
        leaks.push(url);
        return route.abort();
      });
      try {
        const page = await offline.newPage();
        await page.goto(pathToFileURL(join(dir, "index.html")).href);
        for (const table of tables) {
          await expect(
            page.getByRole("heading", { name: table.title, exact: true }).first(),
          ).toBeVisible();
        }
        const pictures = await page.locator("img").evaluateAll((imgs) =>
          imgs.map((img) => ({
            alt: img.getAttribute("alt"),
            width: (img as unknown as { naturalWidth: number }).naturalWidth,
          })),
        );
        for (const table of tables) {
          const picture = pictures.find((p) => p.alt === table.title);
          expect(picture, `${table.title} has a picture`).toBeTruthy();
          expect(picture?.width ?? 0, `${table.title}'s picture loads from disk`).toBeGreaterThan(
            0,
          );
        }
        expect(leaks, "requests that left the disk").toEqual([]);
      } finally {
        await offline.close();
      }
    });

    await test.step("the anonymous export names nobody", async () => {
      const [download] = await Promise.all([
        f.waitForEvent("download", { timeout: 120_000 }),
        f.getByTestId("download-export-anonymous").click(),
      ]);
      const files = await savedZip(download);
      expect(Object.keys(files)).toContain("index.html");
      for (const [name, bytes] of Object.entries(files)) {
        if (name.endsWith(".png")) continue;
        const text = strFromU8(bytes);
        for (const who of ["Maria", "Quintero", "Ben Okafor", "Okafor", mariaId, benId]) {
          expect(text, `${name} names ${who}`).not.toContain(who);
        }
      }
    });
  } finally {
    for (const dir of unpacked) await rm(dir, { recursive: true, force: true });
  }
});
