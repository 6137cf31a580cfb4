import { toServerTime } from "@tablecloth/cafe";
import { nextStepBoundary, stepSpanAt } from "@tablecloth/path";
import type {
  Board,
  BoardFramesResponse,
  BoardHistoryResponse,
  RestoreResponse,
} from "@tablecloth/protocol";
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
import { StepButtons, StepFilter, StepMarkers, stretchLabel } from "./ReplayPathSteps";
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
import "./replay.css";

const ReplayCanvas = lazy(() => import("./ReplayCanvas"));

/** Playback speeds: one second of replay shows this many seconds of the session. */
export const REPLAY_SPEEDS = [1, 5, 20, 60] as const;
/** Shift+arrow jumps this far in time. */
const JUMP_MS = 10_000;
/** The strip's colour for changes nobody is named for (anonymous mode, the server). */
const NEUTRAL = "#868e96";

declare global {
  interface Window {
    /** Milliseconds from each seek asked for to the frame painted, for the browser tests. */
    tableclothReplayTimings?: number[];
  }
}

const clockTime = (at: number) =>
  new Date(at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLInputElement) return target.type !== "range";
  return target.isContentEditable;
}

/** `/e/:eventId/b/:boardId/replay` for a facilitator: the board at any moment, and restore. */
export function ReplayView({ session, board }: { session: EventSession; board: Board }) {
  const [anonymous, setAnonymous] = useState(false);
  const [generation, setGeneration] = useState(0);
  const [history, setHistory] = useState<BoardHistoryResponse | null>(null);
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
        setHistory(answer);
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
  if (!history || !frames || config === undefined) {
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
      history={history}
      frames={frames}
      // The server answers anonymously, whatever was asked, while the event is in anonymous mode.
      anonymous={anonymous || history.anonymous}
      anonymousForced={history.anonymous && !anonymous}
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
  const [speed, setSpeed] = useState<(typeof REPLAY_SPEEDS)[number]>(REPLAY_SPEEDS[0]);
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

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || isTextField(event.target)) return;
      const speedKey = ["1", "2", "3", "4"].indexOf(event.key);
      let handled = true;
      if (event.key === " ") togglePlay();
      else if (event.key === "ArrowRight" && event.shiftKey) seekTo(t + JUMP_MS);
      else if (event.key === "ArrowLeft" && event.shiftKey) seekTo(t - JUMP_MS);
      else if (event.key === "ArrowRight") step(1);
      else if (event.key === "ArrowLeft") step(-1);
      else if (event.key === "PageDown" && pathSpans.length > 0) stepBoundary(1);
      else if (event.key === "PageUp" && pathSpans.length > 0) stepBoundary(-1);
      else if (event.key === "Home") seekTo(span.start);
      else if (event.key === "End") seekTo(span.end);
      else if (speedKey >= 0) setSpeed(REPLAY_SPEEDS[speedKey] ?? REPLAY_SPEEDS[0]);
      else handled = false;
      if (handled) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    // Capture: tldraw's own shortcuts (space pans) must not see these.
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, [togglePlay, seekTo, step, stepBoundary, pathSpans, t, span]);

  const shown = index >= 0 ? steps[index] : undefined;
  const inStretch = stepSpanAt(pathSpans, t);
  const visible = steps.filter((s) => s.at >= span.start && s.at <= span.end);
  const matching = visible.filter((s) => matchesFilter(s, filter));
  const position = shown ? matching.findIndex((s) => s.index === shown.index) + 1 : 0;
  const width = Math.max(1, span.end - span.start);
  const left = (at: number) => `${(((at - span.start) / width) * 100).toFixed(3)}%`;
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
            checked={anonymous}
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

        <div className="replay__timeline">
          <div className="replay__strip" data-testid="replay-strip" aria-hidden="true">
            {history.rounds
              .filter((r) => r.startedAt >= span.start && r.startedAt <= span.end)
              .map((r) => (
                <span
                  key={r.round}
                  className="replay__round"
                  style={{ left: left(r.startedAt) }}
                  data-testid="replay-round-marker"
                  data-round={r.round}
                >
                  R{r.round}
                </span>
              ))}
            <StepMarkers spans={pathSpans} span={span} left={left} />
            {matching.map((s) => (
              <span
                key={s.index}
                className="replay__tick"
                style={{ left: left(s.at), background: colour(s.authors[0] ?? "system") }}
                data-testid="replay-tick"
                data-author={s.authors[0] ?? ""}
              />
            ))}
            <span className="replay__playhead" style={{ left: left(t) }} />
          </div>
          <input
            type="range"
            className="replay__scrubber"
            min={span.start}
            max={span.end}
            step={1}
            value={Math.round(t)}
            onChange={(e) => seekTo(Number(e.target.value))}
            aria-label="Moment"
            aria-valuetext={clockTime(t)}
            data-testid="replay-scrubber"
          />
        </div>

        <div className="replay__buttons">
          <button
            type="button"
            className="button"
            onClick={() => step(-1)}
            aria-keyshortcuts="ArrowLeft"
            data-testid="replay-prev"
          >
            ◀ Previous change
          </button>
          <button
            type="button"
            className="button button--primary"
            onClick={togglePlay}
            aria-keyshortcuts="Space"
            data-testid="replay-play"
            data-playing={String(playing)}
          >
            {playing ? "Pause" : "Play"}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => step(1)}
            aria-keyshortcuts="ArrowRight"
            data-testid="replay-next"
          >
            Next change ▶
          </button>
          {pathSpans.length > 0 ? <StepButtons onStep={stepBoundary} /> : null}
          <fieldset className="replay__speeds">
            <legend className="visually-hidden">Speed</legend>
            {REPLAY_SPEEDS.map((s, i) => (
              <label key={s} className="replay__speed">
                <input
                  type="radio"
                  name="replay-speed"
                  checked={speed === s}
                  onChange={() => setSpeed(s)}
                  aria-keyshortcuts={String(i + 1)}
                  data-testid={`replay-speed-${s}`}
                />
                {s}×
              </label>
            ))}
          </fieldset>
        </div>

        <div className="replay__filters">
          <label>
            Round{" "}
            <select
              value={filter.round}
              onChange={(e) => setFilter((f) => ({ ...f, round: Number(e.target.value) }))}
              data-testid="replay-round"
            >
              <option value={0}>All rounds</option>
              {history.rounds.map((r) => (
                <option key={r.round} value={r.round}>
                  Round {r.round}
                </option>
              ))}
            </select>
          </label>
          {pathSpans.length > 0 ? (
            <StepFilter
              spans={pathSpans}
              visit={filter.visit ?? 0}
              onVisit={(visit) => setFilter((f) => ({ ...f, visit }))}
            />
          ) : null}
          {anonymous ? null : (
            <label>
              Changes by{" "}
              <select
                value={filter.author ?? ""}
                onChange={(e) => setFilter((f) => ({ ...f, author: e.target.value || null }))}
                data-testid="replay-author"
              >
                <option value="">Everyone</option>
                {history.authors.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name ?? "Someone"}
                  </option>
                ))}
              </select>
            </label>
          )}
          {frames.everyChange ? null : (
            <span className="replay__note">Long history: nearby changes are grouped.</span>
          )}
          <button
            type="button"
            className="button button--quiet"
            onClick={onReload}
            data-testid="replay-refresh"
          >
            Load newer changes
          </button>
        </div>

        <Restore
          session={session}
          board={board}
          at={shown?.at ?? span.start}
          serverNow={serverNow}
          onRestored={onReload}
        />

        <p className="replay__keys" data-testid="replay-keys">
          Keys: <kbd>Space</kbd> play/pause · <kbd>←</kbd> <kbd>→</kbd> previous/next change ·{" "}
          <kbd>Shift</kbd>+<kbd>←</kbd>/<kbd>→</kbd> 10 s back/forward · <kbd>Home</kbd>{" "}
          <kbd>End</kbd> start/end · <kbd>1</kbd>–<kbd>4</kbd> speed 1×/5×/20×/60×
          {pathSpans.length > 0 ? (
            <>
              {" "}
              · <kbd>PageUp</kbd> <kbd>PageDown</kbd> previous/next step
            </>
          ) : null}
        </p>
      </section>
    </div>
  );
}

