import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultSyncConfig } from "@tablecloth/sync";
import { describe, expect, it } from "vitest";
import { apiDefaults } from "./api/apiConfig";
import { syncEnvName } from "./config";

/**
 * Every named limit and setting has its default in one place (`defaultSyncConfig`, `apiDefaults`,
 * the server's config) AND a row in server/README.md's configuration tables. This fails when a
 * new `TABLECLOTH_*` variable, a new engine limit or a new API limit has no row, or when a row's
 * default disagrees with the code.
 */

const here = dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(join(here, "..", "README.md"), "utf8");

/** First code span of each table row in "## Configuration" → the row's default cell. */
function configurationRows(): Map<string, string> {
  const start = readme.indexOf("\n## Configuration");
  const end = readme.indexOf("\n## ", start + 1);
  expect(start).toBeGreaterThan(-1);
  const rows = new Map<string, string>();
  for (const line of readme.slice(start, end).split("\n")) {
    if (!line.startsWith("|") || /^\|\s*-/.test(line)) continue;
    const cells = line.split("|").map((cell) => cell.trim());
    const name = /`([^`]+)`/.exec(cells[1] ?? "")?.[1];
    if (!name) continue;
    // Tables with a Flag column have the default third.
    const defaultCell = (cells.length >= 6 ? cells[3] : cells[2]) ?? "";
    rows.set(name, defaultCell);
  }
  return rows;
}

const UNITS: Record<string, number> = { KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };

/** The first number in a default cell, with its unit ("8 MiB", "half the cap (2500)"), or null. */
function parseDefault(cell: string): number | null {
  const match = /(\d[\d_,]*)\s*(KiB|MiB|GiB)?/.exec(cell);
  if (!match?.[1]) return null;
  return Number(match[1].replace(/[_,]/g, "")) * (match[2] ? (UNITS[match[2]] ?? 1) : 1);
}

/** Every `TABLECLOTH_*` name in the server's sources (tests excluded). */
function envNamesInSources(dir: string, found = new Set<string>()): Set<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "test") envNamesInSources(path, found);
    } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) {
      for (const [name] of readFileSync(path, "utf8").matchAll(
        /TABLECLOTH_[A-Z0-9]+(?:_[A-Z0-9]+)*/g,
      )) {
        found.add(name);
      }
    }
  }
  return found;
}

/** Each `ApiConfig` field → its doc comment in apiConfig.ts. */
function apiFieldDocs(): Map<string, string> {
  const source = readFileSync(join(here, "api", "apiConfig.ts"), "utf8");
  const body = source.slice(source.indexOf("export interface ApiConfig"), source.indexOf("\n}\n"));
  const docs = new Map<string, string>();
  for (const [, doc, field] of body.matchAll(/\/\*\*([\s\S]*?)\*\/\s*(\w+)\??:/g)) {
    if (field) docs.set(field, doc ?? "");
  }
  return docs;
}

const rows = configurationRows();

describe("server/README.md's configuration tables", () => {
  it("have a row for every TABLECLOTH_* variable the server reads", () => {
    const names = [...envNamesInSources(here)].sort();
    expect(names.length).toBeGreaterThan(30);
    expect(names.filter((name) => !rows.has(name))).toEqual([]);
  });

  it("have a row, with the code's default, for every limit of the room engine", () => {
    const missing: string[] = [];
    const wrong: string[] = [];
    for (const [field, value] of Object.entries(defaultSyncConfig)) {
      const cell = rows.get(syncEnvName(field));
      if (cell === undefined) missing.push(syncEnvName(field));
      else if (parseDefault(cell) !== value)
        wrong.push(`${syncEnvName(field)}: "${cell}" ≠ ${value}`);
    }
    expect(missing).toEqual([]);
    expect(wrong).toEqual([]);
  });

  it("have a row, with the code's default, for every limit of the events API", () => {
    const docs = apiFieldDocs();
    const missing: string[] = [];
    const wrong: string[] = [];
    for (const [field, value] of Object.entries(apiDefaults)) {
      const doc = docs.get(field);
      if (doc === undefined) {
        missing.push(`${field} (no doc comment in ApiConfig)`);
        continue;
      }
      const envNames = [...doc.matchAll(/`(TABLECLOTH_[A-Z0-9_]+)`/g)].map((m) => m[1] ?? "");
      const names = envNames.length > 0 ? envNames : [field];
      const undocumented = names.filter((name) => !rows.has(name));
      if (undocumented.length > 0) {
        missing.push(...undocumented);
        continue;
      }
      // One variable for one number: the README's default is the code's.
      if (names.length === 1 && typeof value === "number") {
        const cell = rows.get(names[0] ?? "") ?? "";
        if (parseDefault(cell) !== value) wrong.push(`${names[0]}: "${cell}" ≠ ${value}`);
      }
    }
    expect(missing).toEqual([]);
    expect(wrong).toEqual([]);
  });

  it("parse defaults the way they are written", () => {
    expect(parseDefault("8 MiB")).toBe(8 * 1024 * 1024);
    expect(parseDefault("half the cap (2500)")).toBe(2500);
    expect(parseDefault("604800000 (7 days)")).toBe(604_800_000);
    expect(parseDefault("unset")).toBeNull();
  });
});
