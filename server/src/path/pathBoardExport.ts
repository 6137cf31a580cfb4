import {
  notesByRegion,
  POSTER,
  POSTER_DPI,
  pathExportList,
  pathExportText,
  readPathPlan,
  type ShapeLike,
} from "@tablecloth/path";
import type { PlainRecord } from "@tablecloth/tldraw-yjs/server";
import type { BoardRecord, EventRecord } from "../events/EventStore";
import type { SyncControl } from "../events/SyncControl";

/** A PATH poster is pictured as its whole A0 sheet (7,022 × 4,967 px at scale 1). */
export const POSTER_BOUNDS = { x: 0, y: 0, w: POSTER.w, h: POSTER.h } as const;

/** The picture area of a board in the event export: the A0 sheet for PATH boards. */
export function exportBounds(board: BoardRecord): typeof POSTER_BOUNDS | undefined {
  return board.kind === "path" ? POSTER_BOUNDS : undefined;
}

/** The PNG density tag of a board's picture in the event export: 150 dpi for PATH posters. */
export function exportDpi(board: BoardRecord): number | undefined {
  return board.kind === "path" ? POSTER_DPI : undefined;
}

/**
 * The plan's plain list (people to enrol, actions, each region's notes) that goes beside the
 * poster in the event export as `path-plan.txt`, or null for boards that are not a PATH plan.
 */
export async function pathPlanText(
  sync: SyncControl,
  event: EventRecord,
  board: BoardRecord,
  records: Iterable<PlainRecord>,
): Promise<string | null> {
  if (board.kind !== "path") return null;
  const plan = await sync.read(event.controlDocName, (doc) => readPathPlan(doc, board.id));
  if (!plan) return null;
  const shapes = [...records] as unknown as ShapeLike[];
  return pathExportText(plan, pathExportList(plan, notesByRegion(shapes).byStep));
}
