import { type CafeState, explainUnseated } from "@tablecloth/cafe";
import type { CafePlan } from "@tablecloth/protocol";
import { type DragEvent, useState } from "react";
import { Name } from "../components/Name";

/** The manual moves the facilitator made on top of the planner's proposal, in order. */
export type ManualMove = { participantId: string; tableId: string | null };

/**
 * The proposed next seating, table by table, before it is applied: who moves where, the quality
 * figures, and drag and drop (or the menu beside each name) to move people by hand. Hosts stay.
 */
export function RotationPreview({
  plan,
  state,
  names,
  busy,
  onMove,
}: {
  plan: CafePlan;
  state: CafeState;
  names: ReadonlyMap<string, string>;
  busy: boolean;
  onMove: (move: ManualMove) => void;
}) {
  const [dragging, setDragging] = useState<string | null>(null);
  const hosts = new Set(state.tables.map((t) => t.hostId).filter((h): h is string => h !== null));
  const nameOf = (id: string) => names.get(id) ?? "…";
  const tableName = (id: string | null) =>
    id === null ? "no table" : (state.tables.find((t) => t.id === id)?.name ?? "?");
  const drop = (tableId: string) => (event: DragEvent) => {
    event.preventDefault();
    const participantId = event.dataTransfer.getData("text/plain") || dragging;
    setDragging(null);
    if (participantId && plan.seating[participantId] !== tableId)
      onMove({ participantId, tableId });
  };
  const { stats } = plan;
  const unseatedWhy = explainUnseated(
    state.tables,
    Object.keys(plan.seating).length,
    stats.unseated.length,
  );
  return (
    <section className="preview" data-testid="cafe-plan" aria-label="Proposed rotation">
      <p className="preview__stats">
        {plan.moves.length} people move · sizes differ by at most {stats.maxSizeDiff} ·{" "}
        {stats.repeatPairs === 0
          ? "nobody meets anyone twice"
          : `${stats.repeatPairs} pairs meet again`}
        {stats.stayed.length > 0 ? ` · ${stats.stayed.length} stay (no other seat)` : ""}
        {stats.unseated.length > 0 ? ` · ${stats.unseated.length} without a seat` : ""}
        {stats.hostlessTables.length > 0
          ? ` · ${stats.hostlessTables.length} tables without a host`
          : ""}
      </p>
      {unseatedWhy ? (
        <div className="preview__unseated" role="status" data-testid="cafe-plan-unseated">
          <p>
            <strong>Without a seat:</strong>{" "}
            {stats.unseated.map((id, i) => (
              <span key={id} data-testid="cafe-plan-unseated-person" data-participant-id={id}>
                {i > 0 ? ", " : null}
                <Name>{nameOf(id)}</Name>
              </span>
            ))}
          </p>
          <p>
            {unseatedWhy.reason} {unseatedWhy.remedy}
          </p>
        </div>
      ) : null}
      <ul className="preview__tables">
        {state.tables.map((table) => {
          const people = Object.keys(plan.seating)
            .filter((id) => plan.seating[id] === table.id)
            .sort((a, b) => Number(b === table.hostId) - Number(a === table.hostId));
          return (
            <li
              key={table.id}
              className="preview__table"
              data-testid="cafe-plan-table"
              data-table-id={table.id}
              onDragOver={(e) => e.preventDefault()}
              onDrop={drop(table.id)}
            >
              <h3>
                {table.name} ({people.length})
              </h3>
              <ul>
                {people.map((id) => {
                  const from = plan.base[id] ?? null;
                  const isHost = hosts.has(id);
                  return (
                    <li
                      key={id}
                      draggable={!isHost && !busy}
                      onDragStart={(e) => {
                        e.dataTransfer.setData("text/plain", id);
                        setDragging(id);
                      }}
                      className={isHost ? "preview__host" : "preview__traveller"}
                      data-testid="cafe-plan-person"
                      data-participant-id={id}
                    >
                      <Name>{nameOf(id)}</Name>
                      {isHost
                        ? " (host, stays)"
                        : from === table.id
                          ? " (stays)"
                          : ` ← ${tableName(from)}`}
                      {isHost ? null : (
                        <select
                          aria-label={`Move ${nameOf(id)} to`}
                          value={table.id}
                          disabled={busy}
                          onChange={(e) => onMove({ participantId: id, tableId: e.target.value })}
                        >
                          {state.tables.map((t) => (
                            <option key={t.id} value={t.id}>
                              {t.name}
                            </option>
                          ))}
                        </select>
                      )}
                    </li>
                  );
                })}
              </ul>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
