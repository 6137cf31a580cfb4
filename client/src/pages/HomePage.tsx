import { type EventFormat, EventFormatSchema, normalizeJoinCode } from "@tablecloth/protocol";
import { type FormEvent, useState } from "react";
import { ApiError, friendlyMessage } from "../api/ApiError";
import { api } from "../api/api";
import { ErrorMessage } from "../components/ErrorMessage";
import { EventCodeField } from "../components/EventCodeField";
import { Field } from "../components/Field";
import { PageShell } from "../components/PageShell";
import { FORMAT_NAMES } from "../formatNames";
import { paths } from "../router/matchRoute";
import { navigate } from "../router/navigate";
import { saveSession } from "../session";

function JoinForm() {
  const [code, setCode] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const normalized = normalizeJoinCode(code);
    if (normalized) navigate(paths.join(normalized));
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="join-heading">
      <h2 id="join-heading">Join an event</h2>
      <EventCodeField value={code} onChange={setCode} testId="home-join-code" />
      <button type="submit" className="button button--primary" data-testid="home-join-submit">
        Next
      </button>
    </form>
  );
}

function CreateForm() {
  const [title, setTitle] = useState("");
  const [format, setFormat] = useState<EventFormat>("world-cafe");
  const [name, setName] = useState("");
  const [adminToken, setAdminToken] = useState("");
  const [needsAdminToken, setNeedsAdminToken] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await api.createEvent(
        { title, format, ...(name.trim() ? { facilitatorName: name.trim() } : {}) },
        needsAdminToken ? adminToken : undefined,
      );
      saveSession({
        eventId: created.event.id,
        token: created.facilitatorToken,
        participant: created.participant,
        expiresAt: created.expiresAt,
      });
      navigate(paths.event(created.event.id));
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === "unauthenticated") {
        setNeedsAdminToken(true);
        setError(
          needsAdminToken
            ? "That organiser key isn't right. Please check it and try again."
            : "This server asks for an organiser key to create events. Please enter it below.",
        );
      } else {
        setError(friendlyMessage(caught));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card" onSubmit={submit} aria-labelledby="create-heading">
      <h2 id="create-heading">Start a new event</h2>
      <Field
        label="Name of the event"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        maxLength={200}
        required
        data-testid="create-title"
      />
      <fieldset className="choices">
        <legend>How will people work together?</legend>
        {EventFormatSchema.options.map((option) => (
          <label key={option} className="choice">
            <input
              type="radio"
              name="format"
              value={option}
              checked={format === option}
              onChange={() => setFormat(option)}
              data-testid={`create-format-${option}`}
            />
            <span>
              <strong>{FORMAT_NAMES[option].name}</strong>
              <span className="choice__hint">{FORMAT_NAMES[option].description}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <Field
        label="Your name"
        hint="Shown to people as the facilitator."
        value={name}
        onChange={(e) => setName(e.target.value)}
        maxLength={80}
        autoComplete="name"
        data-testid="create-name"
      />
      {needsAdminToken ? (
        <Field
          label="Organiser key"
          type="password"
          value={adminToken}
          onChange={(e) => setAdminToken(e.target.value)}
          required
          data-testid="create-admin-token"
        />
      ) : null}
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      <button
        type="submit"
        className="button button--primary"
        disabled={busy}
        data-testid="create-submit"
      >
        {busy ? "Creating…" : "Create event"}
      </button>
    </form>
  );
}

/** Start: join with a code, or create an event. */
export function HomePage() {
  return (
    <PageShell title="Welcome">
      <h1>Welcome to Tablecloth</h1>
      <p className="lead">Shared boards for World Café, Open Space and PATH events.</p>
      <div className="columns">
        <JoinForm />
        <CreateForm />
      </div>
    </PageShell>
  );
}
