import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nowMs } from "./clock";
import { LoopProbe } from "./LoopProbe";
import { ownCpuMs } from "./procStats";
import type { RunningServer } from "./servers";

/** CPU and wall time of one measured phase, for the server and this process. */
export interface PhaseCost {
  serverCpuMs: number;
  generatorCpuMs: number;
  phaseMs: number;
  /** p99 answer time of the server's probe URL during the phase (event-loop stalls), ms. */
  serverProbeP99Ms: number;
  /** Longest probe answer during the phase, ms. */
  serverProbeMaxMs: number;
}

/**
 * Starts measuring now; call the returned function at the end of the phase. Also probes the
 * server's responsiveness every 100 ms during the phase (see `LoopProbe`).
 */
export function startPhase(server: RunningServer): () => PhaseCost {
  const serverCpu = server.cpuMs();
  const ownCpu = ownCpuMs();
  const began = nowMs();
  const probe = new LoopProbe(server.probeUrl);
  return () => {
    const serverCpuMs = server.cpuMs() - serverCpu;
    const generatorCpuMs = ownCpuMs() - ownCpu;
    const phaseMs = nowMs() - began;
    const probed = probe.stop();
    return {
      serverCpuMs,
      generatorCpuMs,
      phaseMs,
      serverProbeP99Ms: probed.p99,
      serverProbeMaxMs: probed.max,
    };
  };
}

/** Runs `fn` with a fresh temporary directory (our server's DATA_DIR), removed afterwards. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "tablecloth-bench-"));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Polls `condition` every `intervalMs` until it holds or `timeoutMs` passes; returns whether it held. */
export async function waitUntil(
  condition: () => boolean,
  timeoutMs: number,
  intervalMs = 20,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return true;
}
