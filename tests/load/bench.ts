import { rotation } from "./cafe/rotation";
import { selfCheckMapWriter } from "./lib/MapWriter";
import { describeMachine, machineLine } from "./lib/machine";
import type { ScenarioConfig, ScenarioReport } from "./lib/report";
import { saveRun } from "./lib/results";
import { runScenario } from "./lib/runScenario";
import type { Scenario } from "./lib/Scenario";
import { SERVER_KINDS, type ServerKind } from "./lib/servers";
import { openSpace } from "./openSpace/openSpace";
import { awareness } from "./scenarios/awareness";
import { coldload } from "./scenarios/coldload";
import { fanout } from "./scenarios/fanout";
import { herd } from "./scenarios/herd";
import { persist } from "./scenarios/persist";
import { plenary } from "./scenarios/plenary";

/** A scenario with its config type closed over, so scenarios of different configs share a list. */
interface Entry {
  name: string;
  run(
    quick: boolean,
    servers: readonly ServerKind[],
    overrides: Partial<ScenarioConfig>,
  ): Promise<ScenarioReport>;
}

function entry<C extends ScenarioConfig>(scenario: Scenario<C>): Entry {
  return {
    name: scenario.name,
    run: (quick, servers, overrides) => runScenario(scenario, quick, servers, overrides),
  };
}

const SCENARIOS: readonly Entry[] = [
  entry(fanout),
  entry(herd),
  entry(coldload),
  entry(awareness),
  entry(persist),
  entry(rotation),
  entry(openSpace),
  entry(plenary),
];

const USAGE = `usage: pnpm bench [scenario …] [--quick] [--server ours|reference|both] [--set key=value …] [--no-save]
scenarios: ${SCENARIOS.map((s) => s.name).join(", ")} (default: all, with the target configs)`;

interface Options {
  names: string[];
  quick: boolean;
  servers: ServerKind[];
  overrides: Partial<ScenarioConfig>;
  save: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    names: [],
    quick: false,
    servers: [...SERVER_KINDS],
    overrides: {},
    save: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--") continue;
    if (arg === "--quick") options.quick = true;
    else if (arg === "--no-save") options.save = false;
    else if (arg === "--server") {
      const value = argv[++i];
      if (value === "both") options.servers = [...SERVER_KINDS];
      else if (value === "ours" || value === "reference") options.servers = [value];
      else throw new Error(`--server takes ours, reference or both\n${USAGE}`);
    } else if (arg === "--set") {
      const [key, raw] = (argv[++i] ?? "").split("=");
      if (!key || raw === undefined) throw new Error(`--set takes key=value\n${USAGE}`);
      const number = Number(raw);
      options.overrides[key] =
        raw === "true" ? true : raw === "false" ? false : Number.isNaN(number) ? raw : number;
    } else if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else if (arg.startsWith("-")) throw new Error(`unknown flag ${arg}\n${USAGE}`);
    else options.names.push(arg);
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const selected =
    options.names.length === 0
      ? SCENARIOS
      : options.names.map((name) => {
          const scenario = SCENARIOS.find((s) => s.name === name);
          if (!scenario) throw new Error(`unknown scenario ${name}\n${USAGE}`);
          return scenario;
        });
  selfCheckMapWriter();
  const machine = describeMachine();
  const date = new Date().toISOString();
  console.log(`Tablecloth load benchmarks, ${date}\nmachine: ${machineLine(machine)}`);
  const reports: ScenarioReport[] = [];
  for (const scenario of selected) {
    reports.push(await scenario.run(options.quick, options.servers, options.overrides));
  }
  if (options.save) {
    const file = await saveRun({ date, machine, argv: process.argv.slice(2), reports });
    console.log(`\nresults: ${file} (summary in load/results/README.md)`);
  }
  const failed = reports.some((r) => r.runs.some((run) => !run.ok));
  process.exit(failed ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
