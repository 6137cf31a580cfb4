import {
  noteSlot,
  PATH_STEP_IDS,
  type PathStepId,
  POSTER_DPI,
  pathTemplateRecords,
} from "@tablecloth/path";
import { noteRecord } from "@tablecloth/tldraw-yjs/server";
import type { RenderRequest } from "../export/BoardRenderer";
import { POSTER_BOUNDS } from "./pathBoardExport";

/** The note colours a warm-up draws: every one a PATH board's participants get. */
const COLORS = ["yellow", "light-green", "light-blue", "orange"] as const;

const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A note's side on the warm-up poster, as the PATH board places them. */
const NOTE_SIZE = 200;

/**
 * Notes on the warm-up poster, spread over the eight regions. A few per region: enough for every
 * code path of a real poster (each colour's shadow stamp, labels in every region), few enough
 * that the warm-up costs a second or two, not a poster's worth.
 */
export const WARM_UP_NOTES = 32;

/**
 * The board the render browser warms up on at server start: a PATH poster exactly as the event
 * export pictures one (the template, its A0 sheet at 150 dpi, notes of every colour), so that
 * the first poster a facilitator downloads finds the big canvas, the template's shapes and the
 * exporter's code already through their first time.
 */
export function pathWarmUpPoster(notes = WARM_UP_NOTES): RenderRequest {
  const records: Record<string, unknown> = {};
  for (const record of pathTemplateRecords("warm-up")) records[record.id] = record;
  for (let i = 0; i < notes; i++) {
    const step: PathStepId = PATH_STEP_IDS[i % PATH_STEP_IDS.length] ?? "now";
    const at = noteSlot(step, Math.floor(i / PATH_STEP_IDS.length), NOTE_SIZE);
    const id = `shape:warm-up-${i}`;
    records[id] = noteRecord({
      id,
      text: `Warm-up note ${i}: what we will do in ${step}`,
      x: at.x,
      y: at.y,
      // Valid fractional indexes above the template's ("b00", "b01", …, as the poster bench's).
      index: `b${DIGITS[Math.floor(i / 62) % 62]}${DIGITS[i % 62]}`,
      color: COLORS[i % COLORS.length],
    });
  }
  return { records, schema: null, bounds: { ...POSTER_BOUNDS }, dpi: POSTER_DPI };
}
