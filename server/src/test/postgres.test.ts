import { randomBytes } from "node:crypto";
import {
  dropTestSchema,
  PG_TEST_URL,
  pgTestsEnabled,
  testSchemaName,
} from "@tablecloth/storage/pg-test";
import { afterAll, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import { connectSynced, waitForSync } from "./connectProvider";
import { createBoard } from "./createBoard";
import { keysSentBefore, killWhileWriting } from "./killWhileWriting";
import { type SpawnedServer, spawnServer } from "./spawnServer";
import { makeTempDir, removeDir } from "./testServer";
import { pollUntil, waitForDoc } from "./waitFor";

// The real server process on PostgreSQL (TABLECLOTH_DATABASE_URL). Skipped, saying why, on a
// machine without PostgreSQL; required where TABLECLOTH_REQUIRE_SERVICES=1 (CI).
const enabled = await pgTestsEnabled("server on PostgreSQL");

const dirs: string[] = [];
const schemas: string[] = [];
const children: SpawnedServer[] = [];
const providers: WebsocketProvider[] = [];

afterAll(async () => {
  for (const provider of providers) provider.destroy();
  for (const spawned of children) spawned.child.kill("SIGKILL");
  await Promise.all(children.map((spawned) => spawned.exited));
  await Promise.all(dirs.map(removeDir));
  for (const schema of schemas) await dropTestSchema(schema);
});

/** A server process on `schema` with a data dir of its own: nothing it keeps is local. */
async function spawnOnPostgres(schema: string, secret: string): Promise<SpawnedServer> {
  const dataDir = await makeTempDir();
  dirs.push(dataDir);
  const spawned = await spawnServer(dataDir, {
    TABLECLOTH_DATABASE_URL: PG_TEST_URL,
    TABLECLOTH_DATABASE_SCHEMA: schema,
    TABLECLOTH_SECRET: secret,
    // The killed instance's events pass to the next one a second after its last heartbeat.
    TABLECLOTH_LEASE_TTL_MS: "1000",
  });
  children.push(spawned);
  return spawned;
}

describe.runIf(enabled)("the server on PostgreSQL", () => {
  it("keeps events, boards and every update sent 200 ms before SIGKILL for an instance with another data dir", async () => {
    const schema = testSchemaName();
    schemas.push(schema);
    const secret = randomBytes(32).toString("hex");
    const first = await spawnOnPostgres(schema, secret);
    expect(first.lines.some((l) => l.msg === "storage ready" && l.backend === "postgres")).toBe(
      true,
    );
    // The URL is never logged (it may hold a password).
    expect(JSON.stringify(first.lines)).not.toContain(PG_TEST_URL);
    const { docName, token, eventId } = await createBoard(first.url);

    const killed = await killWhileWriting(first, docName, token, { everyMs: 5, forMs: 1_000 });
    const { writer, sentAt } = killed;
    providers.push(writer);
    const mustHave = keysSentBefore(killed, 200);
    expect(mustHave.length).toBeGreaterThan(20);

    // Another instance, another (empty) data dir, the same database: the event, the board, the
    // token and the updates are all there.
    const second = await spawnOnPostgres(schema, secret);
    // The first answer may be 503 (Retry-After): the dead owner's lease is still running, or
    // this request is the one that finds its address refusing; a retry is served.
    const event = await pollUntil(
      async () => {
        const r = await fetch(`${second.url}/api/events/${eventId}`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        const text = await r.text();
        if (r.status === 503) return undefined;
        return { status: r.status, text };
      },
      "the second instance to serve the event",
      15_000,
      250,
    );
    expect(event.status).toBe(200);
    expect(event.text).toContain(docName);
    const checker = await connectSynced(second.url, docName, { token });
    providers.push(checker);
    const stored = checker.doc.getMap<number>("strokes");
    expect(mustHave.filter((key) => !stored.has(key))).toEqual([]);

    // The writer resumes on the new instance and restores what the crash lost.
    writer.serverUrl = `${second.url.replace(/^http/, "ws")}/sync`;
    writer.connect();
    await waitForSync(writer);
    await waitForDoc(
      checker.doc,
      () => [...sentAt.keys()].every((key) => stored.has(key)),
      "the checker to receive every key after the writer reconnected",
    );
    const history = await fetch(`${second.url}/api/docs/${encodeURIComponent(docName)}/history`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(history.status).toBe(200);
    // The new owner says so on /metrics.
    const metrics = await (await fetch(`${second.url}/metrics`)).text();
    expect(metrics).toMatch(/^tablecloth_cluster_leases_held 1$/m);
    expect(metrics).toMatch(/^tablecloth_cluster_heartbeat_age_seconds /m);
  }, 90_000);

  it("refuses to start with a database it cannot reach, without printing its password", async () => {
    const dataDir = await makeTempDir();
    dirs.push(dataDir);
    const url = "postgres://someone:s3cret@127.0.0.1:1/test";
    const failure = await spawnServer(dataDir, {
      TABLECLOTH_DATABASE_URL: url,
      TABLECLOTH_SECRET: "x".repeat(64),
    }).then(
      () => null,
      (error: Error) => error.message,
    );
    expect(failure).toMatch(/exited \(code 1/);
    expect(failure).not.toContain("s3cret");
  }, 30_000);
});
