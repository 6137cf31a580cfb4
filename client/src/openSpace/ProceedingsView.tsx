import { compileProceedings, type OpenSpaceState } from "@tablecloth/open-space";
import { Link } from "../router/Link";
import { paths } from "../router/matchRoute";

/**
 * The news room's proceedings, compiled live from the reports on every page (the same
 * `compileProceedings` the server and the export use), so everyone can read them before leaving.
 */
export function ProceedingsView({
  eventId,
  state,
  title,
  purpose,
}: {
  eventId: string;
  state: OpenSpaceState;
  title: string;
  purpose: string;
}) {
  const proceedings = compileProceedings(state, { title, purpose });
  return (
    <section
      className="card os-proceedings"
      aria-labelledby="os-proceedings-heading"
      data-testid="os-proceedings"
    >
      <h2 id="os-proceedings-heading">Proceedings</h2>
      <p className="lead">
        {proceedings.sessions.length} sessions, {proceedings.reported} reported.
      </p>
      {proceedings.sessions.map((s) => (
        <article
          key={s.id}
          className="os-proceedings__session"
          data-testid="os-proceedings-session"
          data-session-id={s.id}
        >
          <h3>{s.title}</h3>
          <p className="os-card__meta">
            {s.slot} · {s.space} · convened by {s.conveners.join(" & ")} · {s.signUps} signed up
            {s.mergedTitles.length > 0 ? ` · merged with ${s.mergedTitles.join("; ")}` : ""}
          </p>
          {s.report ? (
            <div data-testid="os-proceedings-report">
              <p>{s.report.summary}</p>
              {s.report.keyPoints ? (
                <p>
                  <strong>Key points:</strong> {s.report.keyPoints}
                </p>
              ) : null}
              {s.report.nextSteps ? (
                <p>
                  <strong>Next steps:</strong> {s.report.nextSteps}
                </p>
              ) : null}
              <p className="os-card__meta">Filed by {s.report.authorName}</p>
            </div>
          ) : (
            <p className="os-card__meta">No report yet.</p>
          )}
          <p>
            {s.boards.map((b) => (
              <Link key={b.boardId} to={paths.board(eventId, b.boardId)}>
                {b.title} board{" "}
              </Link>
            ))}
          </p>
        </article>
      ))}
    </section>
  );
}
