import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { connectSynced } from "./connectProvider";
import { createBoard } from "./createBoard";
import { type SpawnedServer, spawnPnpmStart, spawnServer } from "./spawnServer";
import { makeTempDir, removeDir } from "./testServer";
import { waitForDoc, withTimeout } from "./waitFor";

const dirs: string[] = [];
const groups: SpawnedServer[] = [];
afterAll(async () => {
  // A failed test must not leave its process group behind.
  for (const spawned of groups) {
    try {
      if (spawned.child.pid !== undefined) process.kill(-spawned.child.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  await Promise.all(groups.map((spawned) => spawned.exited));
  await Promise.all(dirs.map(removeDir));
});

function scripts(path: string): Record<string, string> {
  const manifest = JSON.parse(readFileSync(fileURLToPath(new URL(path, import.meta.url)), "utf8"));
  return (manifest as { scripts: Record<string, string> }).scripts;
}

describe("pnpm start", () => {
  it("runs the compiled server directly under one pnpm, with the server's own start command", () => {
    const root = scripts("../../../package.json").start ?? "";
    const server = scripts("../../package.json").start ?? "";
    // No TypeScript loader in production.
    expect(server).toMatch(/^exec node .*dist\/main\.js$/);
    expect(server).not.toMatch(/tsx/);
    // A nested `pnpm … start` forwards every signal once more, and pnpm kills itself at the
    // third signal it gets: the server's command is exec'd from the root script instead.
    expect(root.endsWith(`cd server && ${server}`)).toBe(true);
  });

  // One group signal reaches pnpm and the server; pnpm forwards its copy, so the server sees
  // every signal twice (SIGINT comes back as SIGTERM).
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    for (const times of [1, 2]) {
      it(`${signal} ×${times} to the whole process group flushes the last write and exits 0`, async () => {
        const dataDir = await makeTempDir();
        dirs.push(dataDir);
        // The longest batching window, so the signal lands while the write is still unstored.
        const spawned = await spawnPnpmStart(dataDir, { TABLECLOTH_PERSIST_FLUSH_MS: "100" });
        groups.push(spawned);
        const pid = spawned.child.pid!;
        const { docName, token } = await createBoard(spawned.url);
        const writer = await connectSynced(spawned.url, docName, { token });
        const observer = await connectSynced(spawned.url, docName, { token });
        try {
          writer.doc.getMap<string>("m").set("last", signal);
          await waitForDoc(
            observer.doc,
            (doc) => doc.getMap("m").get("last") === signal,
            "the observer to see the last write",
          );
          for (let i = 0; i < times; i++) process.kill(-pid, signal);
          const exit = await withTimeout(spawned.exited, 20_000, "pnpm start to exit");
          expect(exit).toEqual({ code: 0, signal: null });
          expect(spawned.lines.some((line) => line.msg === "shut down")).toBe(true);
        } finally {
          writer.destroy();
          observer.destroy();
        }

        const restarted = await spawnServer(dataDir);
        try {
          const reader = await connectSynced(restarted.url, docName, { token });
          try {
            expect(reader.doc.getMap("m").get("last")).toBe(signal);
          } finally {
            reader.destroy();
          }
        } finally {
          restarted.child.kill("SIGTERM");
          await restarted.exited;
        }
      }, 180_000);
    }
  }
});
