import { type PathStepSpan, pathStep } from "@tablecloth/path";

/** "3. Now", "2. The goal (again)": a stretch as the replay names it. */
export function stretchLabel(span: PathStepSpan): string {
  return `${span.number}. ${pathStep(span.step).label}${span.revisit ? " (again)" : ""}`;
}

/** A PATH board's step markers on the replay strip, at each step change inside the span shown. */
export function StepMarkers({
  spans,
  span,
  left,
}: {
  spans: readonly PathStepSpan[];
  span: { start: number; end: number };
  left: (at: number) => string;
}) {
  return (
    <>
      {spans
        .filter((s) => s.startedAt >= span.start && s.startedAt <= span.end)
        .map((s) => (
          <span
            key={s.visit}
            className="replay__round replay__step"
            style={{ left: left(s.startedAt) }}
            title={stretchLabel(s)}
            data-testid="replay-step-marker"
            data-step={s.step}
            data-visit={s.visit}
          >
            {s.number}
          </span>
        ))}
    </>
  );
}

/** The "Step" filter of a PATH board: every stretch in the order the session went through them. */
export function StepFilter({
  spans,
  visit,
  onVisit,
}: {
  spans: readonly PathStepSpan[];
  visit: number;
  onVisit: (visit: number) => void;
}) {
  return (
    <label>
      Step{" "}
      <select
        value={visit}
        onChange={(e) => onVisit(Number(e.target.value))}
        data-testid="replay-step"
      >
        <option value={0}>All steps</option>
        {spans.map((s) => (
          <option key={s.visit} value={s.visit}>
            {stretchLabel(s)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** "◀ Previous step" and "Next step ▶": to the step boundary before or after the moment shown. */
export function StepButtons({ onStep }: { onStep: (direction: 1 | -1) => void }) {
  return (
    <>
      <button
        type="button"
        className="button"
        onClick={() => onStep(-1)}
        aria-keyshortcuts="PageUp"
        data-testid="replay-prev-step"
      >
        ◀ Previous step
      </button>
      <button
        type="button"
        className="button"
        onClick={() => onStep(1)}
        aria-keyshortcuts="PageDown"
        data-testid="replay-next-step"
      >
        Next step ▶
      </button>
    </>
  );
}
