import type { OpenSpaceState } from "@tablecloth/open-space";
import { type FormEvent, useState } from "react";
import { friendlyMessage } from "../api/ApiError";
import { TableCloth } from "../cafe/TableCloth";
import { ErrorMessage } from "../components/ErrorMessage";
import type { EventSession } from "../session";
import { cellName } from "./cellName";
import { convenesOf } from "./convenesOf";
import { openSpaceApi } from "./openSpaceApi";

function ReportForm({
  session,
  sessionId,
  state,
}: {
  session: EventSession;
  sessionId: string;
  state: OpenSpaceState;
}) {
  const filed = state.reports[sessionId];
  const [summary, setSummary] = useState(filed?.summary ?? "");
  const [keyPoints, setKeyPoints] = useState(filed?.keyPoints ?? "");
  const [nextSteps, setNextSteps] = useState(filed?.nextSteps ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await openSpaceApi.report(
        session.eventId,
        sessionId,
        { summary, keyPoints, nextSteps },
        session.token,
      );
      setSaved(true);
    } catch (caught) {
      setError(friendlyMessage(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card os-report" onSubmit={submit} data-testid="os-report-form">
      <h3>Report to the news room</h3>
      <label>
        What happened
        <textarea
          value={summary}
          onChange={(e) => setSummary(e.target.value)}
          maxLength={10000}
          required
          data-testid="os-report-summary"
        />
      </label>
      <label>
        Key points
        <textarea
          value={keyPoints}
          onChange={(e) => setKeyPoints(e.target.value)}
          maxLength={10000}
          data-testid="os-report-points"
        />
      </label>
      <label>
        Next steps
        <textarea
          value={nextSteps}
          onChange={(e) => setNextSteps(e.target.value)}
          maxLength={10000}
          data-testid="os-report-next"
        />
      </label>
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      {saved ? <p role="status">Filed: it is in the proceedings now.</p> : null}
      <button
        type="submit"
        className="button button--primary"
        disabled={busy || summary.trim() === ""}
        data-testid="os-report-submit"
      >
        {busy ? "Filing…" : filed ? "Update the report" : "File the report"}
      </button>
    </form>
  );
}

/**
 * A session's room: its board (a tldraw cloth, swapped in place when someone moves on: the law
 * of two feet never reloads the page), its conveners, who is here now, and the news-room report
 * form for its conveners, note takers and facilitators.
 */
export function SessionRoom({
  session,
  state,
  sessionId,
  names,
  controlDocName = null,
}: {
  session: EventSession;
  state: OpenSpaceState;
  sessionId: string;
  names: ReadonlyMap<string, string>;
  /** The event's control doc, for the boards' phase (view-only during a harvest). */
  controlDocName?: string | null;
}) {
  const item = state.sessions[sessionId];
  const [error, setError] = useState<string | null>(null);
  if (!item) return <p role="status">This session is no longer on the wall.</p>;
  const me = session.participant;
  const here = Object.entries(state.whereabouts)
    .filter(([, w]) => w.sessionId === sessionId)
    .map(([id]) => names.get(id) ?? (id === me.id ? me.name : "someone"));
  const mayReport =
    me.role === "facilitator" ||
    (me.role === "participant" &&
      (convenesOf(item, me.id) ||
        (state.signUps[me.id] ?? []).includes(sessionId) ||
        state.whereabouts[me.id]?.sessionId === sessionId));
  const leave = () => {
    setError(null);
    openSpaceApi
      .goTo(session.eventId, null, session.token)
      .catch((e: unknown) => setError(friendlyMessage(e)));
  };
  return (
    <section
      className="os-room"
      aria-labelledby="os-room-heading"
      data-testid="os-room"
      data-session-id={sessionId}
    >
      <div className="os-room__bar">
        <div>
          <h2 id="os-room-heading" data-testid="os-room-title">
            {item.title}
          </h2>
          <p className="os-card__meta">
            {cellName(state, item)} · convened by {item.conveners.map((c) => c.name).join(" & ")}
          </p>
          {item.description ? <p>{item.description}</p> : null}
          <p data-testid="os-room-here">
            Here now: {here.length === 0 ? "nobody yet" : here.join(", ")}
          </p>
        </div>
        {me.role !== "observer" ? (
          <button type="button" className="button" onClick={leave} data-testid="os-leave">
            Leave (two feet)
          </button>
        ) : null}
      </div>
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      <div className="os-room__body">
        {item.docName ? (
          <TableCloth
            key={item.docName}
            session={session}
            docName={item.docName}
            controlDocName={controlDocName}
          />
        ) : (
          <p role="status">Making the board…</p>
        )}
        {mayReport ? (
          <ReportForm key={sessionId} session={session} sessionId={sessionId} state={state} />
        ) : null}
      </div>
    </section>
  );
}
