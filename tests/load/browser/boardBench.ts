/**
 * Browser benchmark of a board (issues 4 and 11): with a real server and real Chromium pages,
 * 1. a board of 2,000 shapes: time from opening the page to every shape rendered (cold: a new
 *    browser context, so nothing comes from the IndexedDB cache), median of 5;
 * 2. a remote edit: time from one page changing a shape to a second page showing it, p50 and
 *    p95 per round of edits, median of 5 rounds;
 * 3. a drag: a real mouse drag of a shape in one page, each position's time from the pointer move
 *    to the second page's frame showing it, and the Yjs transactions the dragging page sent per
 *    33 ms; median of 5 drags.
 * With `--baseline-dist <dir>` (a client build of the code before a change) the same measurements
 * run first on a server serving that build, then on this tree's `client/dist`, in one invocation.
 * Writes `tests/load/results/browser-<date>.json` and `tests/load/results/browser-board.md`.
 *
 *   pnpm --filter @tablecloth/tests exec tsx load/browser/boardBench.ts [--shapes N] [--edits N]
 *     [--rounds N] [--moves N] [--baseline-dist DIR]
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { type Browser, chromium } from "@playwright/test";
import { buildClientIfStale } from "../../e2e/support/buildClient";
import { CLIENT_DIR } from "../../e2e/support/paths";
import { resolveBrowser } from "../../e2e/support/resolveBrowser";
import { startServer } from "../../e2e/support/startServer";
import { describeMachine, type MachineInfo, machineLine } from "../lib/machine";
import { RESULTS_DIR } from "../lib/results";
import {
  type ColdLoadPhases,
  coldLoad,
  type DragResult,
  drag,
  remoteEdits,
  shapeToDrag,
  watchRemote,
} from "./measure";
import { fillBoard, openBoard, waitForEditor, waitForShapes } from "./pages";
import { percentile } from "./percentile";
import { seedEvent } from "./seedEvent";

interface Options {
  shapes: number;
  /** Edits per round. */
  edits: number;
  /** Rounds of each measurement (cold load, edits, drag); figures are the median of rounds. */
  rounds: number;
  /** Pointer moves per drag. */
  moves: number;
  baselineDist: string | null;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { shapes: 2_000, edits: 40, rounds: 5, moves: 90, baselineDist: null };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === "--baseline-dist") {
      const dir = argv[i + 1];
      if (!dir) throw new Error("--baseline-dist takes a directory");
      options.baselineDist = resolve(dir);
      i++;
      continue;
    }
    const value = Number(argv[i + 1]);
    if (flag === "--shapes") options.shapes = value;
    else if (flag === "--edits") options.edits = value;
    else if (flag === "--rounds") options.rounds = value;
    else if (flag === "--moves") options.moves = value;
    else throw new Error(`unknown flag ${flag}`);
    i++;
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${flag} takes a positive integer`);
  }
  return options;
}

interface VariantResult {
  name: string;
  clientDist: string;
  loadAverage1m: number;
  coldLoad: { samples: number[]; median: number; phases: ColdLoadPhases[] };
  remoteEdit: {
    rounds: { p50: number; p95: number; max: number }[];
    p50: number;
    p95: number;
    samples: number[][];
  };
  drag: {
    rounds: (Omit<DragResult, "latenciesMs"> & { p50: number; p95: number; count: number })[];
    p50: number;
    p95: number;
    transactionsPer33Ms: number;
    minGapMs: number | null;
    samples: number[][];
  };
}

const median = (values: readonly (number | null)[]): number =>
  percentile(
    values.filter((v): v is number => v !== null),
    50,
  );

async function measureVariant(
  browser: Browser,
  name: string,
  clientDist: string,
  options: Options,
): Promise<VariantResult> {
  const loadAverage1m = describeMachine().loadAverage1m;
  process.stdout.write(`▶ ${name}: ${clientDist}, load ${loadAverage1m}\n`);
  const server = await startServer({ TABLECLOTH_CLIENT_DIST: clientDist });
  try {
    const seeded = await seedEvent(server.url, 2);
    const [writerSession, readerSession] = seeded.participants;
    if (!writerSession || !readerSession) throw new Error("seeding joined too few people");
    const boardId = seeded.board.id;

    // Fill the board from one page and wait until the server has everything: a second page
    // opened afterwards must see every shape.
    const filler = await openBoard(browser, server.url, writerSession, boardId);
    await waitForEditor(filler.page);
    await fillBoard(filler.page, options.shapes);
    const verify = await openBoard(browser, server.url, readerSession, boardId);
    await waitForShapes(verify.page, options.shapes);
    await verify.close();
    await filler.close();

    const phases: ColdLoadPhases[] = [];
    for (let i = 0; i < options.rounds; i++) {
      phases.push(await coldLoad(browser, server.url, readerSession, boardId, options.shapes));
      process.stdout.write(`  cold load ${i + 1}: ${phases[i]?.rendered} ms\n`);
    }

    const writer = await openBoard(browser, server.url, writerSession, boardId, {
      countWire: true,
    });
    const reader = await openBoard(browser, server.url, readerSession, boardId);
    await waitForShapes(writer.page, options.shapes);
    await waitForShapes(reader.page, options.shapes);
    await watchRemote(reader.page);
    const dragged = await shapeToDrag(writer.page);
    const editRounds: number[][] = [];
    const dragRounds: DragResult[] = [];
    for (let round = 0; round < options.rounds; round++) {
      editRounds.push(
        await remoteEdits(writer.page, reader.page, round * options.edits, options.edits),
      );
      dragRounds.push(
        await drag(writer.page, reader.page, dragged, options.moves, round % 2 === 0 ? 1 : -1),
      );
      const d = dragRounds[round];
      process.stdout.write(
        `  round ${round + 1}: edit p50 ${percentile(editRounds[round] ?? [], 50)} ms; drag p50 ${percentile(d?.latenciesMs ?? [], 50)} ms, ${d?.transactions} tx in ${Math.round(d?.durationMs ?? 0)} ms\n`,
      );
    }
    await reader.close();
    await writer.close();

    const edits = editRounds.map((samples) => ({
      p50: percentile(samples, 50),
      p95: percentile(samples, 95),
      max: Math.max(...samples),
    }));
    const drags = dragRounds.map(({ latenciesMs, ...rest }) => ({
      ...rest,
      count: latenciesMs.length,
      p50: percentile(latenciesMs, 50),
      p95: percentile(latenciesMs, 95),
    }));
    const gaps = drags.map((d) => d.minGapMs).filter((g): g is number => g !== null);
    return {
      name,
      clientDist,
      loadAverage1m,
      coldLoad: {
        samples: phases.map((p) => p.rendered),
        median: median(phases.map((p) => p.rendered)),
        phases,
      },
      remoteEdit: {
        rounds: edits,
        p50: median(edits.map((e) => e.p50)),
        p95: median(edits.map((e) => e.p95)),
        samples: editRounds,
      },
      drag: {
        rounds: drags,
        p50: median(drags.map((d) => d.p50)),
        p95: median(drags.map((d) => d.p95)),
        transactionsPer33Ms: median(drags.map((d) => d.transactionsPer33Ms)),
        minGapMs: gaps.length === 0 ? null : Math.min(...gaps),
        samples: dragRounds.map((d) => d.latenciesMs),
      },
    };
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  buildClientIfStale();
  const choice = resolveBrowser();
  const browser = await chromium.launch({
    executablePath: choice.executablePath,
    args: choice.args,
  });
  const machine = describeMachine();
  const variants: VariantResult[] = [];
  try {
    if (options.baselineDist) {
      variants.push(await measureVariant(browser, "before", options.baselineDist, options));
    }
    variants.push(await measureVariant(browser, "this tree", join(CLIENT_DIR, "dist"), options));
  } finally {
    await browser.close();
  }
  await saveResults(options, machine, variants);
}

async function saveResults(options: Options, machine: MachineInfo, variants: VariantResult[]) {
  const date = new Date().toISOString();
  const result = { kind: "browser-board", date, machine, options, variants };
  await mkdir(RESULTS_DIR, { recursive: true });
  const jsonPath = join(RESULTS_DIR, `browser-${date.replace(/[:.]/g, "-")}.json`);
  await writeFile(jsonPath, `${JSON.stringify(result, null, 2)}\n`);
  const ms = (value: number | null) =>
    value === null || Number.isNaN(value) ? "n/a" : `${Math.round(value)} ms`;
  const row = (label: string, pick: (v: VariantResult) => string) =>
    `| ${label} | ${variants.map(pick).join(" | ")} |`;
  const phase = (key: keyof ColdLoadPhases) => (v: VariantResult) =>
    ms(median(v.coldLoad.phases.map((p) => p[key])));
  const n = options.rounds;
  const markdown = [
    "# Browser board benchmark (latest run)",
    "",
    "Generated by `tests/load/browser/boardBench.ts`; do not edit by hand.",
    `Run ${date} on ${machineLine(machine)}.`,
    "",
    `| Measure | ${variants.map((v) => `${v.name} (load ${v.loadAverage1m})`).join(" | ")} |`,
    `| --- | ${variants.map(() => "---:").join(" | ")} |`,
    row(
      `Open a board of ${options.shapes} shapes → all rendered (median of ${n} cold loads; target ≤ 2,000 ms)`,
      (v) => ms(v.coldLoad.median),
    ),
    row("Cold loads", (v) => v.coldLoad.samples.map(ms).join(", ")),
    row("… synced with the server (median)", phase("synced")),
    row("… tldraw's code loaded (median)", phase("canvasModule")),
    row("… editor mounted (median)", phase("editorMounted")),
    row("… doc bound: every shape in the store (median)", phase("bound")),
    row(
      `Remote edit seen in a second browser, p50 (median of ${n} rounds of ${options.edits}; target ≤ 50 ms)`,
      (v) => ms(v.remoteEdit.p50),
    ),
    row("Remote edit, p95 (median of rounds; target ≤ 100 ms)", (v) => ms(v.remoteEdit.p95)),
    row(
      `Dragged shape seen in a second browser, p50 (median of ${n} drags of ${options.moves} moves; target ≤ 50 ms)`,
      (v) => ms(v.drag.p50),
    ),
    row("Dragged shape, p95 (median of drags; target ≤ 100 ms)", (v) => ms(v.drag.p95)),
    row("Yjs transactions per 33 ms of dragging (median of drags; target ≤ 1)", (v) =>
      v.drag.transactionsPer33Ms.toFixed(2),
    ),
    row("Smallest gap between two drag transactions", (v) => ms(v.drag.minGapMs)),
    "",
    "An edit or a drag position includes the binding's throttling of local changes, the server's",
    "relay and the second page's next frame; a drag position also includes the dragging page's",
    "own frame (the pointer move is the start). Only positions the second page drew are counted.",
    variants.length > 1
      ? '"before" is a client build given with `--baseline-dist`, served by this tree\'s server.'
      : "",
    "",
  ].join("\n");
  await writeFile(join(RESULTS_DIR, "browser-board.md"), markdown);
  process.stdout.write(`${markdown}\nJSON: ${jsonPath}\n`);
}

await main();
