import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { startScriptNodeFlags } from "./servers";

describe("startScriptNodeFlags", () => {
  it("reads the V8 flags of the server's start script, and node accepts them", () => {
    const flags = startScriptNodeFlags();
    expect(flags).toContain("--max-semi-space-size=2");
    for (const flag of flags) expect(flag.startsWith("--")).toBe(true);
    const run = spawnSync(process.execPath, [...flags, "-e", "0"], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });
});
