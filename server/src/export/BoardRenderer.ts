/** One board's records to render, in tldraw's own JSON, with the schema they were written in. */
export interface RenderRequest {
  records: Record<string, unknown>;
  schema: unknown;
  /** The page area to picture exactly (a PATH poster's A0 sheet); the drawing's bounds when absent. */
  bounds?: { x: number; y: number; w: number; h: number };
  /** tldraw's SVG as its exporter made it, not compacted (the render page's `raw`). */
  raw?: boolean;
  /** The PNG's density tag in dots per inch (a PATH poster: 150); 72 when absent. */
  dpi?: number;
  /** tldraw reads every label's computed styles itself, not memoised (the render page's `readEveryStyle`). */
  readEveryStyle?: boolean;
  /** The PNG drawn from the kept SVG itself, shadows not stamped (the render page's `rasterAsDrawn`). */
  rasterAsDrawn?: boolean;
}

/**
 * What a render gave: pictures by tldraw itself, nothing (an empty cloth), or why not. `skipped`
 * counts records left out of the picture because tldraw does not accept them (invalid ones).
 */
export type RenderResult =
  | {
      kind: "rendered";
      svg: string;
      png: Uint8Array;
      skipped?: number;
      /** Label style reads the render page's memo answered (`reads`) and computed (`computed`). */
      styleMemo?: { reads: number; computed: number };
      /** Filtered rectangles the PNG drew from shadow stamps (`stamped`), and the stamps. */
      stamps?: { stamped: number; stamps: number };
      /** Where the time went inside the render page (ms), for benchmarks. */
      timings?: Readonly<Record<string, number>>;
    }
  | { kind: "empty"; skipped?: number }
  | { kind: "failed"; reason: string };

/** Renders boards' pictures for one export; `close` when the export is done. */
export interface BoardRenderer {
  render(request: RenderRequest): Promise<RenderResult>;
  close(): Promise<void>;
}

/** Opens a renderer for one export, or says why pictures cannot be made on this server. */
export type OpenRenderer = () => Promise<
  { ok: true; renderer: BoardRenderer } | { ok: false; reason: string }
>;
