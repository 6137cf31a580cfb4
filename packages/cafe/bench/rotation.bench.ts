/**
 * Rotation benchmark: prints figures, asserts nothing. Run with `pnpm --filter @tablecloth/cafe bench`.
 *
 * 1. Quality: repeated pairings over 3 rounds of 5 tables × 5 people (a fixed host plus 4
 *    travellers per table), planner vs a uniformly random valid shuffle, over many seeds.
 * 2. Speed: one rotation of 2,000 participants over 200 tables (host + 9 travellers each), with one
 *    and with two earlier rounds of pair history.
 */
import { cpus, loadavg } from "node:os";
import * as Y from "yjs";
import { applyRotation } from "../src/applyRotation";
import { createRandom, type Random } from "../src/createRandom";
import { PairHistory, type Seating } from "../src/PairHistory";
import { readPastRounds, recordPastRound } from "../src/pastRounds";
import { planRotation } from "../src/planRotation";
import { readCafe } from "../src/readCafe";
import { rotationInputFromCafe } from "../src/rotationInputFromCafe";
import type { RotationTable } from "../src/rotationTypes";
import { countRepeats, createCafe, simulateCafe } from "../src/test/simulateCafe";
import { writeRound, writeSeat, writeTables } from "../src/writeCafe";

const QUALITY_SEEDS = Number(process.env.QUALITY_SEEDS ?? 1000);
const SPEED_RUNS = Number(process.env.SPEED_RUNS ?? 30);

function summary(values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  const nonZero = values.filter((v) => v > 0).length;
  return `mean ${mean.toFixed(4)}  min ${at(0)}  median ${at(0.5)}  p95 ${at(0.95)}  max ${sorted[sorted.length - 1] ?? 0}  (${nonZero} of ${values.length} above 0)`;
}

function ms(values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return `median ${at(0.5).toFixed(1)} ms  p95 ${at(0.95).toFixed(1)} ms  max ${(sorted[sorted.length - 1] ?? 0).toFixed(1)} ms`;
}

function reshuffle(
  tables: readonly RotationTable[],
  seating: Seating,
  random: Random,
): Record<string, string | null> {
  const hosts = new Set(tables.map((t) => t.hostId));
  const travellers = Object.keys(seating).filter((id) => !hosts.has(id));
  const seats = random.shuffle(travellers.map((id) => seating[id] ?? null));
  const next: Record<string, string | null> = { ...seating };
  travellers.forEach((id, i) => {
    next[id] = seats[i] ?? null;
  });
  return next;
}

interface Timing {
  wall: number[];
  cpu: number[];
}

/** Runs `run` once, recording wall-clock and CPU time (CPU time is robust to a busy machine). */
function timed<T>(into: Timing, run: () => T): T {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const result = run();
  const cpu = process.cpuUsage(c0);
  into.wall.push(performance.now() - t0);
  into.cpu.push((cpu.user + cpu.system) / 1000);
  return result;
}

console.log(
  `# Repeated pairings, 3 rounds of 5 tables × 5 (host + 4 travellers), ${QUALITY_SEEDS} seeds`,
);
for (const rotator of ["planner", "random"] as const) {
  const repeats: number[] = [];
  for (let seed = 1; seed <= QUALITY_SEEDS; seed++) {
    const seatings = simulateCafe({
      seed,
      tableCount: 5,
      travellersPerTable: 4,
      rounds: 3,
      rotator,
    });
    repeats.push(countRepeats(seatings));
  }
  console.log(`${rotator.padEnd(8)} ${summary(repeats)}`);
}

console.log(
  `\n# One rotation, 2,000 participants over 200 tables, ${SPEED_RUNS} runs each (load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} CPUs)`,
);
for (const earlierRounds of [0, 1, 2]) {
  const times: number[] = [];
  const cpuTimes: number[] = [];
  const historyTimes: Timing = { wall: [], cpu: [] };
  let repeatPairs = 0;
  let maxSizeDiff = 0;
  let pairs = 0;
  for (let run = 0; run < SPEED_RUNS; run++) {
    const random = createRandom(1000 + run);
    const { tables, seating } = createCafe(200, 9, random);
    const seatings: Seating[] = [seating];
    // Earlier rounds: travellers reshuffled over the same seats (validity does not matter for
    // history, and rejection-sampling a valid shuffle of 1,800 people is slow).
    for (let r = 0; r < earlierRounds; r++) seatings.push(reshuffle(tables, seating, random));
    const current = seatings.pop() as Seating;
    const history = timed(historyTimes, () => PairHistory.fromSeatings(seatings));
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const plan = planRotation({ tables, seating: current, history, seed: run });
    const cpu = process.cpuUsage(c0);
    times.push(performance.now() - t0);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
    repeatPairs = Math.max(repeatPairs, plan.stats.repeatPairs);
    maxSizeDiff = Math.max(maxSizeDiff, plan.stats.maxSizeDiff);
    pairs = history.pairCount;
  }
  console.log(
    `${earlierRounds} earlier round(s): planRotation wall ${ms(times)}; CPU ${ms(cpuTimes)}\n` +
      `    building PairHistory from seatings: wall ${ms(historyTimes.wall)}; CPU ${ms(historyTimes.cpu)}; ` +
      `worst repeatPairs ${repeatPairs}, worst maxSizeDiff ${maxSizeDiff}, remembered pairs ${pairs}`,
  );
}

console.log(
  `\n# One click through the control doc: readCafe → planRotation → applyRotation, 2,000 / 200`,
);
{
  const doc = new Y.Doc();
  const random = createRandom(7);
  const { tables, seating } = createCafe(200, 9, random);
  writeTables(
    doc,
    tables.map((t) => ({
      id: t.id,
      name: t.id,
      question: null,
      hostId: t.hostId,
      boardId: null,
      docName: null,
      capacity: null,
    })),
  );
  for (const [id, tableId] of Object.entries(seating)) {
    writeSeat(doc, id, { tableId, presence: "in-room" });
  }
  const roundsDoc = new Y.Doc();
  const read: Timing = { wall: [], cpu: [] };
  const plan: Timing = { wall: [], cpu: [] };
  const apply: Timing = { wall: [], cpu: [] };
  const frames: number[] = [];
  doc.on("update", (update: Uint8Array) => frames.push(update.byteLength));
  for (let round = 1; round <= 3; round++) {
    writeRound(doc, { phase: "ended", round });
    const state = timed(read, () => readCafe(doc));
    const past = readPastRounds(roundsDoc).rounds;
    const proposal = timed(plan, () => planRotation(rotationInputFromCafe(state, round, past)));
    frames.length = 0;
    const ended = timed(apply, () => applyRotation(doc, proposal));
    recordPastRound(roundsDoc, ended);
  }
  console.log(`readCafe: wall ${ms(read.wall)}; CPU ${ms(read.cpu)}`);
  console.log(
    `planRotation with history from the rounds doc (rounds 1-3): wall ${ms(plan.wall)}; CPU ${ms(plan.cpu)}`,
  );
  console.log(`applyRotation: wall ${ms(apply.wall)}; CPU ${ms(apply.cpu)}`);
  console.log(`last rotation's update (sent to every participant): ${frames.join(" + ")} bytes`);
  console.log(`control doc after 3 rotations: ${Y.encodeStateAsUpdate(doc).length} bytes`);
}
