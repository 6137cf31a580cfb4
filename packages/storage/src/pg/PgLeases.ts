import type pg from "pg";
import { type StorageLogger, silentLogger } from "../Logger";
import { type PgMigration, runPgMigrations } from "./pgMigrate";

/**
 * Which instance owns which event, in PostgreSQL. Every doc of an event (`<eventId>.*`) is served
 * by the event's owner, so a café's control doc, its tables and the routes that write them live
 * on one instance: no doc ever has two writers.
 *
 * - `cluster_instance`: each live instance's id, the URL its peers reach it at, and until when
 *   it counts as alive (renewed by its heartbeat).
 * - `event_lease`: an event's owner and its fencing token `fence`, which grows by one each time
 *   the event changes hands. The doc store writes the fence into every log entry and refuses an
 *   append whose fence is not the lease's (see `PgDocStore` `fencing`), so a paused or partitioned
 *   old owner cannot write after a takeover.
 *
 * A lease is valid while its owner's instance row is alive; an instance that dies stops renewing,
 * and after `ttlMs` any instance may take its events (fence + 1).
 */
export const pgLeaseMigrations: readonly PgMigration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE cluster_instance (
        id TEXT PRIMARY KEY,
        url TEXT NOT NULL,
        alive_until BIGINT NOT NULL
      );
      CREATE TABLE event_lease (
        event_id TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        fence BIGINT NOT NULL,
        acquired_at BIGINT NOT NULL
      );
      CREATE INDEX event_lease_by_owner ON event_lease(owner);
    `,
  },
];

export const PG_LEASE_MIGRATION_MODULE = "cluster";

/** An event's current owner as the lease table says. */
export interface EventOwner {
  eventId: string;
  instanceId: string;
  /** Where peers reach the owner (`http://host:port`). */
  url: string;
  fence: number;
}

export interface PgLeasesOptions {
  /** This instance's id (unique per process). */
  instanceId: string;
  /** Where peers reach this instance; may be set later with `setUrl` (before listening). */
  url: string;
  /** How long an instance counts as alive after its last heartbeat; default 5,000 ms. */
  ttlMs?: number;
  logger?: StorageLogger;
  /** The clock, epoch ms (tests). */
  now?: () => number;
}

export const DEFAULT_LEASE_TTL_MS = 5_000;

/**
 * This instance's view of the lease tables: heartbeat, acquire-or-find the owner of an event,
 * and the fence it holds for each event it owns.
 */
export class PgLeases {
  readonly instanceId: string;
  /** Where peers reach this instance; set once the server listens (`setUrl`). */
  url: string;
  readonly ttlMs: number;
  private readonly now: () => number;
  private readonly logger: StorageLogger;
  /** Events this instance owns, with the fence it acquired them at. */
  private readonly held = new Map<string, number>();

  static async open(pool: pg.Pool, options: PgLeasesOptions): Promise<PgLeases> {
    await runPgMigrations(pool, PG_LEASE_MIGRATION_MODULE, pgLeaseMigrations, options.logger);
    const leases = new PgLeases(pool, options);
    await leases.heartbeat();
    return leases;
  }

  private constructor(
    private readonly pool: pg.Pool,
    options: PgLeasesOptions,
  ) {
    this.instanceId = options.instanceId;
    this.url = options.url;
    this.ttlMs = options.ttlMs ?? DEFAULT_LEASE_TTL_MS;
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? silentLogger;
  }

  /**
   * Says this instance is alive for another `ttlMs`, and returns the events it no longer owns
   * (taken over while it was not renewing: it must stop serving them).
   */
  async heartbeat(): Promise<string[]> {
    await this.pool.query(
      `INSERT INTO cluster_instance (id, url, alive_until) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET url = excluded.url, alive_until = excluded.alive_until`,
      [this.instanceId, this.url, this.now() + this.ttlMs],
    );
    if (this.held.size === 0) return [];
    const { rows } = await this.pool.query<{ event_id: string; fence: number }>(
      "SELECT event_id, fence FROM event_lease WHERE owner = $1",
      [this.instanceId],
    );
    const still = new Map(rows.map((r) => [r.event_id, r.fence]));
    const lost: string[] = [];
    for (const [eventId, fence] of this.held) {
      if (still.get(eventId) !== fence) {
        this.held.delete(eventId);
        lost.push(eventId);
      }
    }
    if (lost.length > 0) this.logger.warn("event leases lost", { events: lost.length });
    return lost;
  }

