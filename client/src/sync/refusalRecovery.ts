import { useEffect, useRef, useState } from "react";
import type { ConnectionState } from "./connectionState";
import type { BoardDocAttempt } from "./useBoardDoc";

export type RefusalStep = "wait" | "retry" | "reset" | "stay";

/**
 * What a board page does once the server closed it for good with 4403 (forbidden). The server
 * sends that when an update of this person's arrives that they may not make: a change to a shape a
 * facilitator locked, or to the PATH template, or any change while the boards are view only or the
 * group only watches (sent just as the phase changed, or kept offline and sent back later). What
 * this device keeps offline would be sent again on every opening, and refused again, so:
 *
 * - `stay`: the server never let this opening in (the door said no: no access to this board), and
 *   it was not the first: say "no access" and stop rather than retry forever;
 * - `wait`: the person may not write now (view only, watching): open again, keeping what the
 *   device kept, once they may (then it lands, if it touches nothing locked);
 * - `retry`: the page thinks they may write, but the phase may not have reached it yet (it was
 *   offline too): open again once, keeping what the device kept;
 * - `reset`: refused again while they may write, so the change touched something locked: forget
 *   what the device kept and open the board as the server has it (the refused change is undone).
 */
export function afterRefusal(facts: {
  /** The person may not write to this board now (view only, watching, an observer). */
  readOnly: boolean;
  /** The server let this opening's socket in before it refused (an update, not the person). */
  admitted: boolean;
  /** Which opening this is (0 the first). */
  generation: number;
  /** This opening is already the one `retry` asked for. */
  retried: boolean;
}): RefusalStep {
  if (!facts.admitted && facts.generation > 0) return "stay";
  if (facts.readOnly) return "wait";
  return facts.retried ? "reset" : "retry";
}

/** How long a refusal waits for the phase or plan that explains it (sent at the same moment). */
const SETTLE_MS = 1_500;
/** How long the notice after a reset stays. */
const NOTICE_MS = 15_000;

export const REFUSED_CHANGE_NOTICE =
  "A change of yours touched something only facilitators may change, so it was undone: the board now shows what everyone sees.";

interface Opening extends BoardDocAttempt {
  retried: boolean;
}

/**
 * Follows a board's connection and, after a 4403, asks for the next opening as `afterRefusal`
 * says. Returns the opening to use and a notice to show after a reset (null otherwise).
 */
export function useRefusalRecovery(
  connection: ConnectionState,
  admitted: boolean,
  readOnly: boolean,
): { attempt: BoardDocAttempt; notice: string | null } {
  const [opening, setOpening] = useState<Opening>({
    generation: 0,
    clearCache: false,
    retried: false,
  });
  const [waiting, setWaiting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const now = useRef({ readOnly, admitted });
  now.current = { readOnly, admitted };
  const forbidden = connection.status === "refused" && connection.reason === "forbidden";

  useEffect(() => {
    if (!forbidden) return;
    const timer = setTimeout(() => {
      const step = afterRefusal({ ...now.current, ...opening });
      const generation = opening.generation + 1;
      if (step === "wait") setWaiting(true);
      if (step === "retry") setOpening({ generation, clearCache: false, retried: true });
      if (step === "reset") {
        setNotice(REFUSED_CHANGE_NOTICE);
        setOpening({ generation, clearCache: true, retried: false });
      }
    }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [forbidden, opening]);

  // A retried opening that stays online a while was fine: a later refusal gets its own retry.
  const settled = opening.retried && connection.status === "online" && connection.synced;
  useEffect(() => {
    if (!settled) return;
    const timer = setTimeout(() => setOpening((o) => ({ ...o, retried: false })), 4 * SETTLE_MS);
    return () => clearTimeout(timer);
  }, [settled]);

  useEffect(() => {
    if (notice === null) return;
    const timer = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  useEffect(() => {
    if (!waiting || readOnly) return;
    setWaiting(false);
    setOpening((o) => ({ generation: o.generation + 1, clearCache: false, retried: false }));
  }, [waiting, readOnly]);

  return { attempt: opening, notice };
}
