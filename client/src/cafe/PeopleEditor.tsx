import type { CafeState } from "@tablecloth/cafe";
import { useState } from "react";
import { Name } from "../components/Name";
import type { EventSession } from "../session";
import { cafeApi } from "./cafeApi";

/** People listed at once; a name filter finds the others (a café may hold 2,000). */
const SHOWN = 40;

/**
 * Everyone in the café, for the facilitator: move anyone to a table (or to no table), or take
 * them out of the café (someone who left for good; they may say "I'm here" again).
 */
export function PeopleEditor({
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
  const [filter, setFilter] = useState("");
  const nameOf = (id: string) => names.get(id) ?? "…";
  const wanted = filter.trim().toLowerCase();
  const people = Object.keys(state.seating)
    .filter((id) => wanted === "" || nameOf(id).toLowerCase().includes(wanted))
    .sort((a, b) => nameOf(a).localeCompare(nameOf(b)) || (a < b ? -1 : 1));
  const shown = people.slice(0, SHOWN);
  const hostOf = new Map(
    state.tables.filter((t) => t.hostId !== null).map((t) => [t.hostId, t.name]),
  );
  return (
    <section className="card" aria-labelledby="people-heading" data-testid="cafe-people">
      <h2 id="people-heading">People in the café</h2>
      <label className="field">
        <span>Find someone</span>
        <input
          type="search"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          data-testid="cafe-people-filter"
        />
      </label>
      {people.length === 0 ? <p>Nobody here yet.</p> : null}
      <ul className="people-editor">
        {shown.map((id) => {
          const seat = state.seating[id];
          const name = nameOf(id);
          const hosts = hostOf.get(id);
          return (
            <li key={id} data-testid="cafe-people-row" data-participant-id={id}>
              <Name className="people-editor__name">{name}</Name>
              {hosts ? <span className="people-editor__host"> (hosts {hosts})</span> : null}
              <label>
                <span className="visually-hidden">Table of {name}</span>
                <select
                  value={seat?.tableId ?? ""}
                  onChange={(e) =>
                    cafeApi
                      .reseat(
                        session.eventId,
                        id,
                        e.target.value === "" ? null : e.target.value,
                        session.token,
                      )
                      .catch(onError)
                  }
                  data-testid="cafe-people-table"
                >
                  <option value="">No table</option>
                  {state.tables.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name}
                    </option>
                  ))}
                </select>
              </label>
              <button
                type="button"
                className="button button--quiet"
                onClick={() => cafeApi.remove(session.eventId, id, session.token).catch(onError)}
                aria-label={`Remove ${name} from the café`}
                data-testid="cafe-people-remove"
              >
                Remove
              </button>
            </li>
          );
        })}
      </ul>
      {people.length > SHOWN ? (
        <p>{people.length - SHOWN} more: type part of a name to find them.</p>
      ) : null}
    </section>
  );
}
