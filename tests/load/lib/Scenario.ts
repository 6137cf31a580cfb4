import type { Check, MetricSpec, RunMetrics, ScenarioConfig } from "./report";
import type { ServerKind } from "./servers";

/**
 * One benchmark. It starts (and restarts) its own servers, so a scenario that restarts the
 * server or reads its SQLite file after SIGTERM controls that itself.
 */
export interface Scenario<C extends ScenarioConfig = ScenarioConfig> {
  name: string;
  description: string;
  /** The target config, or a small one that finishes in seconds. */
  config(quick: boolean): C;
  /** Figures printed for both servers with their ratio, in this order. */
  metrics: readonly MetricSpec[];
  run(kind: ServerKind, config: C): Promise<RunMetrics>;
  /** The brief's targets, judged on the figures (either side may be missing). */
  checks(config: C, ours: RunMetrics | undefined, reference: RunMetrics | undefined): Check[];
}
