import { useState } from "react";
import { friendlyMessage } from "../api/ApiError";
import { ErrorMessage } from "../components/ErrorMessage";
import { useAnonymousMode } from "../controls/useEventControls";
import type { EventSession } from "../session";
import { downloadFile } from "./downloadFile";

/**
 * "Take it home": a facilitator downloads the whole event (named or anonymous), a participant
 * the cloths of the tables they sat at. Observers have nothing of their own to take.
 */
export function DownloadPanel({
  session,
  controlDocName = null,
}: {
  session: EventSession;
  /** The event's control doc: in anonymous mode every export names nobody, and says so. */
  controlDocName?: string | null;
}) {
  const anonymousMode = useAnonymousMode(controlDocName, session.token);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { role } = session.participant;
  if (role === "observer") return null;
  const base = `/api/events/${encodeURIComponent(session.eventId)}/export`;
  const run = async (path: string, fallback: string) => {
    setBusy(true);
    setError(null);
    try {
      await downloadFile(path, session.token, fallback);
    } catch (e) {
      setError(friendlyMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="downloads-heading" data-testid="downloads">
      <h2 id="downloads-heading">Take it home</h2>
      {role === "facilitator" ? (
        <>
          <p>Everything made at this event in one zip: every cloth, its history and the seating.</p>
          {anonymousMode ? (
            <p data-testid="download-anonymous-mode">
              Anonymous mode is on: the zip names nobody, whichever you choose.
            </p>
          ) : null}
          <p className="row">
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => run(base, "tablecloth-export.zip")}
              data-testid="download-export"
            >
              Download everything
            </button>
            <button
              type="button"
              className="button button--quiet"
              disabled={busy}
              onClick={() => run(`${base}?anonymous=1`, "tablecloth-export-anonymous.zip")}
              data-testid="download-export-anonymous"
            >
              Without names
            </button>
          </p>
        </>
      ) : (
        <>
          <p>The cloths of the tables you sat at, to keep.</p>
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => run(`${base}/mine`, "tablecloth-my-tables.zip")}
            data-testid="download-mine"
          >
            Download my tables
          </button>
        </>
      )}
      {busy ? <p role="status">Preparing the zip…</p> : null}
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
    </section>
  );
}
