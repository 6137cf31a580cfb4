import type { Role } from "@tablecloth/protocol";
import type { DocOwner } from "../events/EventStore";

/**
 * The authorisation table, in one place:
 *
 * | role        | control doc | boards     | history | create boards, invite, remove |
 * |-------------|-------------|------------|---------|-------------------------------|
 * | facilitator | read-write  | read-write | yes     | yes                           |
 * | participant | read-only   | read-write | no      | no                            |
 * | observer    | read-only   | read-only  | no      | no                            |
 */
export function canWriteDoc(role: Role, kind: DocOwner["kind"]): boolean {
  switch (role) {
    case "facilitator":
      return true;
    case "participant":
      return kind === "board";
    case "observer":
      return false;
  }
}

/** History and point-in-time state of any doc of the event. */
export function canReadHistory(role: Role): boolean {
  return role === "facilitator";
}

/** Create boards, invite co-facilitators, rename others, remove people. */
export function canManageEvent(role: Role): boolean {
  return role === "facilitator";
}
