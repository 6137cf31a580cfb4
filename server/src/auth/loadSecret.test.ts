import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadSecret, SECRET_FILE_NAME, SecretError } from "./loadSecret";

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "tablecloth-secret-"));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe("loadSecret", () => {
  it("generates a secret once and keeps it across restarts, readable only by the owner", async () => {
    const dir = join(await tempDir(), "nested");
    const first = await loadSecret(dir, undefined);
    expect(first.source).toBe("generated");
    const second = await loadSecret(dir, undefined);
    expect(second.source).toBe("file");
    expect(Buffer.from(second.secret).equals(Buffer.from(first.secret))).toBe(true);
    expect((await stat(join(dir, SECRET_FILE_NAME))).mode & 0o077).toBe(0);
  });

  it("prefers TABLECLOTH_SECRET and writes nothing", async () => {
    const dir = await tempDir();
    const loaded = await loadSecret(dir, "s".repeat(40));
    expect(loaded.source).toBe("env");
    await expect(readFile(join(dir, SECRET_FILE_NAME))).rejects.toThrow();
  });

  it("refuses short secrets from either place", async () => {
    const dir = await tempDir();
    await expect(loadSecret(dir, "short")).rejects.toBeInstanceOf(SecretError);
    await writeFile(join(dir, SECRET_FILE_NAME), "short\n");
    await expect(loadSecret(dir, undefined)).rejects.toBeInstanceOf(SecretError);
  });
});
