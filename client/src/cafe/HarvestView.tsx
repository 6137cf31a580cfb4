import { type CafeState, tableQuestion } from "@tablecloth/cafe";
import { useEffect, useState } from "react";
import { friendlyMessage } from "../api/ApiError";
import { ErrorMessage } from "../components/ErrorMessage";
import { Link } from "../router/Link";
import { paths } from "../router/matchRoute";
import type { EventSession } from "../session";
import { ClothThumbnail } from "./ClothThumbnail";
import { cafeApi } from "./cafeApi";
import { TableCloth } from "./TableCloth";

/** Thumbnails shown at once; more tables page on (each holds its own sync connection). */
const THUMBNAILS_PER_PAGE = 24;

/**
 * The plenary: a live thumbnail of every table's cloth, and the shared harvest board where the
 * facilitator clusters the insights found across tables.
 */
export function HarvestView({
  session,
  state,
  onBack,
}: {
  session: EventSession;
  state: CafeState;
  onBack: () => void;
}) {
  const [harvestDoc, setHarvestDoc] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [page, setPage] = useState(0);
  useEffect(() => {
    cafeApi.harvest(session.eventId, session.token).then(
      (answer) => setHarvestDoc(answer.docName),
      (e: unknown) => setError(friendlyMessage(e)),
    );
  }, [session.eventId, session.token]);
  const tables = state.tables.filter((t) => t.docName !== null);
  const pages = Math.max(1, Math.ceil(tables.length / THUMBNAILS_PER_PAGE));
  const shown = tables.slice(page * THUMBNAILS_PER_PAGE, (page + 1) * THUMBNAILS_PER_PAGE);
  return (
    <div className="harvest" data-testid="cafe-harvest">
      <div className="row">
        <button type="button" className="button button--quiet" onClick={onBack}>
          ← Back to the café
        </button>
        <h1>Harvest</h1>
      </div>
      <section aria-label="Every table's cloth">
        <div className="thumbs">
          {shown.map((t) => (
            <div key={t.id} className="thumbs__item">
              <ClothThumbnail
                docName={t.docName ?? ""}
                token={session.token}
                title={t.name}
                eventId={session.eventId}
                boardId={t.boardId}
              />
              {tableQuestion(state, t) ? (
                <p className="thumbs__question" data-testid="cafe-harvest-question">
                  {tableQuestion(state, t)}
                </p>
              ) : null}
              {t.boardId && session.participant.role === "facilitator" ? (
                <Link
                  to={paths.replay(session.eventId, t.boardId)}
                  className="button button--quiet"
                  data-testid="cafe-replay-link"
                >
                  Replay {t.name}
                </Link>
              ) : null}
            </div>
          ))}
        </div>
        {pages > 1 ? (
          <div className="row">
            <button
              type="button"
              className="button"
              disabled={page === 0}
              onClick={() => setPage(page - 1)}
            >
              Previous tables
            </button>
            <span>
              {page + 1} / {pages}
            </span>
            <button
              type="button"
              className="button"
              disabled={page + 1 >= pages}
              onClick={() => setPage(page + 1)}
            >
              More tables
            </button>
          </div>
        ) : null}
      </section>
      <section className="harvest__board" aria-label="Harvest board">
        <h2>Harvest board: cluster what you hear across tables</h2>
        {error ? <ErrorMessage>{error}</ErrorMessage> : null}
        {harvestDoc ? <TableCloth key={harvestDoc} session={session} docName={harvestDoc} /> : null}
      </section>
    </div>
  );
}
