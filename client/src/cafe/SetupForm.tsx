import type { CafeState } from "@tablecloth/cafe";
import { CafeLimits } from "@tablecloth/protocol";
import { type FormEvent, useState } from "react";
import type { EventSession } from "../session";
import { cafeApi } from "./cafeApi";
import { NumberField } from "./NumberField";

const MINUTE = 60_000;

/** The facilitator's set-up: questions, rounds and their length, "make N tables for M people". */
export function SetupForm({
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
        <span>One question per round, one per line (the last one carries on)</span>
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
          min={CafeLimits.minRoundMs / MINUTE}
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
