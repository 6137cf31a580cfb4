import type { OpenSpaceState } from "@tablecloth/open-space";

/**
 * Everyone's display name by participant id, read from the Open Space itself: the server writes
 * the mover's name beside their whereabouts (and a convener's beside their session, an author's
 * beside their report), so a late arrival is named by the same doc update that shows them, with
 * no request per arrival. Whereabouts come last: a move carries the newest name.
 */
export function namesInDoc(state: OpenSpaceState): ReadonlyMap<string, string> {
  const names = new Map<string, string>();
  for (const session of Object.values(state.sessions)) {
    for (const c of session.conveners) names.set(c.id, c.name);
  }
  for (const report of Object.values(state.reports)) names.set(report.authorId, report.authorName);
  for (const [id, where] of Object.entries(state.whereabouts)) {
    if (where.name !== undefined) names.set(id, where.name);
  }
  return names;
}
