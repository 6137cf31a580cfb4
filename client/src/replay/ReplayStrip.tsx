import type { BoardHistoryResponse } from "@tablecloth/protocol";
import { clockTime } from "./clockTime";
import { StepMarkers } from "./ReplayPathSteps";
import type { pathSpansOf, ReplayStep } from "./replayTimeline";

/**
 * The timeline: round and PATH step markers, a tick per change shown (coloured by its author),
 * the playhead, and the scrubber over the span shown.
 */
export function ReplayStrip({
  rounds,
  pathSpans,
  span,
  changes,
  colour,
  t,
  onSeek,
}: {
  rounds: BoardHistoryResponse["rounds"];
  pathSpans: ReturnType<typeof pathSpansOf>;
  span: { start: number; end: number };
  changes: readonly ReplayStep[];
  colour: (authorId: string) => string;
  t: number;
  onSeek: (at: number) => void;
}) {
  const width = Math.max(1, span.end - span.start);
  const left = (at: number) => `${(((at - span.start) / width) * 100).toFixed(3)}%`;
  return (
    <div className="replay__timeline">
      <div className="replay__strip" data-testid="replay-strip" aria-hidden="true">
        {rounds
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
        {changes.map((s) => (
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
        onChange={(e) => onSeek(Number(e.target.value))}
        aria-label="Moment"
        aria-valuetext={clockTime(t)}
        data-testid="replay-scrubber"
      />
    </div>
  );
}
