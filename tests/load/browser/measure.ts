/**
 * The browser benchmark's measurements, each on pages already open on a filled board: a cold
 * load, a round of programmatic remote edits, and a real mouse drag of a shape.
 */
import type { Browser, Page } from "@playwright/test";
import { type ColdLoadMarks, EDITOR, openBoard, renderedShapes } from "./pages";
import type { SessionRecord } from "./seedEvent";

/** Milliseconds from opening the page to each phase of a cold load. */
export type ColdLoadPhases = ColdLoadMarks;

/** Opens the board in a fresh context (nothing cached) and times it until every shape is drawn. */
export async function coldLoad(
  browser: Browser,
  serverUrl: string,
  session: SessionRecord,
  boardId: string,
  shapes: number,
): Promise<ColdLoadPhases> {
  const cold = await openBoard(browser, serverUrl, session, boardId, { watchShapes: shapes });
  try {
    const marks =
      (await cold.page.evaluate(`Promise.race([globalThis.benchMarks.done, new Promise((_, reject) =>
        setTimeout(() => reject(new Error("shapes not all rendered in 120 s")), 120000))])`)) as ColdLoadMarks;
    if ((await renderedShapes(cold.page)) < shapes) throw new Error("shapes vanished");
    const since = (mark: number | null) => (mark === null ? null : mark - cold.openedAt);
    return {
      synced: marks.synced - cold.openedAt,
      editor: marks.editor - cold.openedAt,
      stored: marks.stored - cold.openedAt,
      rendered: marks.rendered - cold.openedAt,
      canvasModule: since(marks.canvasModule),
      editorMounted: since(marks.editorMounted),
      bound: since(marks.bound),
    };
  } finally {
    await cold.close();
  }
}

/**
 * In the reader: note (epoch ms, in the frame after the store heard of it) every remote version
 * of a shape's `x` and every `meta.benchEdit` mark, from here on.
 */
export async function watchRemote(reader: Page): Promise<void> {
  await reader.evaluate(`(() => {
    const editor = ${EDITOR};
    globalThis.benchSeen = new Map();
    globalThis.benchSeenX = [];
    editor.store.listen((entry) => {
      for (const [, to] of Object.values(entry.changes.updated)) {
        const mark = to.meta && to.meta.benchEdit;
        if (typeof mark === "number" && !globalThis.benchSeen.has(mark)) {
          requestAnimationFrame(() => globalThis.benchSeen.set(mark, Date.now()));
        }
        const x = to.x;
        requestAnimationFrame(() => globalThis.benchSeenX.push({ id: to.id, x, at: Date.now() }));
      }
    }, { source: "remote", scope: "document" });
  })()`);
}

/**
 * `count` edits, one after another: the writer moves one shape by 1 px (with a mark in its meta);
 * latency = writer's call → the reader's next frame showing it. Both pages share this clock.
 */
export async function remoteEdits(
  writer: Page,
  reader: Page,
  first: number,
  count: number,
): Promise<number[]> {
  const latencies: number[] = [];
  for (let edit = first; edit < first + count; edit++) {
    const sentAt = (await writer.evaluate(`(() => {
      const editor = ${EDITOR};
      const ids = [...editor.getCurrentPageShapeIds()];
      const shape = editor.getShape(ids[${edit} % ids.length]);
      const sentAt = Date.now();
      editor.updateShape({ id: shape.id, type: shape.type, x: shape.x + 1,
        meta: { ...shape.meta, benchEdit: ${edit} } });
      return sentAt;
    })()`)) as number;
    const seenAt = (await reader.evaluate(
      `new Promise((resolve, reject) => {
        const started = Date.now();
        const poll = () => {
          const seen = globalThis.benchSeen.get(${edit});
          if (seen !== undefined) resolve(seen);
          else if (Date.now() - started > 10000) reject(new Error("edit ${edit} never arrived"));
          else setTimeout(poll, 2);
        };
        poll();
      })`,
    )) as number;
    latencies.push(seenAt - sentAt);
  }
  return latencies;
}

/** The shape nearest page point (600, 48): clear of tldraw's panels, with room to move ±360 px. */
export async function shapeToDrag(writer: Page): Promise<string> {
  return (await writer.evaluate(`(() => {
    const editor = ${EDITOR};
    let best = null;
    for (const id of editor.getCurrentPageShapeIds()) {
      const s = editor.getShape(id);
      const d = Math.hypot(s.x - 600, s.y - 48);
      if (!best || d < best.d) best = { id, d };
    }
    return best.id;
  })()`)) as string;
}

