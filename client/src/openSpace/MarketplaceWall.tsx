import {
  type Cell,
  isFull,
  nextFreeCells,
  type OpenSpaceState,
  type Session,
  sessionAt,
  signUpCount,
} from "@tablecloth/open-space";
import { useState } from "react";
import { friendlyMessage } from "../api/ApiError";
import { ErrorMessage } from "../components/ErrorMessage";
import type { EventSession } from "../session";
import { cellName } from "./cellName";
import { openSpaceApi } from "./openSpaceApi";
import { PostForm } from "./PostForm";

function SessionCard({
  session,
  state,
  item,
  onOpen,
  onError,
}: {
  session: EventSession;
  state: OpenSpaceState;
  item: Session;
  onOpen: (sessionId: string) => void;
  onError: (message: string | null) => void;
}) {
  const me = session.participant;
  const mine = (state.signUps[me.id] ?? []).includes(item.id);
  const convening = item.conveners.some((c) => c.id === me.id);
  const facilitator = me.role === "facilitator";
  const contributor = me.role !== "observer";
  const full = isFull(state, item.id);
  const count = signUpCount(state, item.id);
  const run = (call: Promise<unknown>) => {
    onError(null);
    call.catch((e: unknown) => onError(friendlyMessage(e)));
  };
  const others = Object.values(state.sessions).filter((s) => s.id !== item.id);
  const free = nextFreeCells(state, item, 12);
  return (
    <article
      className={`os-card${mine ? " os-card--mine" : ""}`}
      data-testid="os-session"
      data-session-id={item.id}
      data-title={item.title}
    >
      <h4 className="os-card__title">{item.title}</h4>
      <p className="os-card__meta">
        {item.conveners.map((c) => c.name).join(" & ")} · {count}
        {item.capacity === null ? "" : ` / ${item.capacity}`} signed up
        {full ? " · full" : ""}
        {state.reports[item.id] ? " · reported" : ""}
      </p>
      <div className="os-card__actions">
        {contributor ? (
          <button
            type="button"
            className="button button--small"
            disabled={!mine && full}
            onClick={() => run(openSpaceApi.signUp(session.eventId, item.id, !mine, session.token))}
            data-testid="os-signup"
          >
            {mine ? "Leave my schedule" : full ? "Full" : "Sign up"}
          </button>
        ) : null}
        <button
          type="button"
          className="button button--small"
          onClick={() => onOpen(item.id)}
          data-testid="os-go"
        >
          {contributor ? "Go here" : "Look in"}
        </button>
        {convening || facilitator ? (
          <>
            <select
              aria-label={`Move ${item.title}`}
              value=""
              onChange={(e) => {
                const [spaceId, slotId] = e.target.value.split("/");
                if (spaceId && slotId) {
                  run(
                    openSpaceApi.update(
                      session.eventId,
                      item.id,
                      { spaceId, slotId },
                      session.token,
                    ),
                  );
                }
              }}
              data-testid="os-move"
            >
              <option value="">Move to…</option>
              {free.map((c) => (
                <option key={`${c.spaceId}/${c.slotId}`} value={`${c.spaceId}/${c.slotId}`}>
                  {cellName(state, c)}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button button--small"
              onClick={() =>
                run(
                  openSpaceApi.queue(
                    session.eventId,
                    { action: "join", sessionId: item.id },
                    session.token,
                  ),
                )
              }
              data-testid="os-queue"
            >
              Queue to announce
            </button>
          </>
        ) : null}
        {facilitator && others.length > 0 ? (
          <select
            aria-label={`Merge into ${item.title}`}
            value=""
            onChange={(e) => {
              if (e.target.value)
                run(openSpaceApi.merge(session.eventId, item.id, e.target.value, session.token));
            }}
            data-testid="os-merge"
          >
            <option value="">Merge in…</option>
            {others.map((o) => (
              <option key={o.id} value={o.id}>
                {o.title}
              </option>
            ))}
          </select>
        ) : null}
      </div>
    </article>
  );
}

/**
 * The marketplace: the grid of time slots × spaces, live from the control doc. A free cell
 * invites a post; a posted session offers sign-up (closed when full), going there, and to its
 * conveners and facilitators moving, queuing to announce and (facilitators) merging duplicates.
 */
export function MarketplaceWall({
  session,
  state,
  onOpen,
}: {
  session: EventSession;
  state: OpenSpaceState;
  onOpen: (sessionId: string) => void;
}) {
  const [posting, setPosting] = useState<Cell | null>(null);
  const [error, setError] = useState<string | null>(null);
  const contributor = session.participant.role !== "observer";
  const speaking = state.queue.speaking ? state.sessions[state.queue.speaking] : undefined;
  if (state.spaces.length === 0 || state.slots.length === 0) {
    return (
      <p data-testid="os-empty-wall">
        The wall is blank: the facilitator sets its spaces and time slots.
      </p>
    );
  }
  return (
    <section aria-labelledby="os-wall-heading" data-testid="os-wall">
      <h2 id="os-wall-heading">The marketplace</h2>
      {speaking ? (
        <p className="os-speaking" data-testid="os-speaking">
          Announcing now: <strong>{speaking.title}</strong> (
          {speaking.conveners.map((c) => c.name).join(" & ")})
          {state.queue.waiting.length > 0 ? ` · ${state.queue.waiting.length} waiting` : ""}
        </p>
      ) : null}
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      {posting ? (
        <PostForm session={session} state={state} cell={posting} onDone={() => setPosting(null)} />
      ) : null}
      <div className="os-wall__scroll">
        <table className="os-wall">
          <thead>
            <tr>
              <th scope="col">Time</th>
              {state.spaces.map((space) => (
                <th scope="col" key={space.id}>
                  {space.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {state.slots.map((slot) => (
              <tr key={slot.id}>
                <th scope="row">{slot.label}</th>
                {state.spaces.map((space) => {
                  const cell = { spaceId: space.id, slotId: slot.id };
                  const item = sessionAt(state, cell);
                  return (
                    <td
                      key={space.id}
                      data-testid="os-cell"
                      data-space-id={space.id}
                      data-slot-id={slot.id}
                      data-taken={item ? "true" : "false"}
                    >
                      {item ? (
                        <SessionCard
                          session={session}
                          state={state}
                          item={item}
                          onOpen={onOpen}
                          onError={setError}
                        />
                      ) : contributor ? (
                        <button
                          type="button"
                          className="button button--small os-cell__post"
                          onClick={() => setPosting(cell)}
                          data-testid="os-post-here"
                        >
                          Post a topic here
                        </button>
                      ) : (
                        <span className="os-cell__free">free</span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
