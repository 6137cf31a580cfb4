import type { OpenSpaceState } from "@tablecloth/open-space";
import { useEffect, useState } from "react";
import { friendlyMessage } from "../api/ApiError";
import { ErrorMessage } from "../components/ErrorMessage";
import type { EventSession } from "../session";
import { openSpaceApi } from "./openSpaceApi";

interface Row {
  id?: string;
  text: string;
}

function RowList({
  legend,
  rows,
  setRows,
  addLabel,
  testId,
}: {
  legend: string;
  rows: Row[];
  setRows: (rows: Row[]) => void;
  addLabel: string;
  testId: string;
}) {
  const change = (i: number, row: Row | null) => {
    const next = [...rows];
    if (row === null) next.splice(i, 1);
    else next[i] = row;
    setRows(next);
  };
  const up = (i: number) => {
    if (i === 0) return;
    const next = [...rows];
    const [moved] = next.splice(i, 1);
    if (moved) next.splice(i - 1, 0, moved);
    setRows(next);
  };
  return (
    <fieldset className="os-grid__list" data-testid={testId}>
      <legend>{legend}</legend>
      {rows.map((row, i) => (
        <div className="row" key={row.id ?? `new-${i}`}>
          <input
            aria-label={`${legend} ${i + 1}`}
            value={row.text}
            maxLength={120}
            onChange={(e) => change(i, { ...row, text: e.target.value })}
          />
          <button
            type="button"
            className="button button--small"
            onClick={() => up(i)}
            aria-label="Move up"
          >
            ↑
          </button>
          <button
            type="button"
            className="button button--small"
            onClick={() => change(i, null)}
            aria-label="Remove"
          >
            ✕
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button button--small"
        onClick={() => setRows([...rows, { text: "" }])}
      >
        {addLabel}
      </button>
    </fieldset>
  );
}

/**
 * The facilitator sets the wall: spaces (columns) and time slots (rows), added, renamed,
 * reordered and removed, saved in one call. A space or slot holding a session cannot be removed
 * (the server answers 409): move or merge the session first.
 */
export function GridEditor({ session, state }: { session: EventSession; state: OpenSpaceState }) {
  const fromState = (): { spaces: Row[]; slots: Row[] } => ({
    spaces: state.spaces.map((s) => ({ id: s.id, text: s.name })),
    slots: state.slots.map((s) => ({ id: s.id, text: s.label })),
  });
  const [rows, setRows] = useState(fromState);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [spaceCount, setSpaceCount] = useState("3");
  const [slotCount, setSlotCount] = useState("2");
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the live grid until edited.
  useEffect(() => {
    if (!dirty) setRows(fromState());
  }, [state.spaces, state.slots, dirty]);
  const edit = (next: typeof rows) => {
    setRows(next);
    setDirty(true);
  };
  const make = () => {
    const spaces = Math.max(1, Math.min(200, Number.parseInt(spaceCount, 10) || 1));
    const slots = Math.max(1, Math.min(24, Number.parseInt(slotCount, 10) || 1));
    edit({
      spaces: Array.from(
        { length: spaces },
        (_, i) => rows.spaces[i] ?? { text: `Space ${i + 1}` },
      ),
      slots: Array.from({ length: slots }, (_, i) => rows.slots[i] ?? { text: `Slot ${i + 1}` }),
    });
  };
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await openSpaceApi.setGrid(
        session.eventId,
        {
          spaces: rows.spaces.map((r) => ({ ...(r.id ? { id: r.id } : {}), name: r.text.trim() })),
          slots: rows.slots.map((r) => ({ ...(r.id ? { id: r.id } : {}), label: r.text.trim() })),
        },
        session.token,
      );
      setDirty(false);
    } catch (caught) {
      setError(friendlyMessage(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section
      className="card os-grid"
      aria-labelledby="os-grid-heading"
      data-testid="os-grid-editor"
    >
      <h2 id="os-grid-heading">The wall's grid</h2>
      <p>Rule of thumb: 5 spaces for every 100 people.</p>
      <div className="row">
        <label>
          Spaces{" "}
          <input
            type="number"
            min={1}
            max={200}
            value={spaceCount}
            onChange={(e) => setSpaceCount(e.target.value)}
            data-testid="os-grid-spaces"
          />
        </label>
        <label>
          Time slots{" "}
          <input
            type="number"
            min={1}
            max={24}
            value={slotCount}
            onChange={(e) => setSlotCount(e.target.value)}
            data-testid="os-grid-slots"
          />
        </label>
        <button type="button" className="button" onClick={make} data-testid="os-grid-make">
          Make the grid
        </button>
      </div>
      <div className="columns">
        <RowList
          legend="Space"
          rows={rows.spaces}
          setRows={(spaces) => edit({ ...rows, spaces })}
          addLabel="Add a space"
          testId="os-grid-space-list"
        />
        <RowList
          legend="Slot"
          rows={rows.slots}
          setRows={(slots) => edit({ ...rows, slots })}
          addLabel="Add a time slot"
          testId="os-grid-slot-list"
        />
      </div>
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      <button
        type="button"
        className="button button--primary"
        disabled={
          busy || !dirty || [...rows.spaces, ...rows.slots].some((r) => r.text.trim() === "")
        }
        onClick={() => void save()}
        data-testid="os-grid-save"
      >
        {busy ? "Saving…" : "Save the grid"}
      </button>
    </section>
  );
}
