import type { Cell, OpenSpaceState } from "@tablecloth/open-space";
import { type FormEvent, useState } from "react";
import { friendlyMessage } from "../api/ApiError";
import { ErrorMessage } from "../components/ErrorMessage";
import { Field } from "../components/Field";
import type { EventSession } from "../session";
import { cellName } from "./cellName";
import { openSpaceApi } from "./openSpaceApi";

/**
 * Posting a topic into a cell. When someone else was first, the form stays filled in and offers
 * the nearest free cells (from the server's 409): one click posts the same topic there.
 */
export function PostForm({
  session,
  state,
  cell,
  onDone,
}: {
  session: EventSession;
  state: OpenSpaceState;
  cell: Cell;
  onDone: () => void;
}) {
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [capacity, setCapacity] = useState("");
  const [target, setTarget] = useState(cell);
  const [offer, setOffer] = useState<{ message: string; freeCells: Cell[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const postInto = async (into: Cell) => {
    setBusy(true);
    setError(null);
    try {
      const cap = Number.parseInt(capacity, 10);
      const outcome = await openSpaceApi.post(
        session.eventId,
        {
          title: title.trim(),
          ...into,
          ...(description.trim() ? { description: description.trim() } : {}),
          ...(Number.isInteger(cap) && cap > 0 ? { capacity: cap } : {}),
        },
        session.token,
      );
      if (outcome.ok) {
        onDone();
        return;
      }
      setTarget(into);
      setOffer({ message: outcome.message, freeCells: outcome.freeCells });
    } catch (caught) {
      setError(friendlyMessage(caught));
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void postInto(target);
  };

  return (
    <form className="card os-post" onSubmit={submit} data-testid="os-post-form">
      <h3>Post a topic in {cellName(state, target)}</h3>
      {offer ? (
        <div className="warning" role="alert" data-testid="os-cell-taken">
          <p>Someone posted there just before you: {offer.message}</p>
          {offer.freeCells.length === 0 ? (
            <p>The wall is full. Ask a facilitator to add a space or a time slot.</p>
          ) : (
            <>
              <p>These cells are still free:</p>
              <div className="row">
                {offer.freeCells.map((free) => (
                  <button
                    key={`${free.spaceId}/${free.slotId}`}
                    type="button"
                    className="button button--primary"
                    disabled={busy || title.trim() === ""}
                    onClick={() => void postInto(free)}
                    data-testid="os-free-cell"
                  >
                    Post in {cellName(state, free)}
                  </button>
                ))}
              </div>
            </>
          )}
        </div>
      ) : null}
      <Field
        label="Your topic"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        maxLength={200}
        required
        data-testid="os-post-title"
      />
      <Field
        label="A line about it (optional)"
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        maxLength={2000}
        data-testid="os-post-description"
      />
      <Field
        label="Most people (optional)"
        type="number"
        min={1}
        value={capacity}
        onChange={(e) => setCapacity(e.target.value)}
        data-testid="os-post-capacity"
      />
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      <div className="row">
        <button
          type="submit"
          className="button button--primary"
          disabled={busy || title.trim() === ""}
          data-testid="os-post-submit"
        >
          {busy ? "Posting…" : "Post it"}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
