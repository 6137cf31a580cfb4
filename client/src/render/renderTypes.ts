import type { StyleMemoReport } from "./memoStyles";
import type { StampReport } from "./stampShadows";

/**
 * What the render page (`/render`) answers for one board. The server's headless Chromium calls
 * `window.tableclothRender` with a board's records and stores the pictures in exports.
 */
export interface RenderInput {
  /** The board's records by id (tldraw's own JSON). */
  records: Record<string, unknown>;
  /** The serialized tldraw schema the records were written with; null for the current one. */
  schema: unknown;
  /**
   * The page area to picture, in page units (1 unit = 1 px): a PATH poster is exactly its A0
   * sheet. Absent: the drawing's own bounds with a margin.
   */
  bounds?: { x: number; y: number; w: number; h: number };
  /**
   * The SVG exactly as tldraw's exporter made it, not compacted (see `compactSvg.ts`): to compare
   * the two, or to rule the compaction out when a picture looks wrong.
   */
  raw?: boolean;
  /** The PNG's density tag in dots per inch (a PATH poster: 150); tldraw's 72 when absent. */
  dpi?: number;
  /**
   * Let tldraw read every label element's computed style itself, not once per distinct context
   * (see `memoStyles.ts`): to check that both give the same SVG, or to rule the memo out.
   */
  readEveryStyle?: boolean;
  /**
   * Rasterise the kept SVG itself, every note's shadow filtered on its own, not drawn once per
   * distinct shadow (see `stampShadows.ts`): to compare the PNGs, or to rule the stamps out.
   */
  rasterAsDrawn?: boolean;
}

/** `skipped`: records left out because tldraw does not accept them (invalid, unknown type). */
export type RenderOutput =
  | {
      ok: true;
      svg: string;
      pngBase64: string;
      width: number;
      height: number;
      skipped: number;
      /** How many label style reads the memo answered, and how many it computed. */
      styleMemo?: StyleMemoReport;
      /** How many filtered rectangles the PNG drew from how many shadow stamps. */
      stamps?: StampReport;
      /**
       * Where the time went, for benchmarks: loading the records, the SVG, the PNG, the PNG's
       * base64 for the trip to Node (`compactMs`: copying, compacting and serialising the SVG).
       */
      timings?: {
        loadMs: number;
        svgMs: number;
        compactMs: number;
        pngMs: number;
        base64Ms: number;
      };
    }
  | { ok: true; empty: true; skipped: number }
  | { ok: false; error: string };

declare global {
  interface Window {
    /** Set by the render page once its editor is ready. */
    tableclothRender?: (input: RenderInput) => Promise<RenderOutput>;
  }
}