type RestoreState =
  | { phase: "idle" }
  | { phase: "confirming"; at: number; began: number }
  | { phase: "working" }
  | { phase: "done"; answer: RestoreResponse; undone: boolean }
  | { phase: "failed"; message: string };

/** "Restore this moment" with a confirmation, and "Undo restore" after it. */
function Restore({
  session,
  board,
  at,
  serverNow,
  onRestored,
}: {
  session: EventSession;
  board: Board;
  at: number;
  serverNow: () => number;
  onRestored: () => void;
}) {
  const [state, setState] = useState<RestoreState>({ phase: "idle" });
  const run = async (body: { at: number; began?: number }, undone: boolean) => {
    setState({ phase: "working" });
    try {
      const answer = await replayApi.restore(session.eventId, board.id, body, session.token);
      setState({ phase: "done", answer, undone });
      onRestored();
    } catch (e) {
      setState({ phase: "failed", message: friendlyMessage(e) });
    }
  };
  return (
    <div className="replay__restore" data-testid="replay-restore-panel">
      {state.phase === "confirming" ? (
        <div role="alertdialog" aria-label="Restore this moment" className="replay__confirm">
          <p>
            Bring the board back to how it was at <strong>{clockTime(state.at)}</strong>? Everyone
            at the table sees it at once. Whatever people drew since you clicked is kept, and you
            can undo it.
          </p>
          <button
            type="button"
            className="button button--primary"
            onClick={() => run({ at: state.at, began: state.began }, false)}
            data-testid="replay-restore-confirm"
          >
            Restore
          </button>
          <button
            type="button"
            className="button button--quiet"
            onClick={() => setState({ phase: "idle" })}
          >
            Cancel
          </button>
        </div>
      ) : (
        <button
          type="button"
          className="button"
          disabled={state.phase === "working"}
          onClick={() => setState({ phase: "confirming", at, began: Math.round(serverNow()) })}
          data-testid="replay-restore"
        >
          Restore this moment
        </button>
      )}
      {state.phase === "done" ? (
        <span data-testid="replay-restored" className="replay__done">
          {state.undone ? "Restore undone." : `Restored to ${clockTime(state.answer.restoredTo)}.`}{" "}
          {state.undone ? null : (
            <button
              type="button"
              className="button button--quiet"
              onClick={() => run({ at: state.answer.undoAt }, true)}
              data-testid="replay-undo-restore"
            >
              Undo restore
            </button>
          )}
        </span>
      ) : null}
      {state.phase === "failed" ? <ErrorMessage>{state.message}</ErrorMessage> : null}
    </div>
  );
}
