import type { CafeTable } from "@tablecloth/cafe";
import { useState } from "react";
import type { EventSession } from "../session";
import { cafeApi } from "./cafeApi";

/**
 * A table's name and its own question, edited in place (saved when the field is left). Empty, the
 * table asks the round's question (`roundQuestion`, shown as the placeholder).
 */
export function TableText({
  session,
  table,
  roundQuestion,
  onError,
}: {
  session: EventSession;
  table: CafeTable;
  /** The question of the current round, which the table asks without one of its own. */
  roundQuestion: string | null;
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
        aria-label="This table's own question (instead of the round's)"
        placeholder={
          roundQuestion ? `Round's question: ${roundQuestion}` : "Question for this table"
        }
        value={question}
        maxLength={1000}
        onChange={(e) => setQuestion(e.target.value)}
        onBlur={() => question !== (table.question ?? "") && save({ question: question.trim() })}
        data-testid="cafe-table-question"
      />
    </span>
  );
}
