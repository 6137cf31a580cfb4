import type { CafeState, CafeTable, ClockOffset, RoundPhase } from "@tablecloth/cafe";
import type { CafePlan, CafeRoundAction } from "@tablecloth/protocol";
import { type FormEvent, useState } from "react";
import { friendlyMessage } from "../api/ApiError";
import { ErrorMessage } from "../components/ErrorMessage";
import type { EventSession } from "../session";
import { Countdown } from "./Countdown";
import { cafeApi } from "./cafeApi";
import { type ManualMove, RotationPreview } from "./RotationPreview";
import { WhoIsWhere } from "./WhoIsWhere";

const MINUTE = 60_000;

function SetupForm({
  session,
  state,
  onError,
}: {
  session: EventSession;
  state: CafeState;
  onError: (e: unknown) => void;
}) {
  const { settings } = state;
  const [questions, setQuestions] = useState(settings.questions.join("\n"));
  const [rounds, setRounds] = useState(String(settings.roundCount));
  const [minutes, setMinutes] = useState(String(settings.roundLengthMs / MINUTE));
  const [tables, setTables] = useState(String(Math.max(state.tables.length, 2)));
  const [people, setPeople] = useState("10");
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await cafeApi.setup(
        session.eventId,
        {
          questions: questions
            .split("\n")
            .map((q) => q.trim())
            .filter((q) => q !== ""),
          rounds: Number(rounds),
          roundMs: Math.round(Number(minutes) * MINUTE),
          makeTables: { count: Number(tables), people: Number(people) },
        },
        session.token,
      );
    } catch (error) {
      onError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card setup" onSubmit={submit} aria-labelledby="setup-heading">
      <h2 id="setup-heading">Set up the café</h2>
      <label className="field">
        <span>The café's question(s), one per line</span>
        <textarea
          value={questions}
          onChange={(e) => setQuestions(e.target.value)}
          rows={2}
          data-testid="cafe-setup-questions"
        />
      </label>
      <div className="row">
        <NumberField
          label="Rounds"
          min={1}
          max={12}
          value={rounds}
          onChange={setRounds}
          testId="cafe-setup-rounds"
        />
        <NumberField
          label="Minutes per round"
          min={1}
          step="any"
          value={minutes}
          onChange={setMinutes}
          testId="cafe-setup-minutes"
        />
      </div>
      <div className="row">
        <NumberField
          label="Make tables"
          min={1}
          max={500}
          value={tables}
          onChange={setTables}
          testId="cafe-setup-tables"
        />
        <NumberField
          label="for people"
          min={1}
          max={5000}
          value={people}
          onChange={setPeople}
          testId="cafe-setup-people"
        />
      </div>
      <button
        type="submit"
        className="button button--primary"
        disabled={busy}
        data-testid="cafe-setup-submit"
      >
        {busy ? "Saving…" : "Save and make tables"}
      </button>
    </form>
  );
}

/** A labelled number box of the set-up form (its value kept as typed, read with `Number`). */
function NumberField({
  label,
  value,
  onChange,
  testId,
  ...limits
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
  min?: number;
  max?: number;
  step?: string;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <input
        type="number"
        {...limits}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
      />
    </label>
  );
}

/** A table's name and question, edited in place (saved when the field is left). */
function TableText({
  session,
  table,
  onError,
}: {
  session: EventSession;
  table: CafeTable;
  onError: (e: unknown) => void;
}) {
  const [name, setName] = useState(table.name);
  const [question, setQuestion] = useState(table.question ?? "");
  const save = (patch: { title?: string; question?: string }) =>
    cafeApi.updateTable(session.eventId, table.id, patch, session.token).catch(onError);
  return (
    <span className="tables-editor__text">
      <input
        aria-label="Table name"
        value={name}
        maxLength={200}
        onChange={(e) => setName(e.target.value)}
        onBlur={() => name.trim() !== "" && name !== table.name && save({ title: name.trim() })}
        data-testid="cafe-table-title"
      />
      <input
        aria-label="Question for this table"
        placeholder="Question for this table"
        value={question}
        maxLength={1000}
        onChange={(e) => setQuestion(e.target.value)}
        onBlur={() => question !== (table.question ?? "") && save({ question: question.trim() })}
        data-testid="cafe-table-question"
      />
    </span>
  );
}

