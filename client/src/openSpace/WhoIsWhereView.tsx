import { moverKind, type OpenSpaceState, whoIsWhere } from "@tablecloth/open-space";

/**
 * Who is where now, live: each session with the people at it, bumblebees (who have been to three
 * sessions or more) marked, and the butterflies (at no session) on their own line.
 */
export function WhoIsWhereView({
  state,
  names,
  me,
}: {
  state: OpenSpaceState;
  names: ReadonlyMap<string, string>;
  me: string;
}) {
  const { bySession, butterflies } = whoIsWhere(state);
  const label = (id: string) => `${names.get(id) ?? "someone"}${id === me ? " (you)" : ""}`;
  const person = (id: string) => (
    <li key={id} data-testid="os-person" data-mover={moverKind(state, id) ?? ""}>
      {label(id)}
      {moverKind(state, id) === "bumblebee" ? (
        <span title="a bumblebee: cross-pollinating between groups"> 🐝</span>
      ) : null}
    </li>
  );
  return (
    <section className="card" aria-labelledby="os-where-heading" data-testid="os-who-is-where">
      <h2 id="os-where-heading">Who is where</h2>
      <ul className="os-where">
        {Object.values(state.sessions).map((s) => (
          <li key={s.id} data-testid="os-where-session" data-session-id={s.id}>
            <strong>{s.title}</strong> ({bySession[s.id]?.length ?? 0})
            <ul>{(bySession[s.id] ?? []).map(person)}</ul>
          </li>
        ))}
        <li data-testid="os-butterflies">
          <strong>Butterflies</strong> (at no session, {butterflies.length}) 🦋
          <ul>{butterflies.map(person)}</ul>
        </li>
      </ul>
    </section>
  );
}
