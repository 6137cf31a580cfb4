import { type FormEvent, useState } from "react";
import type { EventSession } from "../session";
import { cafeApi } from "./cafeApi";

/** One more table, by name (its board is made by the server). */
export function AddTable({
  session,
  onError,
}: {
  session: EventSession;
  onError: (e: unknown) => void;
}) {
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
