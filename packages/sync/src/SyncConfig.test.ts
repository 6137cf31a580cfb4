import { describe, expect, it } from "vitest";
import { defaultSyncConfig, JOIN_SYNC_BUDGET_MS, resolveSyncConfig } from "./SyncConfig";

describe("resolveSyncConfig", () => {
  it("fills in the documented defaults", () => {
    const config = resolveSyncConfig({ unloadGraceMs: 0 });
    expect(config.unloadGraceMs).toBe(0);
    expect(config.persistFlushMs).toBe(50);
    expect(config.maxFrameBytes).toBe(8 * 1024 * 1024);
    expect(config.maxDocBytes).toBe(32 * 1024 * 1024);
    expect(config.maxBufferedBytes).toBe(16 * 1024 * 1024);
    expect(config.maxPendingLoads).toBe(1000);
    expect(config.unloadGraceMs).not.toBe(defaultSyncConfig.unloadGraceMs);
  });

  it("rejects a flush interval over 100 ms and nonsense values", () => {
    expect(() => resolveSyncConfig({ persistFlushMs: 101 })).toThrow(RangeError);
    expect(() => resolveSyncConfig({ maxFrameBytes: -1 })).toThrow(RangeError);
    expect(() => resolveSyncConfig({ awarenessThrottleMs: Number.NaN })).toThrow(RangeError);
    expect(() => resolveSyncConfig({ checkpointEvery: 0 })).toThrow(RangeError);
  });

  it("accepts its own defaults, whose limits fit together", () => {
    const config = resolveSyncConfig();
    expect(config.maxFrameBytes).toBeLessThanOrEqual(config.maxDocBytes);
    expect(config.maxFrameBytes).toBeLessThanOrEqual(config.maxBufferedBytes);
    expect(config.maxAwarenessStatesPerRoom * config.maxAwarenessStateBytes).toBeLessThanOrEqual(
      config.maxBufferedBytes,
    );
    // The largest doc reaches a joiner at 2 MB/s within two thirds of the client's 30 s watchdog.
    expect((config.maxDocBytes / config.slowLinkBytesPerSecond) * 1000).toBeLessThanOrEqual(
      JOIN_SYNC_BUDGET_MS,
    );
    expect(config.maxAwarenessClientsPerConnection).toBe(2);
    expect(config.maxAwarenessStateBytes).toBe(8 * 1024);
  });

  it("rejects limits that do not fit together, naming the pair", () => {
    // Today's old defaults: a 64 MiB doc takes 34 s at 2 MB/s, past the stock client's watchdog.
    expect(() => resolveSyncConfig({ maxDocBytes: 64 * 1024 * 1024 })).toThrow(
      /slowLinkBytesPerSecond/,
    );
    expect(() => resolveSyncConfig({ maxDocBytes: 1024 })).toThrow(/maxFrameBytes .* maxDocBytes/);
    expect(() => resolveSyncConfig({ maxBufferedBytes: 1024 * 1024 })).toThrow(/maxBufferedBytes/);
    expect(() => resolveSyncConfig({ maxAwarenessStatesPerRoom: 100_000 })).toThrow(
      /maxAwarenessStatesPerRoom/,
    );
    expect(() => resolveSyncConfig({ maxAwarenessClientsPerConnection: 0 })).toThrow(RangeError);
  });
});
