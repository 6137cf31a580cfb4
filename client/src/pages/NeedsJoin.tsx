import { normalizeJoinCode } from "@tablecloth/protocol";
import { type FormEvent, useState } from "react";
import { EventCodeField } from "../components/EventCodeField";
import { PageShell } from "../components/PageShell";
import { paths } from "../router/matchRoute";
import { navigate } from "../router/navigate";

/**
 * Shown when this device has no place in the event (never joined, or it expired). Joining from
 * here comes back to the same page, so a board's link (or a QR code on a table) still works.
 */
export function NeedsJoin() {
  const [code, setCode] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const normalized = normalizeJoinCode(code);
    if (!normalized) return;
    const next = encodeURIComponent(window.location.pathname);
    navigate(`${paths.join(normalized)}?next=${next}`);
  };
  return (
    <PageShell title="Join first">
      <form className="card card--narrow" onSubmit={submit} data-testid="needs-join">
        <h1>Join the event first</h1>
        <p>
          This device hasn't joined this event yet, or its place has expired. Type the event code
          your facilitator shared, and we'll bring you back here.
        </p>
        <EventCodeField value={code} onChange={setCode} testId="needs-join-code" />
        <button type="submit" className="button button--primary" data-testid="needs-join-submit">
          Next
        </button>
      </form>
    </PageShell>
  );
}
