/**
 * Every limit and timing of the room engine, with its default, in one place. The server passes a
 * `Partial<SyncConfig>`; `resolveSyncConfig` fills in the defaults and rejects nonsense early.
 */
export interface SyncConfig {
  /** Largest frame accepted from a client, in bytes; a bigger one closes the sender with TooLarge. */
  maxFrameBytes: number;
  /**
   * Largest doc size, in bytes, an update may produce (estimated cheaply from the loaded size plus
   * the accepted updates, re-measured whenever the full state is encoded). An update that would pass
   * it closes its sender with TooLarge and is neither applied, stored nor relayed.
   */
  maxDocBytes: number;
  /**
   * Bytes queued on one socket and not yet written; over it the connection closes with
   * SlowConsumer. What its initial sync queued (the doc's state and the room's awareness) is
   * allowed on top until the queue drains below this again, so a doc bigger than this still
   * reaches a joiner on a slow link.
   */
  maxBufferedBytes: number;
  /** Docs loading at once; a connection that would start one more load closes with Overloaded. */
  maxPendingLoads: number;
  /** Bytes of frames held for one connection while its doc loads; over it it closes with TooLarge. */
  maxHeldBytes: number;
  /** Longest wait, in ms, between an accepted update and the batched append that stores it (≤ 100). */
  persistFlushMs: number;
  /** A checkpoint (full doc state) is stored with the flush after this many updates of one doc. */
  checkpointEvery: number;
  /**
   * Bytes of accepted updates not yet durable, all docs. A client update that would pass it is
   * refused (not applied) and its sender closed with TryAgainLater (1013), which the stock client
   * retries; so is any client update while the last append failed.
   */
  maxLogBacklogBytes: number;
  /** While appends fail, the next retry comes this many ms after the last failure. */
  logRetryMs: number;
  /**
   * Per-doc history quota, in bytes of logged updates (the store refuses more with
   * `quota-exceeded`). A client update to a doc at the quota closes its sender with TooLarge
   * (4413, final); the update is neither applied, stored nor relayed. The doc stays readable.
   */
  maxDocHistoryBytes: number;
  /** How long a doc stays loaded after its last connection left, in ms (0 unloads at once). */
  unloadGraceMs: number;
  /** At most one awareness broadcast per room per this many ms, holding every changed state. */
  awarenessThrottleMs: number;
  /** Rooms with more connections than this send awareness to read-only connections more slowly. */
  awarenessReadOnlyCrowd: number;
  /** The awareness period, in ms, for read-only connections of crowded rooms. */
  awarenessReadOnlyThrottleMs: number;
  /**
   * Awareness frames per second a crowded room sends its read-only connections, all of them
   * together: when they are more than this many per `awarenessReadOnlyThrottleMs` second, their
   * period grows with their number (1,000 observers at 500 a second: every 2 s; never past
   * `MAX_READ_ONLY_AWARENESS_PERIOD_MS`), so a crowd's presence costs the same socket writes
   * whatever its size. 0: no budget.
   */
  awarenessReadOnlyFramesPerSecond: number;
  /**
   * The awareness period, in ms, for writers of crowded rooms (over `awarenessReadOnlyCrowd`
   * connections); never shorter than `awarenessThrottleMs`.
   */
  awarenessCrowdThrottleMs: number;
  /**
   * Rooms with more connections than this relay server writes (`transact`) within
   * `serverWriteCrowdRelayMs`, together, instead of at the next tick: each write costs one
   * socket write per connection, and API requests arrive one per loop turn.
   */
  serverWriteCrowd: number;
  /** How long, in ms, a crowded room's server writes may wait to be relayed together. */
  serverWriteCrowdRelayMs: number;
  /** Sustained messages per second one participant (all their connections together) may send. */
  messagesPerSecond: number;
  /** Burst size of the per-participant token bucket; past it the sender closes with RateLimited. */
  messageBurst: number;
  /**
   * Awareness client ids one connection may introduce (the stock client uses one per doc); one
   * more closes it with PresenceLimit. A connection may never set or remove another's entries.
   */
  maxAwarenessClientsPerConnection: number;
  /** Largest awareness state (its JSON), in bytes; a bigger one closes its sender with TooLarge. */
  maxAwarenessStateBytes: number;
  /** Awareness entries one room holds; a new client id past it is dropped (never relayed). */
  maxAwarenessStatesPerRoom: number;
  /**
   * Bytes of updates waiting for missing dependencies (Yjs pending structs) one doc may hold; they
   * count toward `maxDocBytes` too. The sender that passes it closes with TooLarge and the pending
   * part is dropped (it was never logged or relayed).
   */
  maxPendingBytes: number;
  /**
   * How long, in ms, an update may wait for its missing dependencies (a reconnecting client's
   * step 2 brings them within a round trip); then its senders close with BadMessage.
   */
  maxPendingMs: number;
  /**
   * The slowest link, in bytes per second, on which a joiner must still receive a doc of
   * `maxDocBytes` before the stock client's 30 s silence watchdog fires (see
   * {@link JOIN_SYNC_BUDGET_MS}); `maxDocBytes` is validated against it.
   */
  slowLinkBytesPerSecond: number;
}

