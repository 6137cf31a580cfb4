import { type OpenSpaceState, scheduleOf } from "@tablecloth/open-space";
import { cellName } from "./cellName";

/** The sessions someone signed up to, in wall order (slot, then space). */
export function MySchedule({
  state,
  me,
  onOpen,
}: {
  state: OpenSpaceState;
  me: string;
  onOpen: (sessionId: string) => void;
}) {
  const ids = scheduleOf(state, me);
  return (
    <section className="card" aria-labelledby="os-schedule-heading" data-testid="os-schedule">
      <h2 id="os-schedule-heading">My schedule</h2>
      {ids.length === 0 ? (
        <p>Sign up to sessions on the wall to build your day.</p>
      ) : (
        <ol>
          {ids.map((id) => {
            const s = state.sessions[id];
            if (!s) return null;
            return (
              <li key={id} data-testid="os-schedule-item">
                {s.title} <span className="os-card__meta">({cellName(state, s)})</span>{" "}
                <button type="button" className="button button--small" onClick={() => onOpen(id)}>
                  Go here
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