  /**
   * The event's owner: this instance if it holds the lease or takes it now (no lease yet, or
   * the owner's instance stopped renewing), otherwise the live owner.
   */
  async ownerOf(eventId: string): Promise<EventOwner> {
    // A lease another instance is inserting right now is not in this statement's snapshot: the
    // next statement sees it.
    for (let attempt = 1; ; attempt++) {
      const owner = await this.tryOwnerOf(eventId);
      if (owner !== null) return owner;
      if (attempt === 3) throw new Error(`no lease row for event ${eventId}`);
    }
  }

  private async tryOwnerOf(eventId: string): Promise<EventOwner | null> {
    const now = this.now();
    // Take the lease when nobody holds it, or its owner is no longer alive; keep it when ours.
    const { rows } = await this.pool.query<{ owner: string; fence: number; url: string }>(
      `WITH taken AS (
         INSERT INTO event_lease (event_id, owner, fence, acquired_at) VALUES ($1, $2, 1, $3)
         ON CONFLICT (event_id) DO UPDATE
           SET owner = excluded.owner, fence = event_lease.fence + 1, acquired_at = excluded.acquired_at
           WHERE event_lease.owner <> excluded.owner
             AND NOT EXISTS (
               SELECT 1 FROM cluster_instance i
               WHERE i.id = event_lease.owner AND i.alive_until > $3
             )
         RETURNING owner, fence
       )
       SELECT t.owner, t.fence, $4::text AS url FROM taken t
       UNION ALL
       SELECT l.owner, l.fence, COALESCE(i.url, '') AS url
       FROM event_lease l LEFT JOIN cluster_instance i ON i.id = l.owner
       WHERE l.event_id = $1 AND NOT EXISTS (SELECT 1 FROM taken)`,
      [eventId, this.instanceId, now, this.url],
    );
    const row = rows[0];
    if (row === undefined) return null;
    if (row.owner === this.instanceId) {
      if (this.held.get(eventId) !== row.fence) {
        this.held.set(eventId, row.fence);
        this.logger.info("event lease acquired", { eventId, fence: row.fence });
      }
    } else {
      this.held.delete(eventId);
    }
    return { eventId, instanceId: row.owner, url: row.url, fence: row.fence };
  }

  /**
   * Declares `instanceId` dead at once because its address refused a connection (nothing listens
   * there: the process is gone), so its events can be taken now instead of after its ttl. Only
   * if it still announces `url`; a live instance's next heartbeat revives its row anyway, and
   * fencing keeps any overlap safe.
   */
  async declareUnreachable(instanceId: string, url: string): Promise<void> {
    if (instanceId === this.instanceId) return;
    const { rowCount } = await this.pool.query(
      "UPDATE cluster_instance SET alive_until = 0 WHERE id = $1 AND url = $2 AND alive_until > 0",
      [instanceId, url],
    );
    if ((rowCount ?? 0) > 0) {
      this.logger.warn("peer instance refused connections; its events may be taken", {
        instanceId,
      });
    }
  }

  /** Forgets a lease the store found taken (a fenced append), before the next heartbeat would. */
  forget(eventId: string): void {
    if (this.held.delete(eventId)) this.logger.warn("event lease lost", { eventId });
  }

  /** Announces where peers reach this instance (once it listens). */
  async setUrl(url: string): Promise<void> {
    this.url = url;
    await this.heartbeat();
  }

  /** How many events this instance owns now. */
  get heldCount(): number {
    return this.held.size;
  }

  /** The fence this instance holds for `eventId`, or null when it does not own it. */
  fenceOf(eventId: string): number | null {
    return this.held.get(eventId) ?? null;
  }

  /** Gives every lease up and leaves the cluster (graceful shutdown, after the final flush). */
  async release(): Promise<void> {
    // Freed, not deleted: the next owner takes it with the next fence, so fences in the log
    // never repeat.
    await this.pool.query("UPDATE event_lease SET owner = '' WHERE owner = $1", [this.instanceId]);
    await this.pool.query("DELETE FROM cluster_instance WHERE id = $1", [this.instanceId]);
    this.held.clear();
  }
}
