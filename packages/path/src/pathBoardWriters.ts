import type { PathPlanState } from "./pathControlDoc";

/**
 * Who someone is on a PATH board: the process facilitator (any facilitator of the event), the
 * graphic facilitator the process facilitator named (a facilitator or a participant), another
 * participant, or an observer.
 */
export type PathBoardRole = "process" | "graphic" | "participant" | "observer";

/** A member of the event as their token says: participant id and event role. */
export interface PathBoardPerson {
  id: string;
  role: "facilitator" | "participant" | "observer";
}

/** The person's role on the board of `plan` (null: no plan yet, so nobody is the graphic one). */
export function pathBoardRole(person: PathBoardPerson, plan: PathPlanState | null): PathBoardRole {
  if (person.role === "facilitator") return "process";
  if (person.role === "observer") return "observer";
  return plan !== null && plan.graphicFacilitatorId === person.id ? "graphic" : "participant";
}

/**
 * Whether `role` may change the PATH board now. Facilitators (process and graphic) always may:
 * the graphic facilitator draws while the group only watches. Observers never may. Participants
 * may add notes only once the process has started and while the phase is `add`: before the first
 * step and in the `watch` phase they only look. The page makes its canvas read-only by this rule
 * and the server refuses participants' updates by the same rule, so a stock Yjs client cannot
 * write where the page would not let its person.
 */
export function mayWritePathBoard(role: PathBoardRole, plan: PathPlanState | null): boolean {
  switch (role) {
    case "process":
    case "graphic":
      return true;
    case "observer":
      return false;
    case "participant":
      return plan !== null && plan.progress.current !== null && plan.progress.phase === "add";
  }
}
