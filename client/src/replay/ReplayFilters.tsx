import type { BoardFramesResponse, BoardHistoryResponse } from "@tablecloth/protocol";
import type { Dispatch, SetStateAction } from "react";
import { StepFilter } from "./ReplayPathSteps";
import type { pathSpansOf, ReplayFilter } from "./replayTimeline";

/** The replay's filters (round, PATH step, author) and "Load newer changes". */
export function ReplayFilters({
  history,
  frames,
  pathSpans,
  filter,
  setFilter,
  anonymous,
  onReload,
}: {
  history: BoardHistoryResponse;
  frames: BoardFramesResponse;
  pathSpans: ReturnType<typeof pathSpansOf>;
  filter: ReplayFilter;
  setFilter: Dispatch<SetStateAction<ReplayFilter>>;
  /** Nobody is named: no filter by author. */
  anonymous: boolean;
  onReload: () => void;
}) {
  return (
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
  );
}
