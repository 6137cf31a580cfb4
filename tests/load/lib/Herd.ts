import { nowMs } from "./clock";
import { LatencyRecorder, type LatencySummary } from "./LatencyRecorder";
import type { DocAccess } from "./provision";
import { RawClient } from "./RawClient";
import type { RunningServer } from "./servers";

/** Sockets opened at once while setting up, so setup load is not what we measure. */
const SETUP_BATCH = 100;
/** How long one client may take to sync, in setup or in a switch. */
const SYNC_TIMEOUT_MS = 60_000;

/** What happened when every client moved to another doc at the same moment. */
export interface SwitchResult {
  clients: number;
  synced: number;
  failures: number;
  /** Failure reasons (close codes, errors, timeouts) and how many clients had each. */
  failureReasons: Record<string, number>;
  /** From the first close to the last client synced (or to the timeout). */
  timeToAllSyncedMs: number;
  /** Per client: switch start → synced on the new doc. */
  perClient: LatencySummary;
}

function withTimeout(promise: Promise<number>, ms: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no sync within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * A crowd of light clients, each on one doc, that can all switch docs at once: a herd after a
 * restart, or a World Café rotation (each participant to their next table).
 * Clients are identified by index; `assignment[i]` is the doc index client `i` sits on.
 */
export class Herd {
  private clients: Array<RawClient | undefined> = [];
  private assignment: number[] = [];

  constructor(
    private readonly server: RunningServer,
    private readonly access: DocAccess,
  ) {}

  get size(): number {
    return this.clients.length;
  }

  /** Where each client sits now. */
  get docs(): readonly number[] {
    return this.assignment;
  }

  private open(i: number, doc: number): RawClient {
    const name = this.access.docNames[doc];
    if (name === undefined) throw new Error(`no doc ${doc}`);
    return new RawClient(this.server.syncUrl(name, this.access.token(i)));
  }

  /** Connects client i to `assignment[i]`, `SETUP_BATCH` at a time; throws if any fails. */
  async connectGradually(assignment: readonly number[]): Promise<void> {
    this.assignment = [...assignment];
    this.clients = new Array<RawClient | undefined>(assignment.length);
    for (let start = 0; start < assignment.length; start += SETUP_BATCH) {
      const batch: Promise<number>[] = [];
      for (let i = start; i < Math.min(assignment.length, start + SETUP_BATCH); i++) {
        const client = this.open(i, assignment[i] ?? 0);
        this.clients[i] = client;
        batch.push(withTimeout(client.synced, SYNC_TIMEOUT_MS));
      }
      const results = await Promise.allSettled(batch);
      const failed = results.filter((r) => r.status === "rejected");
      if (failed.length > 0) {
        const first = failed[0];
        const reason = first?.status === "rejected" ? String(first.reason) : "";
        throw new Error(`setup: ${failed.length} clients failed to sync (${reason})`);
      }
    }
  }

  /**
   * All clients close their socket and open one to `next[i]` in one go (no awaiting in between),
   * as when a facilitator starts the next round. Resolves once all are synced or timed out.
   */
  async switchAll(next: readonly number[]): Promise<SwitchResult> {
    const began = nowMs();
    const old = this.clients;
    const fresh: RawClient[] = [];
    for (let i = 0; i < next.length; i++) {
      old[i]?.close();
      fresh.push(this.open(i, next[i] ?? 0));
    }
    this.clients = fresh;
    this.assignment = [...next];
    const perClient = new LatencyRecorder();
    const reasons: Record<string, number> = {};
    let lastSyncedAt = began;
    const results = await Promise.allSettled(
      fresh.map((client) =>
        withTimeout(client.synced, SYNC_TIMEOUT_MS).then(() => {
          perClient.add(client.syncedAt - began);
          lastSyncedAt = Math.max(lastSyncedAt, client.syncedAt);
        }),
      ),
    );
    for (const result of results) {
      if (result.status === "rejected") {
        const reason = String(result.reason)
          .replace(/^Error: /, "")
          .slice(0, 80);
        reasons[reason] = (reasons[reason] ?? 0) + 1;
      }
    }
    const synced = perClient.count;
    return {
      clients: fresh.length,
      synced,
      failures: fresh.length - synced,
      failureReasons: reasons,
      timeToAllSyncedMs: (synced === fresh.length ? lastSyncedAt : nowMs()) - began,
      perClient: perClient.summary(),
    };
  }

  /** Clients whose socket closed after syncing (the server dropped them). */
  countClosed(): number {
    return this.clients.filter((c) => c !== undefined && !Number.isNaN(c.syncedAt) && !c.isOpen)
      .length;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.clients.map((c) => c?.close()));
    this.clients = [];
  }
}