function AddTable({ session, onError }: { session: EventSession; onError: (e: unknown) => void }) {
  const [title, setTitle] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (title.trim() === "") return;
    cafeApi
      .addTable(session.eventId, { title: title.trim() }, session.token)
      .then(() => setTitle(""), onError);
  };
  return (
    <form onSubmit={submit} className="row">
      <input
        aria-label="New table's name"
        placeholder="Another table…"
        value={title}
        maxLength={200}
        onChange={(e) => setTitle(e.target.value)}
        data-testid="cafe-add-table-title"
      />
      <button
        type="submit"
        className="button"
        disabled={title.trim() === ""}
        data-testid="cafe-add-table"
      >
        Add table
      </button>
    </form>
  );
}

function TablesEditor({
  session,
  state,
  names,
  onError,
}: {
  session: EventSession;
  state: CafeState;
  names: ReadonlyMap<string, string>;
  onError: (e: unknown) => void;
}) {
  const present = Object.keys(state.seating);
  return (
    <section className="card" aria-labelledby="tables-heading">
      <h2 id="tables-heading">Tables and hosts</h2>
      {state.tables.length === 0 ? <p>No tables yet.</p> : null}
      <ul className="tables-editor">
        {state.tables.map((t) => (
          <li key={t.id} data-testid="cafe-table-row" data-table-id={t.id}>
            {/* Keyed by the stored text: a change by another facilitator refreshes the fields. */}
            <TableText
              key={`${t.name}\n${t.question ?? ""}`}
              session={session}
              table={t}
              onError={onError}
            />
            <label>
              {" "}
              Host{" "}
              <select
                value={t.hostId ?? ""}
                onChange={(e) =>
                  cafeApi
                    .updateTable(
                      session.eventId,
                      t.id,
                      { hostId: e.target.value === "" ? null : e.target.value },
                      session.token,
                    )
                    .catch(onError)
                }
                data-testid="cafe-host-select"
              >
                <option value="">No host</option>
                {present.map((id) => (
                  <option key={id} value={id}>
                    {names.get(id) ?? id}
                  </option>
                ))}
              </select>
            </label>
          </li>
        ))}
      </ul>
      <AddTable session={session} onError={onError} />
    </section>
  );
}

/** The round buttons, in the order they show, and the phases each one is offered in. */
const ROUND_BUTTONS: readonly {
  action: CafeRoundAction;
  label: string | ((round: CafeState["round"]) => string);
  phases: readonly RoundPhase[];
  primary?: boolean;
  extendMs?: number;
}[] = [
  {
    action: "start",
    label: (round) => `Start round ${round.phase === "ended" ? round.round + 1 : 1}`,
    phases: ["not-started", "ended"],
    primary: true,
  },
  { action: "pause", label: "Pause", phases: ["running"] },
  { action: "resume", label: "Resume", phases: ["paused"] },
  { action: "extend", label: "+1 minute", phases: ["running", "paused"], extendMs: MINUTE },
  { action: "end", label: "End round", phases: ["running", "paused"] },
];

function RoundControls({
  session,
  state,
  offset,
  onError,
}: {
  session: EventSession;
  state: CafeState;
  offset: ClockOffset | null;
  onError: (e: unknown) => void;
}) {
  const round = (action: CafeRoundAction, extendMs?: number) =>
    cafeApi
      .round(session.eventId, { action, ...(extendMs ? { extendMs } : {}) }, session.token)
      .catch(onError);
  const { phase } = state.round;
  return (
    <section className="card" aria-labelledby="round-heading">
      <h2 id="round-heading">Rounds</h2>
      <Countdown round={state.round} offset={offset} />
      <div className="row">
        {ROUND_BUTTONS.filter((button) => button.phases.includes(phase)).map((button) => (
          <button
            key={button.action}
            type="button"
            className={button.primary ? "button button--primary" : "button"}
            onClick={() => round(button.action, button.extendMs)}
            data-testid={`cafe-round-${button.action}`}
          >
            {typeof button.label === "string" ? button.label : button.label(state.round)}
          </button>
        ))}
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={state.settings.freeMovement}
          onChange={(e) =>
            cafeApi.movement(session.eventId, e.target.checked, session.token).catch(onError)
          }
          data-testid="cafe-free-movement"
        />{" "}
        People may move between tables themselves
      </label>
    </section>
  );
}

