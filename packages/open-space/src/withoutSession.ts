import type { OpenSpaceState, Report, Whereabouts } from "./openSpaceTypes";

/**
 * The state with a session gone and every reference to it dropped, or (with `into`) pointed at
 * the session it was merged into: sign-ups, whereabouts, the report and the announcement queue.
 */
export function withoutSession(
  state: OpenSpaceState,
  sessionId: string,
  into: string | null = null,
): OpenSpaceState {
  const { [sessionId]: _gone, ...sessions } = state.sessions;
  const signUps: Record<string, readonly string[]> = {};
  for (const [who, list] of Object.entries(state.signUps)) {
    if (!list.includes(sessionId)) {
      signUps[who] = list;
      continue;
    }
    const next: string[] = [];
    for (const id of list) {
      const mapped = id === sessionId ? into : id;
      if (mapped !== null && !next.includes(mapped)) next.push(mapped);
    }
    signUps[who] = next;
  }
  const whereabouts: Record<string, Whereabouts> = {};
  for (const [who, where] of Object.entries(state.whereabouts)) {
    whereabouts[who] = where.sessionId === sessionId ? { ...where, sessionId: into } : where;
  }
  const { [sessionId]: report, ...rest } = state.reports;
  const reports: Record<string, Report> = rest;
  if (report !== undefined && into !== null && !Object.hasOwn(reports, into)) {
    reports[into] = report;
  }
  const replace = (id: string | null) => (id === sessionId ? into : id);
  const waiting: string[] = [];
  for (const id of state.queue.waiting.map(replace)) {
    if (id !== null && !waiting.includes(id)) waiting.push(id);
  }
  const speaking = replace(state.queue.speaking);
  return {
    ...state,
    sessions,
    signUps,
    whereabouts,
    reports,
    queue: { speaking, waiting: waiting.filter((id) => id !== speaking) },
  };
}
