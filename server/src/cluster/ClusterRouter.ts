import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { EventOwner, PgLeases } from "@tablecloth/storage";
import type { Logger } from "@tablecloth/sync";
import type { MetricFamily } from "../renderPrometheus";
import { eventKeyOfDoc } from "./eventKey";
import { HOP_HEADER, isRefused, type OwnerLookup, proxyUpgrade } from "./forwardToOwner";

/** How long this instance trusts that another instance owns an event before asking again. */
export const REMOTE_OWNER_CACHE_MS = 1_000;

/**
 * Routes each event's requests and sockets to its owner (see `PgLeases`). Events this instance
 * holds are answered without a query; another owner is remembered for `REMOTE_OWNER_CACHE_MS`,
 * so a café rotation's 2,000 reconnects cost one lookup per event, not one each. Renews this
 * instance's liveness every third of the lease ttl.
 */
/** Counters of the cluster layer, for `/metrics`. */
export interface ClusterMetrics {
  /** Sync sockets handed to another instance. */
  proxiedSockets: number;
  /** Heartbeats that failed (PostgreSQL unreachable). */
  heartbeatFailures: number;
  /** Events this instance lost to another while running. */
  leasesLost: number;
  /** When the last heartbeat succeeded, epoch ms. */
  lastHeartbeatAt: number;
}

export class ClusterRouter implements OwnerLookup {
  readonly metrics: ClusterMetrics = {
    proxiedSockets: 0,
    heartbeatFailures: 0,
    leasesLost: 0,
    lastHeartbeatAt: Date.now(),
  };
  private readonly remote = new Map<string, { owner: EventOwner; until: number }>();
  private readonly timer: ReturnType<typeof setInterval>;

  /** Called with the events this instance lost to another (set by the server: evicts them). */
  onLost: (eventKeys: ReadonlySet<string>) => void = () => {};

  constructor(
    private readonly leases: PgLeases,
    private readonly logger: Logger,
  ) {
    this.timer = setInterval(() => void this.beat(), Math.max(100, Math.floor(leases.ttlMs / 3)));
    this.timer.unref();
  }

  get instanceId(): string {
    return this.leases.instanceId;
  }

  async ownerOf(eventKey: string): Promise<EventOwner> {
    const fence = this.leases.fenceOf(eventKey);
    if (fence !== null) {
      return { eventId: eventKey, instanceId: this.instanceId, url: this.leases.url, fence };
    }
    const cached = this.remote.get(eventKey);
    if (cached !== undefined && cached.until > Date.now()) return cached.owner;
    const owner = await this.leases.ownerOf(eventKey);
    if (owner.instanceId !== this.instanceId) {
      this.remote.set(eventKey, { owner, until: Date.now() + REMOTE_OWNER_CACHE_MS });
    } else {
      this.remote.delete(eventKey);
    }
    return owner;
  }

  /** `SyncTransport`'s `routeUpgrade`: proxies a socket of a doc another instance owns. */
  readonly routeUpgrade = async (
    docName: string,
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
  ): Promise<boolean> => {
    const key = eventKeyOfDoc(docName);
    const owner = await this.ownerOf(key);
    if (owner.instanceId === this.instanceId) return false;
    if (req.headers[HOP_HEADER] !== undefined || owner.url === "") {
      // Forwarded once already (the lease moved meanwhile) or the owner is not announced yet.
      this.remote.delete(key);
      serviceUnavailable(socket);
      return true;
    }
    this.metrics.proxiedSockets++;
    proxyUpgrade(req, socket, head, owner.url, this.instanceId, (error) => {
      this.remote.delete(key);
      serviceUnavailable(socket);
      if (isRefused(error)) void this.refused(owner).catch(() => {});
    });
    return true;
  };

  /** The cluster gauges and counters in Prometheus form. */
  collectMetrics(): MetricFamily[] {
    const m = this.metrics;
    const families: Array<[string, string, "gauge" | "counter", number]> = [
      [
        "tablecloth_cluster_leases_held",
        "Events this instance owns.",
        "gauge",
        this.leases.heldCount,
      ],
      [
        "tablecloth_cluster_heartbeat_age_seconds",
        "Seconds since this instance last renewed its liveness (alert well below the lease ttl).",
        "gauge",
        (Date.now() - m.lastHeartbeatAt) / 1000,
      ],
      [
        "tablecloth_cluster_heartbeat_failures_total",
        "Failed lease heartbeats.",
        "counter",
        m.heartbeatFailures,
      ],
      [
        "tablecloth_cluster_leases_lost_total",
        "Events taken over by another instance while this one ran.",
        "counter",
        m.leasesLost,
      ],
      [
        "tablecloth_cluster_proxied_sockets_total",
        "Sync sockets proxied to the owner instance.",
        "counter",
        m.proxiedSockets,
      ],
    ];
    return families.map(([name, help, type, value]) => ({
      name,
      help,
      type,
      samples: [{ value }],
    }));
  }

  /** Nothing listens at the owner's address: let its events be taken now (next request). */
  async refused(owner: EventOwner): Promise<void> {
    this.remote.delete(owner.eventId);
    await this.leases.declareUnreachable(owner.instanceId, owner.url);
  }

  /** Stops renewing; the caller releases the leases after its final flush. */
  stop(): void {
    clearInterval(this.timer);
  }

  private async beat(): Promise<void> {
    try {
      const lost = await this.leases.heartbeat();
      this.metrics.lastHeartbeatAt = Date.now();
      this.metrics.leasesLost += lost.length;
      for (const key of lost) this.remote.delete(key);
      if (lost.length > 0) {
        this.logger.warn("this instance lost event leases to another", { events: lost.length });
        this.onLost(new Set(lost));
      }
    } catch (error) {
      this.metrics.heartbeatFailures++;
      this.logger.error("lease heartbeat failed", { error });
    }
  }
}

function serviceUnavailable(socket: Duplex): void {
  socket.end(
    "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
  );
}