export interface DragResult {
  /** Pointer moves made (real mouse input through the DevTools protocol). */
  moves: number;
  /** First pointer-down to pointer-up, ms. */
  durationMs: number;
  /** Yjs update messages the writer sent from pointer-down until pointer-up (exclusive). */
  transactions: number;
  /** transactions ÷ (duration ÷ 33 ms): at most 1 means at most one per 33 ms. */
  transactionsPer33Ms: number;
  /** Smallest gap between two of those messages, ms (timers fire on whole Date.now() ms). */
  minGapMs: number | null;
  /** Per position the reader drew: its frame − the writer's pointer move that caused it. */
  latenciesMs: number[];
}

/**
 * Drags shape `shapeId` in the writer's page with the mouse, `moves` steps of 4 px about 16 ms
 * apart (one a frame), to the right or left; the reader notes each position it draws.
 */
export async function drag(
  writer: Page,
  reader: Page,
  shapeId: string,
  moves: number,
  direction: 1 | -1,
): Promise<DragResult> {
  const start = (await writer.evaluate(`(() => {
    const editor = ${EDITOR};
    const shape = editor.getShape(${JSON.stringify(shapeId)});
    const bounds = editor.getShapePageBounds(shape.id);
    // On its left edge: an unfilled rectangle is grabbed by its outline, not its inside.
    const point = editor.pageToScreen({ x: bounds.x, y: bounds.y + bounds.h / 2 });
    globalThis.benchPointer = [];
    const note = (type) => (event) => globalThis.benchPointer.push({ type, clientX: event.clientX,
      at: Date.now(), perf: performance.now() });
    if (!globalThis.benchPointerListening) {
      globalThis.benchPointerListening = true;
      window.addEventListener("pointerdown", (e) => note("down")(e), true);
      window.addEventListener("pointermove", (e) => note("move")(e), true);
      window.addEventListener("pointerup", (e) => note("up")(e), true);
    }
    return { id: shape.id, x: shape.x, screenX: point.x, screenY: point.y, zoom: editor.getZoomLevel() };
  })()`)) as { id: string; x: number; screenX: number; screenY: number; zoom: number };
  await reader.evaluate("globalThis.benchSeenX = []");
  const mouse = writer.mouse;
  await mouse.move(start.screenX, start.screenY);
  await mouse.down();
  for (let step = 1; step <= moves; step++) {
    await mouse.move(start.screenX + direction * 4 * step, start.screenY);
    await new Promise((resolve) => setTimeout(resolve, 16));
  }
  await mouse.up();
  const endX = (await writer.evaluate(
    `${EDITOR}.getShape(${JSON.stringify(start.id)}).x`,
  )) as number;
  const expectedEnd = start.x + (direction * 4 * moves) / start.zoom;
  if (Math.abs(endX - expectedEnd) > 0.01) {
    throw new Error(`drag did not move the shape: x ${start.x} → ${endX}, expected ${expectedEnd}`);
  }
  // Let the last positions arrive.
  await reader.waitForFunction(
    `globalThis.benchSeenX.some((s) => s.id === ${JSON.stringify(start.id)} && Math.abs(s.x - ${expectedEnd}) < 0.01)`,
    undefined,
    { timeout: 10_000, polling: 10 },
  );
  const pointer = (await writer.evaluate("globalThis.benchPointer")) as {
    type: string;
    clientX: number;
    at: number;
    perf: number;
  }[];
  const updates = (await writer.evaluate("globalThis.benchWire.updates")) as number[];
  const seen = (await reader.evaluate("globalThis.benchSeenX")) as {
    id: string;
    x: number;
    at: number;
  }[];
  const down = pointer.find((p) => p.type === "down");
  const up = pointer.find((p) => p.type === "up");
  if (!down || !up) throw new Error("pointer down/up not seen in the writer");
  const during = updates.filter((t) => t >= down.perf && t < up.perf);
  const gaps = during.slice(1).map((t, i) => t - (during[i] ?? t));
  const moveEvents = pointer.filter((p) => p.type === "move");
  const latencies: number[] = [];
  for (const s of seen) {
    if (s.id !== start.id) continue;
    // The move whose pointer position puts the shape at x (translation follows the pointer).
    const cause = moveEvents.find(
      (m) => Math.abs(start.x + (m.clientX - start.screenX) / start.zoom - s.x) < 0.01,
    );
    if (cause) latencies.push(s.at - cause.at);
  }
  const durationMs = up.perf - down.perf;
  return {
    moves,
    durationMs,
    transactions: during.length,
    transactionsPer33Ms: during.length / (durationMs / 33),
    minGapMs: gaps.length === 0 ? null : Math.min(...gaps),
    latenciesMs: latencies,
  };
}
