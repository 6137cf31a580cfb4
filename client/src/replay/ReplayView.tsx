import { toServerTime } from "@tablecloth/cafe";
import { nextStepBoundary, stepSpanAt } from "@tablecloth/path";
import type { Board, BoardFramesResponse, BoardHistoryResponse } from "@tablecloth/protocol";
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Editor } from "tldraw";
import { friendlyMessage } from "../api/ApiError";
import { presenceColor } from "../board/presenceColor";
import { useServerClock } from "../cafe/useServerClock";
import { ErrorMessage } from "../components/ErrorMessage";
import { useClientConfig } from "../config/useClientConfig";
import { Link } from "../router/Link";
import { paths } from "../router/matchRoute";
import type { EventSession } from "../session";
import { clockTime } from "./clockTime";
import { ReplayButtons, ReplayKeysHelp } from "./ReplayButtons";
import { ReplayFilters } from "./ReplayFilters";
import { stretchLabel } from "./ReplayPathSteps";
import { Restore } from "./ReplayRestore";
import { ReplayStrip } from "./ReplayStrip";
import { replayApi } from "./replayApi";
import {
  matchesFilter,
  nextStep,
  pathSpansOf,
  ReplayCursor,
  type ReplayFilter,
  replaySpan,
  replaySteps,
  stepAt,
} from "./replayTimeline";
import { showBoard, showChange } from "./showRecords";
import { REPLAY_SPEEDS, type ReplaySpeed, useReplayKeys } from "./useReplayKeys";
import "./replay.css";

const ReplayCanvas = lazy(() => import("./ReplayCanvas"));

/** The strip's colour for changes nobody is named for (anonymous mode, the server). */
const NEUTRAL = "#868e96";

declare global {
  interface Window {
    /** Milliseconds from each seek asked for to the frame painted, for the browser tests. */
    tableclothReplayTimings?: number[];
  }
}

