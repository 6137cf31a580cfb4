import { type FormEvent, useState } from "react";
import { friendlyMessage } from "../api/ApiError";
import { api } from "../api/api";
import { ErrorMessage } from "../components/ErrorMessage";
import { Field } from "../components/Field";
import { PageShell } from "../components/PageShell";
import { paths } from "../router/matchRoute";
import { navigate } from "../router/navigate";
import { saveSession } from "../session";

/** Where to go after joining: `?next=/e/…` (a board's QR code), or the event's lobby. */
function nextPath(eventId: string): string {
  const next = new URLSearchParams(window.location.search).get("next");
  const prefix = paths.event(eventId);
  if (next && (next === prefix || next.startsWith(`${prefix}/`))) return next;
  return prefix;
}

/** `/j/<code>`: type your name, then you're in. */
export function JoinPage({ code }: { code: string }) {
  const [name, setName] = useState("");
  const [watching, setWatching] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const joined = await api.join({
        code,
        name: name.trim(),
        role: watching ? "observer" : "participant",
      });
      saveSession({
        eventId: joined.eventId,
        token: joined.token,
        participant: joined.participant,
        expiresAt: joined.expiresAt,
      });
      navigate(nextPath(joined.eventId), { replace: true });
    } catch (caught) {
      setError(friendlyMessage(caught));
      setBusy(false);
    }
  };

  return (
    <PageShell title="Join an event">
      <form className="card card--narrow" onSubmit={submit} aria-labelledby="join-title">
        <h1 id="join-title">Join the event</h1>
        <p>
          Event code: <strong data-testid="join-code">{code}</strong>
        </p>
        <Field
          label="Your name"
          hint="Others will see this next to what you draw."
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={80}
          autoComplete="name"
          required
          autoFocus
          data-testid="join-name"
        />
        <label className="checkbox">
          <input
            type="checkbox"
            checked={watching}
            onChange={(e) => setWatching(e.target.checked)}
            data-testid="join-observer"
          />
          <span>I'm only watching (I won't draw), for example on a projector.</span>
        </label>
        {error ? <ErrorMessage>{error}</ErrorMessage> : null}
        <button
          type="submit"
          className="button button--primary"
          disabled={busy || name.trim() === ""}
          data-testid="join-submit"
        >
          {busy ? "Joining…" : "Join"}
        </button>
      </form>
    </PageShell>
  );
}
