/** One clock probe: client time when sent and when the answer came, server time in between. */
export interface ClockSample {
  readonly sentAt: number;
  readonly serverAt: number;
  readonly receivedAt: number;
}

/** How far the server clock is ahead of ours, and how sure we are. */
export interface ClockOffset {
  /** Add to a client time to get server time. */
  readonly offsetMs: number;
  /** Round trip of the sample used; the offset is right to within half of it. */
  readonly roundTripMs: number;
}

/**
 * NTP-style estimate of the server clock offset. Each sample assumes the server stamped its time
 * halfway through the round trip, so its error is at most half that trip; the sample with the
 * shortest round trip is therefore the most trustworthy and is the one used. Samples with a
 * negative round trip (a clock jump) are ignored. `null` when no sample is usable.
 */
export function estimateClockOffset(samples: readonly ClockSample[]): ClockOffset | null {
  let best: ClockOffset | null = null;
  for (const { sentAt, serverAt, receivedAt } of samples) {
    const roundTripMs = receivedAt - sentAt;
    if (!Number.isFinite(roundTripMs) || !Number.isFinite(serverAt) || roundTripMs < 0) continue;
    if (best === null || roundTripMs < best.roundTripMs) {
      best = { offsetMs: serverAt - (sentAt + receivedAt) / 2, roundTripMs };
    }
  }
  return best;
}

/** Server time now, from a client clock reading and an offset. */
export function toServerTime(clientNow: number, offset: ClockOffset | null): number {
  return clientNow + (offset?.offsetMs ?? 0);
}