const MiB = 1024 * 1024;

/** The defaults; see each field of {@link SyncConfig}. */
export const defaultSyncConfig: Readonly<SyncConfig> = Object.freeze({
  maxFrameBytes: 8 * MiB,
  // 32 MiB reach a joiner at 2 MB/s in 17 s, within JOIN_SYNC_BUDGET_MS (64 MiB took 34 s: past
  // the stock client's 30 s watchdog, so it dropped and resynced forever).
  maxDocBytes: 32 * MiB,
  maxBufferedBytes: 16 * MiB,
  maxPendingLoads: 1000,
  maxHeldBytes: 16 * MiB,
  persistFlushMs: 50,
  checkpointEvery: 500,
  maxLogBacklogBytes: 64 * MiB,
  logRetryMs: 1_000,
  maxDocHistoryBytes: 512 * MiB,
  unloadGraceMs: 5_000,
  // 10 ms: presence relayed within a frame (p99 at or under the stock server's), while a busy room
  // still gets one coalesced broadcast per window instead of one per state (tests/load awareness).
  awarenessThrottleMs: 10,
  awarenessReadOnlyCrowd: 50,
  awarenessReadOnlyThrottleMs: 1_000,
  // Each frame is one socket write (~12 µs on a quiet machine, most of it the kernel's): 1,000
  // observers every second were half of a plenary's presence CPU (tests/load plenary).
  awarenessReadOnlyFramesPerSecond: 500,
  // A plenary's 50 editors at 10 Hz each: a 10 ms window sent every editor ~100 frames a second
  // (5,000 socket writes, most of the presence CPU); 50 ms is the rate tldraw-yjs publishes a
  // client's presence at (20 Hz), so every editor still gets each other's every publication.
  awarenessCrowdThrottleMs: 50,
  // An Open Space wall followed by 1,500 pages took 150,000 socket writes (12 µs each on a quiet
  // machine, far more on a busy one) for a marketplace of 100 posts relayed one by one; 100 ms
  // windows (what a client batches its own writes over, design rule 9) send a burst's posts in
  // a few rounds (tests/load openspace).
  serverWriteCrowd: 50,
  serverWriteCrowdRelayMs: 100,
  messagesPerSecond: 300,
  messageBurst: 1_000,
  maxAwarenessClientsPerConnection: 2,
  // A tldraw presence is ~0.5 KiB; tldraw-yjs trims selections and scribbles to stay below this.
  maxAwarenessStateBytes: 8 * 1024,
  // × maxAwarenessStateBytes = 16 MiB ≤ maxBufferedBytes: one broadcast of every state never
  // trips the slow-consumer rule by itself.
  maxAwarenessStatesPerRoom: 2_048,
  maxPendingBytes: 1 * MiB,
  maxPendingMs: 10_000,
  slowLinkBytesPerSecond: 2_000_000,
});