function Rotation({
  session,
  state,
  names,
  onError,
}: {
  session: EventSession;
  state: CafeState;
  names: ReadonlyMap<string, string>;
  onError: (e: unknown) => void;
}) {
  const [plan, setPlan] = useState<CafePlan | null>(null);
  const [moves, setMoves] = useState<ManualMove[]>([]);
  const [busy, setBusy] = useState(false);
  const anyoneSeated = Object.values(state.seating).some((s) => s.tableId !== null);
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch (error) {
      onError(error);
    } finally {
      setBusy(false);
    }
  };
  const propose = (nextMoves: ManualMove[], seed?: number) =>
    run(async () => {
      const answer = await cafeApi.plan(
        session.eventId,
        { moves: nextMoves, ...(seed === undefined ? {} : { seed }) },
        session.token,
      );
      setPlan(answer.plan);
      setMoves(nextMoves);
    });
  const apply = (startRound: boolean) =>
    run(async () => {
      if (!plan) return;
      await cafeApi.apply(session.eventId, plan, startRound, session.token);
      setPlan(null);
      setMoves([]);
    });
  const nextRound = state.round.phase === "not-started" ? 1 : state.round.round + 1;
  return (
    <section className="card" aria-labelledby="rotation-heading">
      <h2 id="rotation-heading">{anyoneSeated ? "Rotation" : "Seating"}</h2>
      <p>Hosts stay; everyone else travels to a different table, meeting new people.</p>
      <div className="row">
        <button
          type="button"
          className="button"
          disabled={busy || state.tables.length === 0}
          onClick={() => propose([])}
          data-testid="cafe-plan-rotation"
        >
          {anyoneSeated ? "Plan the next rotation" : "Plan seating for everyone"}
        </button>
        {plan ? (
          <>
            <button
              type="button"
              className="button button--primary"
              disabled={busy}
              onClick={() => apply(true)}
              data-testid="cafe-apply-rotation"
            >
              Apply and start round{" "}
              {state.round.phase === "running" || state.round.phase === "paused"
                ? state.round.round + 1
                : nextRound}
            </button>
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => apply(false)}
              data-testid="cafe-apply-seating"
            >
              Apply without starting a round
            </button>
            <button
              type="button"
              className="button button--quiet"
              disabled={busy}
              onClick={() => setPlan(null)}
            >
              Discard
            </button>
          </>
        ) : null}
      </div>
      {plan ? (
        <RotationPreview
          plan={plan}
          state={state}
          names={names}
          busy={busy}
          onMove={(m) => propose([...moves, m], plan.seed)}
        />
      ) : null}
    </section>
  );
}

/**
 * The facilitator's café: set-up, tables and hosts, the round clock, rotation with a preview that
 * can be edited by hand, free movement, and the who-is-where map with empty and crowded tables.
 */
export function FacilitatorCafe({
  session,
  state,
  offset,
  names,
  onHarvest,
}: {
  session: EventSession;
  state: CafeState;
  offset: ClockOffset | null;
  names: ReadonlyMap<string, string>;
  onHarvest: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const onError = (e: unknown) => setError(friendlyMessage(e));
  return (
    <div className="cafe-admin" data-testid="cafe-facilitator">
      {error ? (
        <div className="row">
          <ErrorMessage>{error}</ErrorMessage>
          <button type="button" className="button button--quiet" onClick={() => setError(null)}>
            Dismiss
          </button>
        </div>
      ) : null}
      <div className="columns">
        <div className="stack">
          <RoundControls session={session} state={state} offset={offset} onError={onError} />
          <Rotation session={session} state={state} names={names} onError={onError} />
          <section className="card" aria-labelledby="map-heading">
            <h2 id="map-heading">Who is where</h2>
            <WhoIsWhere state={state} names={names} me={session.participant.id} />
          </section>
        </div>
        <div className="stack">
          <button
            type="button"
            className="button button--primary"
            onClick={onHarvest}
            data-testid="cafe-open-harvest"
          >
            Open the harvest
          </button>
          <SetupForm session={session} state={state} onError={onError} />
          <TablesEditor session={session} state={state} names={names} onError={onError} />
        </div>
      </div>
    </div>
  );
}
