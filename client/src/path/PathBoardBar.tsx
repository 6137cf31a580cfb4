import {
  mayWritePathBoard,
  PATH_STEPS,
  type PathBoardRole,
  type PathPlanState,
  timeSpent,
} from "@tablecloth/path";
import { type FormEvent, useEffect, useRef, useState } from "react";
import type { Editor } from "tldraw";

const loadPathBoard = () => import("./pathBoard");

function minutesSeconds(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/**
 * The PATH board's bar: the current step and phase, the time per step, the "add note" form that
 * places a sticky note inside the current step's region, and the poster's downloads. Everyone's
 * camera moves to the current region whenever the step changes (a revisit too): people may look
 * around, and the next step brings them back.
 */
export function PathBoardBar({
  plan,
  role,
  editor,
}: {
  plan: PathPlanState | null;
  role: PathBoardRole;
  editor: Editor | null;
}) {
  const [text, setText] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  // Follow the step: each change of step (or revisit, a new `since`) moves the camera once.
  const current = plan?.progress.current ?? null;
  const since = plan?.progress.since ?? null;
  const shown = useRef<string | null>(null);
  useEffect(() => {
    if (!editor || current === null) return;
    const key = `${current}@${since}`;
    if (shown.current === key) return;
    const first = shown.current === null;
    shown.current = key;
    void loadPathBoard().then((m) => m.showRegion(editor, current, !first));
  }, [editor, current, since]);

  if (!plan)
    return (
      <p className="path-bar" role="status">
        Loading the PATH…
      </p>
    );
  const step = PATH_STEPS.find((s) => s.id === current) ?? null;
  const spent = timeSpent(plan.progress, now);
  const canAdd =
    editor !== null && step !== null && mayWritePathBoard(role, plan) && role !== "observer";

  const addNote = (event: FormEvent) => {
    event.preventDefault();
    const words = text.trim();
    if (!editor || !step || words.length === 0) return;
    void loadPathBoard().then((m) => {
      m.addNoteToRegion(editor, step.id, words);
      setText("");
    });
  };
  const downloadPoster = (kind: "svg" | "png") => {
    if (!editor) return;
    setBusy(kind);
    setError(null);
    const name = `path-${plan.focus.replace(/[^\w-]+/g, "-").toLowerCase() || "poster"}`;
    void loadPathBoard()
      .then(async (m) => {
        const pictures = await m.posterPictures(editor);
        if (kind === "svg") {
          m.download(new Blob([pictures.svg], { type: "image/svg+xml" }), `${name}.svg`);
        } else m.download(pictures.png, `${name}-A0.png`);
      })
      .catch((caught: unknown) =>
        setError(caught instanceof Error ? caught.message : "The poster could not be made."),
      )
      .finally(() => setBusy(null));
  };

  return (
    <section className="path-bar" aria-label="PATH" data-testid="path-bar" data-role={role}>
      <p className="path-bar__step" data-testid="path-bar-step" data-step={current ?? ""}>
        {step ? `${step.number}. ${step.label}` : "Not started"}
        {" · "}
        {plan.progress.phase === "add" ? "adding notes" : "watching"}
        {step
          ? ` · ${minutesSeconds(spent[step.id])} (suggested ${step.suggestedMinutes} min)`
          : ""}
      </p>
      <ol className="path-bar__times" data-testid="path-bar-times">
        {PATH_STEPS.filter((s) => spent[s.id] > 0).map((s) => (
          <li key={s.id} data-step={s.id}>
            {s.number}. {s.label}: {minutesSeconds(spent[s.id])}
          </li>
        ))}
      </ol>
      {canAdd ? (
        <form className="path-bar__note" onSubmit={addNote}>
          <label>
            Note for {step?.label}
            <input
              value={text}
              onChange={(e) => setText(e.target.value)}
              maxLength={500}
              data-testid="path-note-text"
            />
          </label>
          <button type="submit" className="button button--primary" disabled={!text.trim()}>
            Add note
          </button>
        </form>
      ) : null}
      <div className="path-bar__poster">
        <button
          type="button"
          className="button"
          disabled={!editor || busy !== null}
          onClick={() => downloadPoster("svg")}
        >
          {busy === "svg" ? "Making the SVG…" : "Poster (SVG)"}
        </button>
        <button
          type="button"
          className="button"
          disabled={!editor || busy !== null}
          onClick={() => downloadPoster("png")}
        >
          {busy === "png" ? "Making the PNG…" : "Poster (A0 PNG)"}
        </button>
      </div>
      {error ? <p role="alert">{error}</p> : null}
    </section>
  );
}
