import type { OpenSpaceState } from "./openSpaceTypes";

/**
 * What must hold of every Open Space, whatever happened: one session per cell, every session in
 * a cell of the grid, and every sign-up, whereabouts, report and queue entry naming a session
 * that exists. Returns what is broken (empty when all holds); the property tests and the load
 * bench both check it.
 */
export function checkInvariants(state: OpenSpaceState): string[] {
  const broken: string[] = [];
  const spaces = new Set(state.spaces.map((s) => s.id));
  const slots = new Set(state.slots.map((s) => s.id));
  if (spaces.size !== state.spaces.length) broken.push("two spaces share an id");
  if (slots.size !== state.slots.length) broken.push("two slots share an id");
  const cells = new Map<string, string>();
  for (const [id, session] of Object.entries(state.sessions)) {
    if (session.id !== id) broken.push(`session ${id} is stored under another id`);
    if (!spaces.has(session.spaceId) || !slots.has(session.slotId)) {
      broken.push(`session ${id} is in no cell of the grid`);
    }
    const cell = `${session.spaceId}\u0000${session.slotId}`;
    const other = cells.get(cell);
    if (other !== undefined) broken.push(`sessions ${other} and ${id} share a cell`);
    cells.set(cell, id);
  }
  const exists = (id: string) => Object.hasOwn(state.sessions, id);
  for (const [who, list] of Object.entries(state.signUps)) {
    if (new Set(list).size !== list.length) broken.push(`${who} is signed up twice to one session`);
    for (const id of list) if (!exists(id)) broken.push(`${who} is signed up to a missing ${id}`);
  }
  for (const [who, where] of Object.entries(state.whereabouts)) {
    if (where.sessionId !== null && !exists(where.sessionId)) {
      broken.push(`${who} is at a missing session ${where.sessionId}`);
    }
  }
  for (const id of Object.keys(state.reports)) {
    if (!exists(id)) broken.push(`a report of a missing session ${id}`);
  }
  const { speaking, waiting } = state.queue;
  const queued = speaking === null ? waiting : [speaking, ...waiting];
  if (new Set(queued).size !== queued.length) broken.push("a session is queued twice");
  for (const id of queued) if (!exists(id)) broken.push(`a missing session ${id} is queued`);
  return broken;
}
