import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { mapBundleStack } from "./bundleStack";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** Bundles two TypeScript files as `scripts/build.mjs` does and returns the error it throws. */
async function bundledError(
  withMap: boolean,
): Promise<{ stack: string; bundleUrl: string; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), "tc-bundle-stack-"));
  dirs.push(dir);
  await writeFile(
    join(dir, "fail.ts"),
    [
      "// line 1",
      "export function fail(reason: string): never {",
      "  throw new Error(reason);",
      "}",
      "",
    ].join("\n"),
  );
  await writeFile(
    join(dir, "entry.ts"),
    [
      'import { fail } from "./fail";',
      "export function run(): void {",
      '  fail("boom");',
      "}",
      "",
    ].join("\n"),
  );
  const outfile = join(dir, "dist", "main.js");
  await build({
    entryPoints: [join(dir, "entry.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    sourcemap: withMap,
    sourcesContent: false,
    logLevel: "silent",
  });
  const bundleUrl = pathToFileURL(outfile).href;
  // A plain node, as `pnpm start` runs the server: vitest maps stacks itself.
  const run = spawnSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `const { run } = await import(${JSON.stringify(bundleUrl)});
       try { run(); } catch (error) { process.stdout.write(error.stack); }`,
    ],
    { encoding: "utf8" },
  );
  expect(run.stderr).toBe("");
  return { stack: run.stdout, bundleUrl, dir };
}

describe("mapBundleStack", () => {
  it("maps the bundle's frames to the TypeScript lines they came from, names kept", async () => {
    const { stack, bundleUrl, dir } = await bundledError(true);
    expect(stack).toContain(`${bundleUrl}:`);
    const mapped = mapBundleStack(stack, bundleUrl);
    expect(mapped).not.toContain(bundleUrl);
    expect(mapped).toMatch(/^Error: boom$/m);
    expect(mapped).toContain(`at fail (${join(dir, "fail.ts")}:3:9)`);
    expect(mapped).toContain(`at run (${join(dir, "entry.ts")}:3:3)`);
  });

  it("leaves stacks alone without a map, and frames of other files always", async () => {
    const { stack, bundleUrl } = await bundledError(false);
    expect(mapBundleStack(stack, bundleUrl)).toBe(stack);
    const other = "Error: x\n    at f (file:///elsewhere/other.js:1:2)";
    expect(mapBundleStack(other, bundleUrl)).toBe(other);
    expect(mapBundleStack(other)).toBe(other);
  });
});