/**
 * The time a joiner's initial sync of a `maxDocBytes` doc may take at `slowLinkBytesPerSecond`:
 * two thirds of the stock y-websocket client's 30 s silence watchdog (it counts whole messages,
 * so a doc still arriving after 30 s makes it drop the socket and start over, forever).
 */
export const JOIN_SYNC_BUDGET_MS = 20_000;

/**
 * Longest period of a crowded room's read-only awareness however large the crowd: a writer's
 * state renewed every 15 s (the stock client's) then reaches them every 20 s at worst, within the
 * 30 s after which clients drop a state as outdated.
 */
export const MAX_READ_ONLY_AWARENESS_PERIOD_MS = 5_000;

/** Hard ceiling of `persistFlushMs`: the design promises batches at most 100 ms apart. */
export const MAX_PERSIST_FLUSH_MS = 100;

/** Defaults overlaid with `overrides`; throws a RangeError for a negative, non-finite or out-of-range value. */
export function resolveSyncConfig(overrides: Partial<SyncConfig> = {}): SyncConfig {
  const config: SyncConfig = { ...defaultSyncConfig };
  for (const key of Object.keys(defaultSyncConfig) as (keyof SyncConfig)[]) {
    const value = overrides[key];
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`SyncConfig.${key} must be a finite number >= 0, got ${String(value)}`);
    }
    config[key] = value;
  }
  if (config.persistFlushMs > MAX_PERSIST_FLUSH_MS) {
    throw new RangeError(`SyncConfig.persistFlushMs must be <= ${MAX_PERSIST_FLUSH_MS}`);
  }
  for (const key of [
    "checkpointEvery",
    "maxFrameBytes",
    "messagesPerSecond",
    "messageBurst",
    "maxAwarenessClientsPerConnection",
    "maxAwarenessStateBytes",
    "slowLinkBytesPerSecond",
  ] as const) {
    if (config[key] < 1) throw new RangeError(`SyncConfig.${key} must be >= 1`);
  }
  checkLimitsFit(config);
  return config;
}

/**
 * The limits that must fit together, or an honest client ends up in a reconnect loop or a board
 * becomes impossible to open. Throws a RangeError naming the pair.
 */
function checkLimitsFit(config: SyncConfig): void {
  const fit = (ok: boolean, why: string) => {
    if (!ok) throw new RangeError(`SyncConfig: ${why}`);
  };
  fit(
    config.maxFrameBytes <= config.maxDocBytes,
    `maxFrameBytes (${config.maxFrameBytes}) must be <= maxDocBytes (${config.maxDocBytes})`,
  );
  // A relayed update of the largest frame must not by itself make every peer a slow consumer.
  fit(
    config.maxFrameBytes <= config.maxBufferedBytes,
    `maxFrameBytes (${config.maxFrameBytes}) must be <= maxBufferedBytes (${config.maxBufferedBytes})`,
  );
  fit(
    config.maxAwarenessStatesPerRoom * config.maxAwarenessStateBytes <= config.maxBufferedBytes,
    `maxAwarenessStatesPerRoom × maxAwarenessStateBytes (${config.maxAwarenessStatesPerRoom * config.maxAwarenessStateBytes}) must be <= maxBufferedBytes (${config.maxBufferedBytes})`,
  );
  const joinBytes = (config.slowLinkBytesPerSecond * JOIN_SYNC_BUDGET_MS) / 1000;
  fit(
    config.maxDocBytes <= joinBytes,
    `maxDocBytes (${config.maxDocBytes}) must reach a joiner at slowLinkBytesPerSecond (${config.slowLinkBytesPerSecond}) within ${JOIN_SYNC_BUDGET_MS} ms, i.e. be <= ${joinBytes}`,
  );
}
