import { type ClockOffset, type ClockSample, estimateClockOffset } from "@tablecloth/cafe";
import { useEffect, useState } from "react";
import { cafeApi } from "./cafeApi";

/** Probes of `/api/time` per estimate, and how often the estimate is refreshed. */
export const CLOCK_PROBES = 5;
export const CLOCK_REFRESH_MS = 5 * 60_000;

/**
 * How far the server's clock is from this browser's, so every page counts a round down from the
 * same server time whatever its own clock says. Several probes, the shortest round trip wins.
 */
export function useServerClock(): ClockOffset | null {
  const [offset, setOffset] = useState<ClockOffset | null>(null);
  useEffect(() => {
    let live = true;
    const probe = async () => {
      const samples: ClockSample[] = [];
      for (let i = 0; i < CLOCK_PROBES; i++) {
        const sentAt = Date.now();
        try {
          const { now } = await cafeApi.time();
          samples.push({ sentAt, serverAt: now, receivedAt: Date.now() });
        } catch {
          // offline: keep the last estimate
        }
      }
      const estimate = estimateClockOffset(samples);
      if (live && estimate) setOffset(estimate);
    };
    void probe();
    const timer = window.setInterval(() => void probe(), CLOCK_REFRESH_MS);
    return () => {
      live = false;
      window.clearInterval(timer);
    };
  }, []);
  return offset;
}

/** The current time, re-rendered every `intervalMs`. */
export function useTicker(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}
