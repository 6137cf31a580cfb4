import { nowMs } from "./clock";
import { LatencyRecorder, type LatencySummary, summarize } from "./LatencyRecorder";

/** How often the probe asks; one request at a time, so a stalled server is not flooded. */
const PROBE_INTERVAL_MS = 100;
const PROBE_TIMEOUT_MS = 10_000;

/**
 * Measures a server's responsiveness during a phase by timing a cheap HTTP request every 100 ms:
 * a long answer means its event loop was blocked (CPU, or synchronous disk I/O), which the
 * sync latency alone cannot tell apart from queueing.
 */
export class LoopProbe {
  private readonly times = new LatencyRecorder();
  private running = true;
  /** Start of the request in flight (NaN between requests). */
  private inFlightSince = Number.NaN;

  constructor(url: string) {
    void this.loop(url);
  }

  private async loop(url: string): Promise<void> {
    while (this.running) {
      const began = nowMs();
      this.inFlightSince = began;
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
        await response.arrayBuffer();
      } catch {
        // a refused or timed-out probe counts at its full length below
      }
      this.inFlightSince = Number.NaN;
      const took = nowMs() - began;
      if (!this.running) return;
      this.times.add(took);
      if (took < PROBE_INTERVAL_MS) {
        await new Promise((r) => setTimeout(r, PROBE_INTERVAL_MS - took));
      }
    }
  }

  /** Stops probing and summarises the answer times (a request still in flight counts so far). */
  stop(): LatencySummary {
    this.running = false;
    const values = this.times.values();
    if (Number.isNaN(this.inFlightSince)) return summarize(values);
    const withPending = new Float64Array(values.length + 1);
    withPending.set(values);
    withPending[values.length] = nowMs() - this.inFlightSince;
    return summarize(withPending);
  }
}
