import type { OpenSpaceState, Report } from "./openSpaceTypes";
import { signUpCount } from "./signUps";

/** A board the proceedings link to. */
export interface ProceedingsBoard {
  readonly boardId: string;
  readonly docName: string;
  readonly title: string;
}

export interface ProceedingsSession {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly conveners: readonly string[];
  readonly space: string;
  readonly slot: string;
  readonly signUps: number;
  readonly report: Report | null;
  /** The session's board first, then the boards of sessions merged into it. */
  readonly boards: readonly ProceedingsBoard[];
  /** Titles of the sessions merged into this one. */
  readonly mergedTitles: readonly string[];
}

/** Everything the news room compiled: what the export writes as `proceedings.html`. */
export interface Proceedings {
  readonly title: string;
  readonly purpose: string;
  /** Wall order: by slot, then space. */
  readonly sessions: readonly ProceedingsSession[];
  readonly reported: number;
  readonly closingBoard: ProceedingsBoard | null;
}

/**
 * Compiles an Open Space's proceedings from its state: every session in wall order with its
 * conveners, cell, sign-ups, report (or null, not yet filed) and boards. Pure: the server's
 * `GET …/open-space/proceedings`, every page's live proceedings and the event export all call it.
 */
export function compileProceedings(
  state: OpenSpaceState,
  event: { readonly title: string; readonly purpose: string },
): Proceedings {
  const spaceIndex = new Map(state.spaces.map((s, i) => [s.id, i]));
  const slotIndex = new Map(state.slots.map((s, i) => [s.id, i]));
  const spaceName = new Map(state.spaces.map((s) => [s.id, s.name]));
  const slotLabel = new Map(state.slots.map((s) => [s.id, s.label]));
  const sessions = Object.values(state.sessions)
    .sort(
      (a, b) =>
        (slotIndex.get(a.slotId) ?? 0) - (slotIndex.get(b.slotId) ?? 0) ||
        (spaceIndex.get(a.spaceId) ?? 0) - (spaceIndex.get(b.spaceId) ?? 0) ||
        a.id.localeCompare(b.id),
    )
    .map((s): ProceedingsSession => {
      const boards: ProceedingsBoard[] = [];
      if (s.boardId !== null && s.docName !== null) {
        boards.push({ boardId: s.boardId, docName: s.docName, title: s.title });
      }
      for (const m of s.merged) {
        if (m.boardId !== null && m.docName !== null) {
          boards.push({ boardId: m.boardId, docName: m.docName, title: m.title });
        }
      }
      return {
        id: s.id,
        title: s.title,
        description: s.description,
        conveners: s.conveners.map((c) => c.name),
        space: spaceName.get(s.spaceId) ?? "",
        slot: slotLabel.get(s.slotId) ?? "",
        signUps: signUpCount(state, s.id),
        report: state.reports[s.id] ?? null,
        boards,
        mergedTitles: s.merged.map((m) => m.title),
      };
    });
  return {
    title: event.title,
    purpose: event.purpose,
    sessions,
    reported: sessions.filter((s) => s.report !== null).length,
    closingBoard:
      state.closingBoard === null ? null : { ...state.closingBoard, title: "Closing circle" },
  };
}
