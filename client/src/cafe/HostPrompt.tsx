import { type FormEvent, useState } from "react";
import { pinKeyPoint } from "./pinKeyPoint";

/**
 * What a table's host sees when a round starts: welcome the newcomers, summarise what the cloth
 * already holds, and pin the key points on it.
 */
export function HostPrompt({ round, onClose }: { round: number; onClose: () => void }) {
  const [text, setText] = useState("");
  const [pinned, setPinned] = useState(0);
  const pin = (event: FormEvent) => {
    event.preventDefault();
    const editor = window.tableclothEditor;
    if (!editor || text.trim() === "") return;
    pinKeyPoint(editor, text.trim());
    setText("");
    setPinned((n) => n + 1);
  };
  return (
    <aside className="host-prompt" data-testid="cafe-host-prompt" aria-label="You are the host">
      <h2>You are this table's host{round > 1 ? ` for round ${round}` : ""}</h2>
      <p>
        Welcome the newcomers. Tell them in a minute or two what this cloth already holds, then
        invite them to add to it.
      </p>
      <form onSubmit={pin} className="host-prompt__form">
        <label htmlFor="key-point">Pin a key point on the cloth</label>
        <input
          id="key-point"
          value={text}
          onChange={(e) => setText(e.target.value)}
          maxLength={200}
          data-testid="cafe-key-point"
        />
        <button
          type="submit"
          className="button"
          disabled={text.trim() === ""}
          data-testid="cafe-pin"
        >
          Pin it
        </button>
      </form>
      {pinned > 0 ? (
        <p role="status">
          {pinned} key point{pinned === 1 ? "" : "s"} pinned.
        </p>
      ) : null}
      <button type="button" className="button button--quiet" onClick={onClose}>
        Got it
      </button>
    </aside>
  );
}
