import type { PathPlan } from "@tablecloth/protocol";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { friendlyMessage } from "../api/ApiError";
import { api } from "../api/api";
import { ErrorMessage } from "../components/ErrorMessage";
import { Field } from "../components/Field";
import { Link } from "../router/Link";
import { paths } from "../router/matchRoute";
import { pathApi } from "./pathApi";

/** The eight steps' names, in order (the rules and their ids are `@tablecloth/path`'s). */
const STEPS: ReadonlyArray<{ id: string; label: string }> = [
  { id: "north-star", label: "1. North Star" },
  { id: "goal", label: "2. The goal" },
  { id: "now", label: "3. Now" },
  { id: "enrol", label: "4. People to enrol" },
  { id: "strength", label: "5. Ways to build strength" },
  { id: "three-months", label: "6. Three months" },
  { id: "next-month", label: "7. Next month" },
  { id: "first-step", label: "8. First step" },
];

function minutes(ms: number): string {
  return `${Math.round(ms / 60_000)} min`;
}

/**
 * A PATH event's entry point on the event page: its plans with a link to each poster, where the
 * group is, the time spent per step, and for facilitators (the process facilitator) the controls
 * that move the group forward one step or back to any step reached, and open or close notes.
 */
export function PathPanel({
  eventId,
  token,
  isFacilitator,
}: {
  eventId: string;
  token: string;
  isFacilitator: boolean;
}) {
  const [plans, setPlans] = useState<PathPlan[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [focus, setFocus] = useState("");
  const [people, setPeople] = useState<Array<{ id: string; name: string; role: string }>>([]);
  // Who may draw: fetched when a facilitator opens the choice, so late arrivals are in it.
  const loadPeople = useCallback(() => {
    api.participants(eventId, token).then(
      ({ participants }) => setPeople(participants.filter((p) => p.role !== "observer")),
      () => {},
    );
  }, [eventId, token]);
  const reload = useCallback(async () => {
    try {
      setPlans((await pathApi.plans(eventId, token)).plans);
    } catch (caught) {
      setError(friendlyMessage(caught));
    }
  }, [eventId, token]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const run = async (call: () => Promise<unknown>) => {
    setError(null);
    try {
      await call();
      await reload();
    } catch (caught) {
      setError(friendlyMessage(caught));
    }
  };
  const create = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await pathApi.create(eventId, { focus: focus.trim() }, token);
      setFocus("");
    });
  };

  return (
    <section className="card" aria-labelledby="path-heading" data-testid="path-panel">
      <h2 id="path-heading">PATH</h2>
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      {plans.map((plan) => {
        const at = STEPS.findIndex((s) => s.id === plan.progress.current);
        const furthest = STEPS.findIndex((s) => s.id === plan.progress.furthest);
        return (
          <article key={plan.boardId} data-testid="path-plan">
            <h3>
              <Link to={paths.board(eventId, plan.boardId)}>{plan.title}</Link>
            </h3>
            <p data-testid="path-current-step">
              {at < 0 ? "Not started" : STEPS[at]?.label} ·{" "}
              {plan.progress.phase === "add" ? "adding notes" : "watching"}
            </p>
            <ol>
              {STEPS.map((step, i) => (
                <li key={step.id}>
                  {isFacilitator && i <= furthest + 1 ? (
                    <button
                      type="button"
                      className="button"
                      aria-current={i === at ? "step" : undefined}
                      onClick={() =>
                        void run(() => pathApi.step(eventId, plan.boardId, step.id, token))
                      }
                    >
                      {step.label}
                    </button>
                  ) : (
                    step.label
                  )}{" "}
                  {plan.progress.spentMs[step.id]
                    ? minutes(plan.progress.spentMs[step.id] ?? 0)
                    : ""}
                </li>
              ))}
            </ol>
            {isFacilitator ? (
              <label>
                Graphic facilitator{" "}
                <select
                  data-testid="path-graphic-facilitator"
                  value={plan.graphicFacilitatorId ?? ""}
                  onFocus={loadPeople}
                  onPointerDown={loadPeople}
                  onChange={(e) =>
                    void run(() =>
                      pathApi.graphicFacilitator(
                        eventId,
                        plan.boardId,
                        e.target.value === "" ? null : e.target.value,
                        token,
                      ),
                    )
                  }
                >
                  <option value="">Nobody yet</option>
                  {people.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
                  {plan.graphicFacilitatorId &&
                  !people.some((p) => p.id === plan.graphicFacilitatorId) ? (
                    <option value={plan.graphicFacilitatorId}>(chosen)</option>
                  ) : null}
                </select>
              </label>
            ) : null}
            {isFacilitator ? (
              <button
                type="button"
                className="button"
                onClick={() =>
                  void run(() =>
                    pathApi.phase(
                      eventId,
                      plan.boardId,
                      plan.progress.phase === "add" ? "watch" : "add",
                      token,
                    ),
                  )
                }
              >
                {plan.progress.phase === "add" ? "Close notes (watch)" : "Open notes"}
              </button>
            ) : null}
          </article>
        );
      })}
      {isFacilitator ? (
        <form onSubmit={create}>
          <Field
            label="Focus person or group"
            value={focus}
            onChange={(e) => setFocus(e.target.value)}
            maxLength={120}
            required
          />
          <button type="submit" className="button button--primary">
            Start a PATH
          </button>
        </form>
      ) : null}
    </section>
  );
}
