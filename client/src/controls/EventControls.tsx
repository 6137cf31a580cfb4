import { type SummonMemo, summonStep } from "@tablecloth/controls";
import type { Board } from "@tablecloth/protocol";
import { useEffect, useMemo, useRef, useState } from "react";
import type { Editor } from "tldraw";
import { paths } from "../router/matchRoute";
import { navigate } from "../router/navigate";
import type { EventSession } from "../session";
import { BroadcastBanner } from "./BroadcastBanner";
import { type ChimeResult, playChime } from "./chime";
import "./controls.css";
import { FacilitatorControls } from "./FacilitatorControls";
import { loadSummonMemo, saveSummonMemo } from "./summonMemo";
import { useEventControls } from "./useEventControls";

const dismissedKey = (eventId: string) => `tablecloth:broadcast-dismissed:${eventId}`;

function loadDismissed(eventId: string): string | null {
  try {
    return window.sessionStorage.getItem(dismissedKey(eventId));
  } catch {
    return null;
  }
}

function saveDismissed(eventId: string, id: string): void {
  try {
    window.sessionStorage.setItem(dismissedKey(eventId), id);
  } catch {
    // storage blocked: the banner stays dismissed on this page only
  }
}

export interface EventControlsProps {
  session: EventSession;
  controlDocName: string | null;
  /** The board this page shows; null for pages without one (lobby, café, Open Space wall). */
  here: string | null;
  /** The board's editor, once mounted: follow and take-control need it. */
  editor?: Editor | null;
  /** Whether a summon may move this page (false for projector views: they stay on the screen). */
  summonable?: boolean;
  /** Show the facilitator's controls (facilitators only), with the event's boards to pick. */
  panel?: { boards: readonly Board[] } | null;
}

/**
 * The facilitator controls as every page of an event has them: the newest broadcast as a
 * banner (with its chime, when it arrives while the page is open), a summon applied by
 * `summonStep` (open the board, follow the leader, locked for take-control), and for
 * facilitators the panel that sends them.
 */
export function EventControls({
  session,
  controlDocName,
  here,
  editor = null,
  summonable = true,
  panel = null,
}: EventControlsProps) {
  const controls = useEventControls(controlDocName, session.token);
  const { eventId, participant } = session;
  const broadcast = controls?.broadcast ?? null;
  const summon = controls?.summon ?? null;

  // --- broadcast: news chimes; what was there when the page opened does not.
  const [dismissed, setDismissed] = useState(() => loadDismissed(eventId));
  const [chime, setChime] = useState<{ id: string; result: ChimeResult | "pending" } | null>(null);
  const seen = useRef<string | null | undefined>(undefined);
  useEffect(() => {
    if (!controls?.synced) return;
    const id = broadcast?.id ?? null;
    const first = seen.current === undefined;
    if (seen.current === id) return;
    seen.current = id;
    if (first || !broadcast?.chime) return;
    let live = true;
    setChime({ id: broadcast.id, result: "pending" });
    playChime().then((result) => {
      if (live) setChime({ id: broadcast.id, result });
    });
    return () => {
      live = false;
    };
  }, [controls?.synced, broadcast]);
  const shown = broadcast && broadcast.id !== dismissed ? broadcast : null;

  // --- summon
  const [memo, setMemo] = useState<SummonMemo | null>(null);
  const summonId = summon?.id ?? null;
  useEffect(() => {
    setMemo(summonId ? loadSummonMemo(summonId) : null);
  }, [summonId]);
  const remember = (next: SummonMemo) => {
    if (!summonId) return;
    saveSummonMemo(summonId, next);
    setMemo(next);
  };
  const viewer = useMemo(
    () => ({ id: participant.id, role: participant.role }),
    [participant.id, participant.role],
  );
  const step =
    summonable && memo !== null && controls?.synced
      ? summonStep(summon, viewer, here, memo)
      : ({ kind: "none" } as const);
  const rememberRef = useRef(remember);
  rememberRef.current = remember;
  const memoRef = useRef(memo);
  memoRef.current = memo;
  const arrived = summon !== null && memo !== null && here === summon.boardId && !memo.went;
  useEffect(() => {
    const current = memoRef.current;
    if (arrived && current) rememberRef.current({ ...current, went: true });
  }, [arrived]);
  const goTo = step.kind === "go" ? step.boardId : null;
  useEffect(() => {
    const current = memoRef.current;
    if (goTo === null || current === null) return;
    rememberRef.current({ ...current, went: true });
    navigate(paths.board(eventId, goTo));
  }, [goTo, eventId]);
  const leaderId = step.kind === "follow" ? step.leaderId : null;
  const locked = step.kind === "follow" && step.locked;
  useEffect(() => {
    if (!editor || leaderId === null) return;
    let stop: (() => void) | null = null;
    let live = true;
    // tldraw's code comes with the board's canvas, already loaded when there is an editor.
    import("./followLeader").then(({ followLeader }) => {
      if (!live) return;
      stop = followLeader(editor, leaderId, locked, () => {
        const current = summonId ? loadSummonMemo(summonId) : null;
        if (current) rememberRef.current({ ...current, left: true });
      });
    });
    return () => {
      live = false;
      stop?.();
    };
  }, [editor, leaderId, locked, summonId]);

  return (
    <>
      <BroadcastBanner
        broadcast={shown}
        chime={shown && chime?.id === shown.id ? chime.result : null}
        onDismiss={(id) => {
          saveDismissed(eventId, id);
          setDismissed(id);
        }}
      />
      {step.kind === "follow" && summon ? (
        <p
          className={locked ? "summon-notice summon-notice--locked" : "summon-notice"}
          role="status"
          data-testid="summon-notice"
          data-locked={String(locked)}
        >
          {locked
            ? `${summon.leaderName} is showing you the board: your view follows theirs until they release it.`
            : `Following ${summon.leaderName}'s view. Move around to leave.`}
        </p>
      ) : null}
      {panel && participant.role === "facilitator" ? (
        <FacilitatorControls
          session={session}
          boards={panel.boards}
          here={here}
          controls={controls}
        />
      ) : null}
    </>
  );
}
