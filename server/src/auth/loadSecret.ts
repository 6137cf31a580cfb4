import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** File under DATA_DIR holding the generated signing secret (mode 0600). */
export const SECRET_FILE_NAME = "secret.key";
/** Shortest secret accepted, in bytes: HS256 wants at least its 256-bit output size. */
export const MIN_SECRET_BYTES = 32;

/** A signing secret that cannot be used; the message names what to fix. */
export class SecretError extends Error {
  override readonly name = "SecretError";
}

export interface LoadedSecret {
  secret: Uint8Array;
  /** Where it came from, for one log line at start-up (never the secret itself). */
  source: "env" | "file" | "generated";
}

/**
 * The token signing secret: `TABLECLOTH_SECRET` when set (its UTF-8 bytes, at least 32), else the
 * one kept in `<dataDir>/secret.key`, generated on first start. Keeping it means a restart keeps
 * everyone's tokens valid; deleting the file signs everyone out.
 */
export async function loadSecret(
  dataDir: string,
  envSecret: string | undefined,
): Promise<LoadedSecret> {
  if (envSecret !== undefined && envSecret !== "") {
    const secret = new TextEncoder().encode(envSecret);
    if (secret.byteLength < MIN_SECRET_BYTES) {
      throw new SecretError(`TABLECLOTH_SECRET must be at least ${MIN_SECRET_BYTES} bytes long.`);
    }
    return { secret, source: "env" };
  }
  const path = join(dataDir, SECRET_FILE_NAME);
  const existing = await readSecretFile(path);
  if (existing) return { secret: existing, source: "file" };

  await mkdir(dataDir, { recursive: true });
  const generated = randomBytes(48).toString("base64url");
  try {
    // "wx": never overwrite a secret another process wrote a moment ago.
    await writeFile(path, `${generated}\n`, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const raced = await readSecretFile(path);
    if (raced) return { secret: raced, source: "file" };
    throw new SecretError(`${path} exists but holds no usable secret.`);
  }
  return { secret: new TextEncoder().encode(generated), source: "generated" };
}

async function readSecretFile(path: string): Promise<Uint8Array | null> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  const secret = new TextEncoder().encode(text.trim());
  if (secret.byteLength < MIN_SECRET_BYTES) {
    throw new SecretError(`${path} holds a secret shorter than ${MIN_SECRET_BYTES} bytes.`);
  }
  return secret;
}
