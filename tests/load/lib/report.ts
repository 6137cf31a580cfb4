import type { ServerKind } from "./servers";

/** A scenario's config: flat, printable, stored with its results. */
export type ScenarioConfig = Record<string, number | string | boolean>;

/** What one scenario measured against one server. Numbers are NaN when not measured. */
export interface RunMetrics {
  /** Scenario figures, keyed as the scenario's `metrics` list names them. */
  values: Record<string, number>;
  /** Server CPU (user + system) during the measured phase, ms. */
  serverCpuMs: number;
  /** Server peak RSS (VmHWM) over its life, MiB. */
  serverPeakRssMb: number;
  /** Load generator CPU during the measured phase, ms (all its processes). */
  generatorCpuMs: number;
  /** Wall time of the measured phase, ms. */
  phaseMs: number;
  /** p99 / max answer time of the server's probe URL during the phase: event-loop stalls, ms. */
  serverProbeP99Ms?: number;
  serverProbeMaxMs?: number;
  /** What a reader must know to interpret the figures. */
  notes: string[];
}

export interface ServerRun {
  server: ServerKind;
  ok: boolean;
  error?: string;
  metrics?: RunMetrics;
  /** Each run on its own, in the order they ran, when the scenario repeats (`metrics` combines them). */
  repeats?: RunMetrics[];
}

/** A target from the brief, judged on this run's figures. */
export interface Check {
  name: string;
  target: string;
  ours: number | null;
  reference: number | null;
  /** null when it could not be judged (a server failed, or not measured). */
  pass: boolean | null;
}

export interface ScenarioReport {
  scenario: string;
  quick: boolean;
  config: ScenarioConfig;
  startedAt: string;
  /** 1-minute load average when the scenario started (> cores: others were busy). */
  loadAverage1m: number;
  durationMs: number;
  runs: ServerRun[];
  checks: Check[];
}

/** How a scenario names and prints one of its figures. */
export interface MetricSpec {
  key: string;
  label: string;
  unit: string;
  /** Which way is better, for the reader; the ratio is always ours / reference. */
  better: "lower" | "higher" | "none";
}