/** `/e/:eventId/b/:boardId/replay` for a facilitator: the board at any moment, and restore. */
export function ReplayView({ session, board }: { session: EventSession; board: Board }) {
  const [anonymous, setAnonymous] = useState(false);
  const [generation, setGeneration] = useState(0);
  // The answer with what it was asked for: an anonymous answer to a named request means the
  // event is in anonymous mode; one to an anonymous request is only what was asked.
  const [loaded, setLoaded] = useState<{
    history: BoardHistoryResponse;
    asked: boolean;
  } | null>(null);
  const [frames, setFrames] = useState<BoardFramesResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const config = useClientConfig();
  const clock = useServerClock();

  // Names (or none) come with the history; the board's frames do not change with them.
  useEffect(() => {
    let live = true;
    void generation;
    replayApi.history(session.eventId, board.id, session.token, anonymous).then(
      (answer) => {
        if (!live) return;
        setLoaded({ history: answer, asked: anonymous });
        setError(null);
      },
      (e: unknown) => live && setError(friendlyMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [session.eventId, session.token, board.id, anonymous, generation]);
  useEffect(() => {
    let live = true;
    void generation;
    replayApi.frames(session.eventId, board.id, session.token).then(
      (answer) => live && setFrames(answer),
      (e: unknown) => live && setError(friendlyMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [session.eventId, session.token, board.id, generation]);

  if (error) {
    return (
      <div className="replay replay--message">
        <ErrorMessage>{error}</ErrorMessage>
        <button type="button" className="button" onClick={() => setGeneration((g) => g + 1)}>
          Try again
        </button>
      </div>
    );
  }
  if (!loaded || !frames || config === undefined) {
    return (
      <p className="board__loading" role="status">
        Loading the board's history…
      </p>
    );
  }
  return (
    <ReplayPlayer
      session={session}
      board={board}
      history={loaded.history}
      frames={frames}
      // The server answers anonymously, whatever was asked, while the event is in anonymous mode.
      // Forced is read off the answer and its own request, never a newer request still on its way
      // (unchecking must not see the anonymous answer it is replacing as the event's mode).
      anonymous={anonymous || loaded.history.anonymous}
      anonymousForced={loaded.history.anonymous && !loaded.asked}
      anonymousAsked={anonymous}
      onAnonymous={setAnonymous}
      onReload={() => setGeneration((g) => g + 1)}
      licenseKey={config.tldrawLicenseKey}
      serverNow={() => toServerTime(Date.now(), clock)}
    />
  );
}

function ReplayPlayer({
  session,
  board,
  history,
  frames,
  anonymous,
  anonymousForced = false,
  anonymousAsked,
  onAnonymous,
  onReload,
  licenseKey,
  serverNow,
}: {
  session: EventSession;
  board: Board;
  history: BoardHistoryResponse;
  frames: BoardFramesResponse;
  anonymous: boolean;
  /** The event is in anonymous mode: the replay names nobody, whatever the toggle says. */
  anonymousForced?: boolean;
  /** What the facilitator's toggle asks for (the answer shown may still be the last one's). */
  anonymousAsked: boolean;
  onAnonymous: (anonymous: boolean) => void;
  onReload: () => void;
  licenseKey: string | null;
  serverNow: () => number;
}) {
  // A PATH board's stretches by step (none for other boards): markers, a filter, step jumps.
  const pathSpans = useMemo(() => pathSpansOf(history.steps), [history.steps]);
  // The anonymous answer has the same entries without names: steps follow it, the board does not.
  const steps = useMemo(
    () => replaySteps(frames.frames, history.entries, pathSpans),
    [frames, history.entries, pathSpans],
  );
  const cursor = useMemo(() => new ReplayCursor(replaySteps(frames.frames, [])), [frames]);
  const names = useMemo(
    () => new Map(history.authors.map((a) => [a.id, a.name ?? "Someone"])),
    [history.authors],
  );

  const [filter, setFilter] = useState<ReplayFilter>({ round: 0, author: null, visit: 0 });
  const span = useMemo(
    () => replaySpan(steps, history.rounds, pathSpans, filter, Date.now()),
    [steps, history.rounds, pathSpans, filter],
  );
  const [t, setT] = useState(() => steps[steps.length - 1]?.at ?? span.end);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<ReplaySpeed>(REPLAY_SPEEDS[0]);
  const editor = useRef<Editor | null>(null);
  const seekStarted = useRef<number | null>(null);

  // Anonymous mode leaves nobody to filter by.
  useEffect(() => {
    if (anonymous) setFilter((f) => ({ ...f, author: null }));
  }, [anonymous]);

  // A new history (first load, newer changes, a restore): show its latest moment, whole.
  const shownCursor = useRef<ReplayCursor | null>(null);
  useEffect(() => {
    if (shownCursor.current === cursor) return;
    const first = shownCursor.current === null;
    shownCursor.current = cursor;
    if (!first) {
      setFilter({ round: 0, author: null, visit: 0 });
      setT(steps[steps.length - 1]?.at ?? Date.now());
    }
    if (editor.current) showBoard(editor.current, cursor.current());
  }, [cursor, steps]);

  const onEditor = useCallback(
    (mounted: Editor | null) => {
      editor.current = mounted;
      if (!mounted) return;
      showBoard(mounted, cursor.current());
      mounted.zoomToFit({ animation: { duration: 0 } });
    },
    [cursor],
  );

  // The board follows the time: apply only the records between the shown step and the new one.
  const index = stepAt(steps, t);
  useEffect(() => {
    if (cursor.index === index) return;
    const diff = cursor.seek(index);
    if (editor.current) showChange(editor.current, diff);
    const started = seekStarted.current;
    seekStarted.current = null;
    if (started === null) return;
    // Painted: the frame after the one the change was drawn for.
    requestAnimationFrame(() => {
      window.tableclothReplayTimings ??= [];
      window.tableclothReplayTimings.push(performance.now() - started);
    });
  }, [cursor, index]);

  const seekTo = useCallback(
    (at: number) => {
      const next = Math.max(span.start, Math.min(span.end, at));
      if (stepAt(steps, next) !== index) seekStarted.current = performance.now();
      setT(next);
    },
    [span, steps, index],
  );
  const step = useCallback(
    (direction: 1 | -1) => {
      const target = nextStep(steps, index, direction, filter);
      if (target) seekTo(target.at);
      else if (direction === -1) seekTo(span.start);
    },
    [steps, index, filter, seekTo, span.start],
  );
  // To the step boundary after or before the moment shown (the end of a step: its last moment).
  const stepBoundary = useCallback(
    (direction: 1 | -1) => {
      const latest = steps[steps.length - 1]?.at ?? span.end;
      const target = nextStepBoundary(pathSpans, latest, t, direction);
      if (target !== null) seekTo(target);
    },
    [steps, pathSpans, t, seekTo, span.end],
  );

  // Keep the time inside the round shown.
  useEffect(() => {
    setT((now) => Math.max(span.start, Math.min(span.end, now)));
  }, [span]);

  // Playback: session time runs `speed` times faster than the wall clock, until the end.
  const tRef = useRef(t);
  tRef.current = t;
  useEffect(() => {
    if (!playing) return;
    let last = performance.now();
    let frame = requestAnimationFrame(function tick(now) {
      const next = Math.min(span.end, tRef.current + (now - last) * speed);
      last = now;
      tRef.current = next;
      setT(next);
      if (next >= span.end) setPlaying(false);
      else frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [playing, speed, span.end]);

  const togglePlay = useCallback(() => {
    if (!playing && t >= span.end) setT(span.start);
    setPlaying(!playing);
  }, [playing, t, span]);

  useReplayKeys({
    togglePlay,
    seekTo,
    step,
    stepBoundary: pathSpans.length > 0 ? stepBoundary : null,
    t,
    span,
    setSpeed,
  });

  const shown = index >= 0 ? steps[index] : undefined;
  const inStretch = stepSpanAt(pathSpans, t);
  const visible = steps.filter((s) => s.at >= span.start && s.at <= span.end);
  const matching = visible.filter((s) => matchesFilter(s, filter));
  const position = shown ? matching.findIndex((s) => s.index === shown.index) + 1 : 0;
  const authorLabel = (id: string) => (anonymous ? null : (names.get(id) ?? "Someone"));
  const colour = (id: string) =>
    anonymous || id === "system" || id === "anonymous" ? NEUTRAL : presenceColor(id);

  return (
    <div className="replay" data-testid="replay-page" data-anonymous={String(anonymous)}>
      <header className="board__bar replay__bar">
        <Link
          to={paths.board(session.eventId, board.id)}
          className="button button--quiet"
          data-testid="replay-back"
        >
          <span aria-hidden="true">←</span> Live board
        </Link>
        <div className="board__heading">
          <h1 className="board__title">Replay: {board.title}</h1>
          <p className="board__question">
            Only you see this replay; everyone else keeps drawing on the live board.
          </p>
        </div>
        <label className="replay__toggle">
          <input
            type="checkbox"
            checked={anonymousAsked || anonymousForced}
            disabled={anonymousForced}
            onChange={(e) => onAnonymous(e.target.checked)}
            data-testid="replay-anonymous"
          />
          {anonymousForced ? "Anonymous (the event is in anonymous mode)" : "Anonymous"}
        </label>
      </header>

      <div className="board__canvas replay__canvas" data-testid="replay-canvas">
        <Suspense
          fallback={
            <p className="board__loading" role="status">
              Opening the canvas…
            </p>
          }
        >
          <ReplayCanvas licenseKey={licenseKey} onEditor={onEditor} />
        </Suspense>
      </div>

      <section className="replay__controls" aria-label="Timeline">
        <p
          className="replay__now"
          data-testid="replay-moment"
          data-index={index}
          data-at={shown?.at ?? ""}
          data-path-step={inStretch?.step ?? ""}
          data-path-visit={inStretch?.visit ?? 0}
          aria-live="polite"
        >
          {shown ? (
            <>
              <strong>{clockTime(t)}</strong> · change {position || "–"} of {matching.length}
              {shown.round > 0 ? ` · round ${shown.round}` : ""}
              {inStretch ? ` · step ${stretchLabel(inStretch)}` : ""}
              {!anonymous && shown.authors[0] ? (
                <span data-testid="replay-moment-author">
                  {" "}
                  · by {shown.authors.map(authorLabel).join(", ")}
                </span>
              ) : null}
              {index === steps.length - 1 ? " · latest" : ""}
            </>
          ) : (
            <>
              <strong>{clockTime(t)}</strong> · before the first change
            </>
          )}
        </p>

        <ReplayStrip
          rounds={history.rounds}
          pathSpans={pathSpans}
          span={span}
          changes={matching}
          colour={colour}
          t={t}
          onSeek={seekTo}
        />

        <ReplayButtons
          onStep={step}
          onStepBoundary={pathSpans.length > 0 ? stepBoundary : null}
          playing={playing}
          onTogglePlay={togglePlay}
          speed={speed}
          onSpeed={setSpeed}
        />

        <ReplayFilters
          history={history}
          frames={frames}
          pathSpans={pathSpans}
          filter={filter}
          setFilter={setFilter}
          anonymous={anonymous}
          onReload={onReload}
        />

        <Restore
          session={session}
          board={board}
          at={shown?.at ?? span.start}
          serverNow={serverNow}
          onRestored={onReload}
        />

        <ReplayKeysHelp pathSteps={pathSpans.length > 0} />
      </section>
    </div>
  );
}
