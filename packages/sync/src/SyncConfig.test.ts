import { describe, expect, it } from "vitest";
import { defaultSyncConfig, resolveSyncConfig } from "./SyncConfig";

describe("resolveSyncConfig", () => {
  it("fills in the documented defaults", () => {
    const config = resolveSyncConfig({ unloadGraceMs: 0 });
    expect(config.unloadGraceMs).toBe(0);
    expect(config.persistFlushMs).toBe(50);
    expect(config.maxFrameBytes).toBe(8 * 1024 * 1024);
    expect(config.maxDocBytes).toBe(64 * 1024 * 1024);
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
});
