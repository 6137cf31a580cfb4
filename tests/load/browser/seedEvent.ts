import {
  type Board,
  CreateBoardResponseSchema,
  CreateEventResponseSchema,
  JoinResponseSchema,
  type Participant,
} from "@tablecloth/protocol";

/** What the client keeps in localStorage for an event (client/src/session.ts). */
export interface SessionRecord {
  eventId: string;
  token: string;
  participant: Participant;
  expiresAt: number;
}

export interface SeededEvent {
  eventId: string;
  board: Board;
  facilitator: SessionRecord;
  participants: SessionRecord[];
}

async function post(url: string, body: unknown, token?: string): Promise<unknown> {
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${url} → ${res.status} ${await res.text()}`);
  return res.json();
}

/** An event with one café table and `participants` joined people, through the real API. */
export async function seedEvent(serverUrl: string, participants: number): Promise<SeededEvent> {
  const created = CreateEventResponseSchema.parse(
    await post(`${serverUrl}/api/events`, { title: "Browser bench", format: "world-cafe" }),
  );
  const eventId = created.event.id;
  const facilitator: SessionRecord = {
    eventId,
    token: created.facilitatorToken,
    participant: created.participant,
    expiresAt: created.expiresAt,
  };
  const { board } = CreateBoardResponseSchema.parse(
    await post(
      `${serverUrl}/api/events/${eventId}/boards`,
      { kind: "table", title: "Bench table" },
      facilitator.token,
    ),
  );
  const people: SessionRecord[] = [];
  for (let i = 0; i < participants; i++) {
    const joined = JoinResponseSchema.parse(
      await post(`${serverUrl}/api/join`, { code: created.event.joinCode, name: `Bench ${i}` }),
    );
    people.push({
      eventId,
      token: joined.token,
      participant: joined.participant,
      expiresAt: joined.expiresAt,
    });
  }
  return { eventId, board, facilitator, participants: people };
}
