import type { Role, Summon } from "@tablecloth/protocol";

/** Who the page belongs to. */
export interface SummonViewer {
  readonly id: string;
  readonly role: Role;
}

/**
 * What this page already did about one summon (kept per summon id by the page): `went` once it
 * opened the board, `left` once its person panned away from a plain follow.
 */
export interface SummonMemo {
  readonly went: boolean;
  readonly left: boolean;
}

export const NO_MEMO: SummonMemo = { went: false, left: false };

/** What a page does about the summon in force. */
export type SummonStep =
  /** Nothing: no summon, not for this person, or already done. */
  | { readonly kind: "none" }
  /** Open the summoned board. */
  | { readonly kind: "go"; readonly boardId: string }
  /** On the board: follow the leader's viewport; `locked` stops the person's own pan and zoom. */
  | {
      readonly kind: "follow";
      readonly leaderId: string;
      readonly locked: boolean;
    };

const NONE: SummonStep = { kind: "none" };

/** Whether `summon` is for `viewer`: facilitators run the event and are never summoned. */
export function isSummoned(summon: Summon, viewer: SummonViewer): boolean {
  if (viewer.id === summon.leaderId || viewer.role === "facilitator") return false;
  switch (summon.audience.kind) {
    case "everyone":
      return true;
    case "people":
      return summon.audience.participantIds.includes(viewer.id);
  }
}

/**
 * The one rule every page applies to the control doc's summon. `here` is the board the page
 * shows (null for a page without one: the lobby, the café's own page, Open Space's wall).
 *
 * - `bring` and `follow` move a person once: someone who then walks off (another board, a pan)
 *   is not pulled back, like a facilitator's call in the room.
 * - `control` holds until released: any page takes them back to the board, and there their
 *   viewport is locked to the leader's.
 */
export function summonStep(
  summon: Summon | null,
  viewer: SummonViewer,
  here: string | null,
  memo: SummonMemo,
): SummonStep {
  if (summon === null || !isSummoned(summon, viewer)) return NONE;
  if (here !== summon.boardId) {
    return summon.mode === "control" || !memo.went ? { kind: "go", boardId: summon.boardId } : NONE;
  }
  switch (summon.mode) {
    case "bring":
      return NONE;
    case "follow":
      return memo.left ? NONE : { kind: "follow", leaderId: summon.leaderId, locked: false };
    case "control":
      return { kind: "follow", leaderId: summon.leaderId, locked: true };
  }
}
