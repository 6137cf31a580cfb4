import { loadavg } from "node:os";
import { figure } from "./checks";
import { fmt, pad, padStart, ratio } from "./format";
import type { MetricSpec, RunMetrics, ScenarioConfig, ScenarioReport, ServerRun } from "./report";
import type { Scenario } from "./Scenario";
import type { ServerKind } from "./servers";

/** Figures every scenario prints after its own. */
const COMMON_METRICS: readonly MetricSpec[] = [
  { key: "serverCpuMs", label: "server CPU (measured phase)", unit: "ms", better: "lower" },
  { key: "serverPeakRssMb", label: "server peak RSS", unit: "MiB", better: "lower" },
  {
    key: "serverProbeP99Ms",
    label: "server HTTP probe p99 (loop stalls)",
    unit: "ms",
    better: "lower",
  },
  { key: "serverProbeMaxMs", label: "server HTTP probe max", unit: "ms", better: "lower" },
  { key: "generatorCpuMs", label: "load generator CPU", unit: "ms", better: "none" },
  { key: "phaseMs", label: "measured phase", unit: "ms", better: "none" },
];

function commonFigure(run: RunMetrics | undefined, key: string): number | null {
  if (!run) return null;
  if (key === "generatorCpuMs") return run.generatorCpuMs;
  if (key === "phaseMs") return run.phaseMs;
  if (key === "serverProbeP99Ms") return run.serverProbeP99Ms ?? null;
  if (key === "serverProbeMaxMs") return run.serverProbeMaxMs ?? null;
  return figure(run, key);
}

function printComparison(
  metrics: readonly MetricSpec[],
  ours: RunMetrics | undefined,
  reference: RunMetrics | undefined,
): void {
  const rows = [...metrics, ...COMMON_METRICS].map((spec) => [
    `${spec.label}${spec.unit ? ` (${spec.unit})` : ""}`,
    fmt(commonFigure(ours, spec.key)),
    fmt(commonFigure(reference, spec.key)),
    ratio(commonFigure(ours, spec.key), commonFigure(reference, spec.key)),
  ]);
  const header = ["figure", "ours", "reference", "ours/ref"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === 0 ? pad(c, widths[i] ?? 0) : padStart(c, widths[i] ?? 0)))
      .join("  ");
  console.log(`  ${line(header)}`);
  for (const row of rows) console.log(`  ${line(row)}`);
}

/** Each repeated run's figures, so a combined figure can be checked against its parts. */
function printRepeats(metrics: readonly MetricSpec[], runs: readonly ServerRun[]): void {
  const shown = runs.filter((r) => r.repeats !== undefined);
  console.log(
    `  by run, in the order each server ran (${shown.map((r) => r.server).join(" | ")}):`,
  );
  for (const spec of metrics) {
    if (spec.better === "none") continue;
    const cells = shown.map((r) =>
      (r.repeats ?? []).map((m) => fmt(commonFigure(m, spec.key))).join(" "),
    );
    console.log(`    ${spec.label}${spec.unit ? ` (${spec.unit})` : ""}: ${cells.join(" | ")}`);
  }
}

/**
 * Runs a scenario against each server in turn (never both at once), `repeats` times each when the
 * scenario asks for it, interleaved; then judges its targets on the combined figures.
 */
export async function runScenario<C extends ScenarioConfig>(
  scenario: Scenario<C>,
  quick: boolean,
  servers: readonly ServerKind[],
  overrides: Partial<ScenarioConfig>,
): Promise<ScenarioReport> {
  const config = scenario.config(quick);
  const settable: Record<string, number | string | boolean> = config;
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (!(key in config) || typeof settable[key] !== typeof value) {
      console.log(`  (--set ${key} does not apply to ${scenario.name}: ignored)`);
      continue;
    }
    settable[key] = value;
  }
  const startedAt = new Date();
  const loadAverage1m = Math.round((loadavg()[0] ?? 0) * 100) / 100;
  console.log(`\n▶ ${scenario.name}${quick ? " (quick)" : ""}: ${scenario.description}`);
  console.log(`  config ${JSON.stringify(config)}; load average ${loadAverage1m}`);
  const repeats = Math.max(1, Math.trunc(scenario.repeats?.(config) ?? 1));
  if (repeats > 1 && !scenario.combine) {
    throw new Error(`${scenario.name} repeats its runs but cannot combine them`);
  }
  const warmUpConfig = scenario.generatorWarmUp?.(config);
  const firstServer = servers[0];
  if (warmUpConfig !== undefined && firstServer !== undefined) {
    const began = Date.now();
    try {
      await scenario.run(firstServer, warmUpConfig);
      console.log(
        `  load generator warm-up (against ${firstServer}, not counted): done in ${((Date.now() - began) / 1000).toFixed(1)} s`,
      );
    } catch (error) {
      // The measured runs will meet the same problem and report it.
      console.log(
        `  load generator warm-up FAILED: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  const done = new Map<ServerKind, RunMetrics[]>();
  const failed = new Map<ServerKind, string>();
  for (let round = 0; round < repeats; round++) {
    // ABBA order: whichever server ran last in one round runs first in the next.
    const order = round % 2 === 0 ? servers : [...servers].reverse();
    for (const kind of order) {
      if (failed.has(kind)) continue;
      const label = repeats > 1 ? `${kind} (run ${round + 1} of ${repeats})` : kind;
      const began = Date.now();
      try {
        const metrics = await scenario.run(kind, config);
        done.set(kind, [...(done.get(kind) ?? []), metrics]);
        console.log(`  ${label}: done in ${((Date.now() - began) / 1000).toFixed(1)} s`);
        if (round === 0) for (const note of metrics.notes) console.log(`    note: ${note}`);
      } catch (error) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        failed.set(kind, message);
        console.log(`  ${label}: FAILED ${message.split("\n").slice(0, 6).join("\n    ")}`);
      }
    }
  }
  const runs: ServerRun[] = servers.map((kind) => {
    const error = failed.get(kind);
    const each = done.get(kind) ?? [];
    if (error !== undefined) return { server: kind, ok: false, error };
    if (repeats === 1 || !scenario.combine) return { server: kind, ok: true, metrics: each[0] };
    return { server: kind, ok: true, metrics: scenario.combine(each, config), repeats: each };
  });
  const ours = runs.find((r) => r.server === "ours")?.metrics;
  const reference = runs.find((r) => r.server === "reference")?.metrics;
  printComparison(scenario.metrics, ours, reference);
  if (repeats > 1) printRepeats(scenario.metrics, runs);
  const checks = scenario.checks(config, ours, reference);
  for (const check of checks) {
    const verdict = check.pass === null ? "n/a " : check.pass ? "PASS" : "FAIL";
    console.log(
      `  [${verdict}] ${check.name}: ${check.target} (ours ${fmt(check.ours)}, reference ${fmt(check.reference)})`,
    );
  }
  return {
    scenario: scenario.name,
    quick,
    config,
    startedAt: startedAt.toISOString(),
    loadAverage1m,
    durationMs: Date.now() - startedAt.getTime(),
    runs,
    checks,
  };
}
