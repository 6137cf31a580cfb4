import { type CafeState, questionRound, roundQuestion } from "@tablecloth/cafe";
import type { EventSession } from "../session";
import { AddTable } from "./AddTable";
import { cafeApi } from "./cafeApi";
import { TableText } from "./TableText";

/** The café's tables: name, own question and host of each, and one more. */
export function TablesEditor({
  session,
  state,
  names,
  onError,
}: {
  session: EventSession;
  state: CafeState;
  names: ReadonlyMap<string, string>;
  onError: (e: unknown) => void;
}) {
  const present = Object.keys(state.seating);
  return (
    <section className="card" aria-labelledby="tables-heading">
      <h2 id="tables-heading">Tables and hosts</h2>
      {state.tables.length === 0 ? <p>No tables yet.</p> : null}
      <ul className="tables-editor">
        {state.tables.map((t) => (
          <li key={t.id} data-testid="cafe-table-row" data-table-id={t.id}>
            {/* Keyed by the stored text: a change by another facilitator refreshes the fields. */}
            <TableText
              key={`${t.name}\n${t.question ?? ""}`}
              session={session}
              table={t}
              roundQuestion={roundQuestion(state.settings, questionRound(state.round))}
              onError={onError}
            />
            <label>
              {" "}
              Host{" "}
              <select
                value={t.hostId ?? ""}
                onChange={(e) =>
                  cafeApi
                    .updateTable(
                      session.eventId,
                      t.id,
                      { hostId: e.target.value === "" ? null : e.target.value },
                      session.token,
                    )
                    .catch(onError)
                }
                data-testid="cafe-host-select"
              >
                <option value="">No host</option>
                {present.map((id) => (
                  <option key={id} value={id}>
                    {names.get(id) ?? id}
                  </option>
                ))}
              </select>
            </label>
          </li>
        ))}
      </ul>
      <AddTable session={session} onError={onError} />
    </section>
  );
}
