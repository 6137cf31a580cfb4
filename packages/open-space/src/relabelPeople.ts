import type * as Y from "yjs";
import { OPEN_SPACE_MAPS } from "./openSpaceDocLayout";

type Entry = Record<string, unknown>;

function isEntry(value: unknown): value is Entry {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Renames every person the Open Space names in the control doc (sessions' conveners, who is
 * where, reports' authors) to `nameOf(their id)`, writing only the values that change: how
 * anonymous mode takes names out of the doc when it turns on and puts them back when it turns
 * off. Values are replaced whole, as every writer of these maps does; malformed ones are left.
 */
export function relabelOpenSpacePeople(
  doc: Y.Doc,
  nameOf: (participantId: string) => string,
): void {
  const sessions = doc.getMap<unknown>(OPEN_SPACE_MAPS.sessions);
  const where = doc.getMap<unknown>(OPEN_SPACE_MAPS.where);
  const reports = doc.getMap<unknown>(OPEN_SPACE_MAPS.reports);
  const writes: [Y.Map<unknown>, string, Entry][] = [];
  sessions.forEach((session, key) => {
    if (!isEntry(session) || !Array.isArray(session.conveners)) return;
    let changed = false;
    const conveners = session.conveners.map((c: unknown) => {
      if (!isEntry(c) || typeof c.id !== "string") return c;
      const name = nameOf(c.id);
      if (c.name === name) return c;
      changed = true;
      return { ...c, name };
    });
    if (changed) writes.push([sessions, key, { ...session, conveners }]);
  });
  where.forEach((whereabouts, participantId) => {
    if (!isEntry(whereabouts) || whereabouts.name === undefined) return;
    const name = nameOf(participantId);
    if (whereabouts.name !== name) writes.push([where, participantId, { ...whereabouts, name }]);
  });
  reports.forEach((report, key) => {
    if (!isEntry(report) || typeof report.authorId !== "string") return;
    const authorName = nameOf(report.authorId);
    if (report.authorName !== authorName) writes.push([reports, key, { ...report, authorName }]);
  });
  if (writes.length === 0) return;
  doc.transact(() => {
    for (const [map, key, value] of writes) map.set(key, value);
  });
}
