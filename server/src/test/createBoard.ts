/** A board the facilitator of a fresh event may write, made through the public API. */
export interface TestBoard {
  token: string;
  docName: string;
  eventId: string;
}

async function json<T>(response: Response, what: string): Promise<T> {
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * `POST /api/events` then `POST /api/events/:id/boards`, as a facilitator would: the process
 * tests run the real `main`, whose sync sockets need a token.
 */
export async function createBoard(baseUrl: string, title = "Test table"): Promise<TestBoard> {
  const created = await json<{ event: { id: string }; facilitatorToken: string }>(
    await fetch(`${baseUrl}/api/events`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ title: "Server test", format: "world-cafe" }),
    }),
    "create event",
  );
  const token = created.facilitatorToken;
  const { board } = await json<{ board: { docName: string } }>(
    await fetch(`${baseUrl}/api/events/${created.event.id}/boards`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify({ kind: "table", title }),
    }),
    "create board",
  );
  return { token, docName: board.docName, eventId: created.event.id };
}
