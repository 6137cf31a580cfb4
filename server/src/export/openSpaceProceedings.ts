import {
  compileProceedings,
  type OpenSpaceState,
  type Report,
  readOpenSpace,
  renderProceedingsHtml,
  type Session,
} from "@tablecloth/open-space";
import type { EventRecord } from "../events/EventStore";
import type { SyncControl } from "../events/SyncControl";

export interface OpenSpaceProceedingsOptions {
  /** Board id → its folder in the zip (`boards/03-buses`); a board without one is not linked. */
  folders: ReadonlyMap<string, string | null>;
  /** The name the export gives a person (a pseudonym in anonymous mode). */
  personName: (participantId: string) => string;
  compiledAt: number;
}

/** Conveners and report authors named as the export names people (pseudonyms when anonymous). */
function renamed(state: OpenSpaceState, personName: (id: string) => string): OpenSpaceState {
  const sessions: Record<string, Session> = {};
  for (const [id, s] of Object.entries(state.sessions)) {
    sessions[id] = {
      ...s,
      conveners: s.conveners.map((c) => ({ ...c, name: personName(c.id) })),
    };
  }
  const reports: Record<string, Report> = {};
  for (const [id, r] of Object.entries(state.reports)) {
    reports[id] = { ...r, authorName: personName(r.authorId) };
  }
  return { ...state, sessions, reports };
}

/**
 * `proceedings.html` of an Open Space event: the news room's reports compiled by
 * `@tablecloth/open-space`, each session linking to its board's `board.tldr` inside the zip.
 */
export async function openSpaceProceedingsHtml(
  sync: SyncControl,
  event: EventRecord,
  options: OpenSpaceProceedingsOptions,
): Promise<string> {
  const state = await sync.read(event.controlDocName, (doc) => readOpenSpace(doc).state);
  const proceedings = compileProceedings(renamed(state, options.personName), event);
  return renderProceedingsHtml(proceedings, {
    boardHref: (board) => {
      const folder = options.folders.get(board.boardId);
      return folder ? `${folder}/board.tldr` : null;
    },
    compiledAt: options.compiledAt,
  });
}
