// Over 400 lines on purpose: one case per binding rule (initial state, remote edits, undo,
// conflicts, migration), sharing the two-editor set-up.
import { createShapeId, PageRecordType, type TLNoteShape, type TLShapeId } from "tldraw";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { getRecordsMap, readDocSchema } from "./boardDoc";
import { DEFAULT_BATCH_MS } from "./config";
import { recordToYMap } from "./recordCodec";
import { input } from "./test/createHeadlessEditor";
import { createPeer, documentRecords, type Peer } from "./test/createPeer";
import { DocLink } from "./test/DocLink";
import { ManualScheduler } from "./test/ManualScheduler";

const NOTE = createShapeId("note1");

function note(peer: Peer, id: TLShapeId = NOTE): TLNoteShape {
  const shape = peer.editor.getShape<TLNoteShape>(id);
  if (!shape) throw new Error(`no shape ${id}`);
  return shape;
}

/** Two editors over two linked docs; B joins after A wrote its initial state. */
function setup(options: { bReadOnly?: boolean; batchMs?: number } = {}) {
  const scheduler = new ManualScheduler();
  const batch = options.batchMs === undefined ? {} : { batchMs: options.batchMs };
  const a = createPeer(scheduler, batch);
  const docB = new Y.Doc();
  const link = new DocLink(a.doc, docB);
  link.flush();
  const b = createPeer(scheduler, { doc: docB, readOnly: options.bReadOnly ?? false, ...batch });
  link.flush();
  const writes = (peer: Peer) => peer.transactions();
  /** Let the batch window pass, then deliver everything. */
  const settle = () => {
    scheduler.advance(options.batchMs ?? DEFAULT_BATCH_MS);
    link.flush();
  };
  cleanups.push(() => {
    a.binding.dispose();
    b.binding.dispose();
    a.editor.dispose();
    b.editor.dispose();
    link.destroy();
  });
  return { scheduler, a, b, link, writes, settle };
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe("bindTldrawToYjs with two headless editors", () => {
  it("writes the initial document once and stores the schema in the doc", () => {
    const { a, b, writes } = setup();
    const userId = a.editor.user.getRecordId();
    const ids = [...getRecordsMap(a.doc).keys()].sort();
    // The default document and page (fixed ids), and the user record tldraw keeps for attribution.
    expect(ids).toEqual(["document:document", "page:page", userId].sort());
    expect(readDocSchema(a.doc)).toEqual(a.editor.store.schema.serialize());
    expect(writes(a)).toBe(1);
    // B found records in the doc: it loaded them and, having the same user here, wrote nothing.
    expect(b.editor.user.getRecordId()).toBe(userId);
    expect(writes(b)).toBe(0);
    expect(documentRecords(b.editor)).toEqual(documentRecords(a.editor));
  });

  it("converges: creations, edits and deletions flow both ways", () => {
    const { a, b, settle } = setup();
    a.editor.createShape({ id: NOTE, type: "note", x: 10, y: 20 });
    settle();
    expect(note(b).x).toBe(10);
    b.editor.updateShape({ id: NOTE, type: "note", y: 99 });
    b.editor.createShape({ id: createShapeId("geo"), type: "geo", x: 1, y: 2 });
    settle();
    expect(note(a).y).toBe(99);
    expect(a.editor.getShape(createShapeId("geo"))).toBeDefined();
    a.editor.deleteShape(NOTE);
    settle();
    expect(b.editor.getShape(NOTE)).toBeUndefined();
    expect(documentRecords(a.editor)).toEqual(documentRecords(b.editor));
    expect(a.doc.getMap("records").toJSON()).toEqual(b.doc.getMap("records").toJSON());
  });

  it("never echoes a remote merge back into the doc", () => {
    const { a, b, link, writes, scheduler } = setup();
    a.editor.createShape({ id: NOTE, type: "note", x: 10, y: 20 });
    scheduler.advance(DEFAULT_BATCH_MS);
    expect(writes(a)).toBe(2);
    expect(link.queues.get(b.doc)).toHaveLength(1);
    link.flush();
    expect(note(b).x).toBe(10);
    b.binding.flush();
    a.editor.updateShape({ id: NOTE, type: "note", x: 11, props: { color: "green" } });
    a.editor.deleteShape(NOTE);
    a.editor.createShape({ id: NOTE, type: "note", x: 12, y: 20 });
    a.editor.updateShape({ id: NOTE, type: "note", x: 13 });
    a.binding.flush();
    link.flush();
    expect(note(b).x).toBe(13);
    scheduler.advance(10 * DEFAULT_BATCH_MS);
    b.binding.flush();
    expect(writes(b)).toBe(0);
    expect(link.queues.get(a.doc)).toEqual([]);
  });

  it("keeps both a concurrent move and a recolour of one note", () => {
    const { a, b, link, scheduler } = setup();
    a.editor.createShape({ id: NOTE, type: "note", x: 0, y: 0, props: { color: "yellow" } });
    scheduler.advance(DEFAULT_BATCH_MS);
    link.flush();
    a.editor.updateShape({ id: NOTE, type: "note", x: 300, y: 200 });
    b.editor.updateShape({ id: NOTE, type: "note", props: { color: "blue" } });
    scheduler.advance(DEFAULT_BATCH_MS); // both write before either hears of the other
    link.flush();
    for (const peer of [a, b]) {
      expect(note(peer)).toMatchObject({ x: 300, y: 200, props: { color: "blue" } });
    }
    expect(documentRecords(a.editor)).toEqual(documentRecords(b.editor));
  });

  it("keeps an unflushed local edit when a remote edit of the same record arrives", () => {
    const { a, b, link, scheduler } = setup();
    a.editor.createShape({ id: NOTE, type: "note", x: 0, y: 0 });
    scheduler.advance(DEFAULT_BATCH_MS);
    link.flush();
    b.editor.updateShape({ id: NOTE, type: "note", props: { color: "red" } });
    b.binding.flush();
    a.editor.updateShape({ id: NOTE, type: "note", x: 42 }); // pending in A's batch
    link.flush();
    expect(note(a)).toMatchObject({ x: 42, props: { color: "red" } });
    scheduler.advance(DEFAULT_BATCH_MS);
    link.flush();
    expect(note(b)).toMatchObject({ x: 42, props: { color: "red" } });
  });

  it("quarantines a malformed remote record, logs it, and goes on syncing", () => {
    const { a, b, link, settle } = setup();
    const bad = createShapeId("bad");
    const good = createShapeId("good");
    const pageId = b.editor.getCurrentPageId();
    const base = {
      typeName: "shape",
      parentId: pageId,
      rotation: 0,
      isLocked: false,
      opacity: 1,
      meta: {},
      y: 0,
    };
    b.doc.transact(() => {
      const records = getRecordsMap(b.doc);
      // A note with a string x and an unknown colour: both fail tldraw's validators.
      records.set(
        bad,
        recordToYMap({
          ...base,
          id: bad,
          type: "note",
          index: "a4",
          x: "not a number",
          props: { ...b.editor.getShapeUtil("note").getDefaultProps(), color: "no-such-colour" },
        }),
      );
      records.set(
        good,
        recordToYMap({
          ...base,
          id: good,
          type: "geo",
          index: "a5",
          x: 5,
          y: 6,
          props: b.editor.getShapeUtil("geo").getDefaultProps(),
        }),
      );
    }, "someone-else");
    link.flush();
    expect(a.binding.getQuarantine().map((q) => q.id)).toEqual([bad]);
    expect(a.logs.some((l) => l.level === "warn" && l.fields?.id === bad)).toBe(true);
    expect(a.editor.getShape(bad)).toBeUndefined();
    expect(a.editor.getShape(good)).toMatchObject({ x: 5, y: 6 });
    // Sync goes on both ways.
    a.editor.createShape({ id: NOTE, type: "note", x: 7, y: 8 });
    settle();
    expect(note(b).x).toBe(7);
    // A later valid version releases it from quarantine.
    b.doc.transact(() => {
      const map = getRecordsMap(b.doc).get(bad)!;
      map.set("x", 1);
      (map.get("props") as Y.Map<unknown>).set("color", "green");
    }, "someone-else");
    link.flush();
    expect(a.binding.getQuarantine()).toEqual([]);
    expect(a.editor.getShape(bad)).toMatchObject({ x: 1, props: { color: "green" } });
  });

  it("turns 60 drag steps into at most ceil(60·16/100)+1 = 11 transactions", () => {
    const { a, b, link, writes, scheduler } = setup({ batchMs: 100 });
    a.editor.createShape({ id: NOTE, type: "note", x: 100, y: 100 });
    scheduler.advance(100);
    link.flush();
    const before = writes(a);
    input.down(a.editor, 150, 150, NOTE);
    for (let step = 1; step <= 60; step++) {
      scheduler.advance(16); // one animation frame between pointer moves
      input.move(a.editor, 150 + step * 5, 150);
    }
    expect(a.editor.isIn("select.translating")).toBe(true);
    input.up(a.editor, 450, 150);
    const transactions = writes(a) - before;
    // 960 ms of dragging: one batch per 100 ms window plus the pointer-up flush.
    expect(transactions).toBeGreaterThanOrEqual(2);
    expect(transactions).toBeLessThanOrEqual(11);
    // Pointer-up wrote the final position at once, without waiting for the timer.
    link.flush();
    expect(note(b).x).toBe(400);
    expect(a.editor.isIn("select.idle")).toBe(true);
  });

  it("by default writes at most one transaction per 33 ms of dragging", () => {
    expect(DEFAULT_BATCH_MS).toBe(33);
    const { a, b, link, scheduler } = setup();
    a.editor.createShape({ id: NOTE, type: "note", x: 100, y: 100 });
    scheduler.advance(DEFAULT_BATCH_MS);
    link.flush();
    const writtenAt: number[] = [];
    a.doc.on("update", (_update: Uint8Array, origin: unknown) => {
      if (origin === a.binding.origin) writtenAt.push(scheduler.now());
    });
    input.down(a.editor, 150, 150, NOTE);
    for (let step = 1; step <= 60; step++) {
      scheduler.advance(16);
      input.move(a.editor, 150 + step * 5, 150);
    }
    const duringDrag = [...writtenAt];
    input.up(a.editor, 450, 150);
    // ceil(960 / 33) windows, each written at most once; then the pointer-up flush.
    expect(duringDrag.length).toBeGreaterThanOrEqual(2);
    expect(duringDrag.length).toBeLessThanOrEqual(Math.ceil(960 / 33));
    for (let i = 1; i < duringDrag.length; i++) {
      expect(duringDrag[i]! - duringDrag[i - 1]!).toBeGreaterThanOrEqual(33);
    }
    expect(writtenAt.length).toBe(duringDrag.length + 1);
    link.flush();
    expect(note(b).x).toBe(400);
  });

  it("writes the first change after a quiet spell on the next turn, not after the window", () => {
    const { a, b, link, scheduler } = setup();
    a.editor.createShape({ id: NOTE, type: "note", x: 100, y: 100 });
    scheduler.advance(DEFAULT_BATCH_MS);
    link.flush();
    scheduler.advance(1_000);
    a.editor.updateShape({ id: NOTE, type: "note", x: 150 });
    expect(scheduler.pending).toBe(1);
    scheduler.advance(0);
    link.flush();
    expect(note(b).x).toBe(150);
    // A second change inside the window waits for the window's end.
    a.editor.updateShape({ id: NOTE, type: "note", x: 160 });
    scheduler.advance(DEFAULT_BATCH_MS - 1);
    link.flush();
    expect(note(b).x).toBe(150);
    scheduler.advance(1);
    link.flush();
    expect(note(b).x).toBe(160);
  });

  it("sends a drag without time passing as a single transaction at pointer-up", () => {
    const { a, writes, scheduler, link } = setup();
    a.editor.createShape({ id: NOTE, type: "note", x: 100, y: 100 });
    scheduler.advance(DEFAULT_BATCH_MS);
    link.flush();
    const before = writes(a);
    input.down(a.editor, 150, 150, NOTE);
    for (let step = 1; step <= 60; step++) input.move(a.editor, 150 + step * 5, 150);
    expect(writes(a) - before).toBe(0);
    input.up(a.editor, 450, 150);
    expect(writes(a) - before).toBe(1);
  });

  it("does not yank a dragged shape; remote changes apply when the user lets go", () => {
    const { a, b, link, scheduler } = setup();
    a.editor.createShape({ id: NOTE, type: "note", x: 100, y: 100, props: { color: "yellow" } });
    scheduler.advance(DEFAULT_BATCH_MS);
    link.flush();
    input.down(a.editor, 150, 150, NOTE);
    input.move(a.editor, 200, 150);
    input.move(a.editor, 250, 150);
    b.editor.updateShape({ id: NOTE, type: "note", x: -500, props: { color: "violet" } });
    b.binding.flush();
    link.flush();
    // Still where A's hand holds it, and not recoloured under them.
    expect(note(a)).toMatchObject({ x: 200, props: { color: "yellow" } });
    input.up(a.editor, 250, 150);
    link.flush();
    // A let go later than B's move, so A's position wins; B's recolour survives.
    for (const peer of [a, b])
      expect(note(peer)).toMatchObject({ x: 200, props: { color: "violet" } });
    expect(documentRecords(a.editor)).toEqual(documentRecords(b.editor));
  });

  it("does not change a note under someone typing in it until they stop", () => {
    const { a, b, link, scheduler } = setup();
    a.editor.createShape({ id: NOTE, type: "note", x: 0, y: 0, props: { color: "yellow" } });
    scheduler.advance(DEFAULT_BATCH_MS);
    link.flush();
    a.editor.select(NOTE);
    a.editor.setEditingShape(NOTE);
    expect(a.editor.getEditingShapeId()).toBe(NOTE);
    b.editor.updateShape({ id: NOTE, type: "note", props: { color: "red" } });
    b.binding.flush();
    link.flush();
    expect(note(a).props.color).toBe("yellow");
    a.editor.setEditingShape(null);
    expect(note(a).props.color).toBe("red");
  });

  it("read-only: local changes are not written, remote ones still apply", () => {
    const { a, b, writes, settle } = setup({ bReadOnly: true });
    expect(b.binding.isReadOnly()).toBe(true);
    b.editor.createShape({ id: createShapeId("local"), type: "note", x: 1, y: 1 });
    settle();
    expect(writes(b)).toBe(0);
    expect(a.editor.getShape(createShapeId("local"))).toBeUndefined();
    a.editor.createShape({ id: NOTE, type: "note", x: 3, y: 3 });
    settle();
    expect(note(b).x).toBe(3);
    b.binding.setReadOnly(false);
    b.editor.updateShape({ id: NOTE, type: "note", x: 33 });
    settle();
    expect(note(a).x).toBe(33);
  });

  it("loads a doc that has its own page, replacing the default page", () => {
    const scheduler = new ManualScheduler();
    const a = createPeer(scheduler);
    const pageId = PageRecordType.createId("workshop");
    a.editor.createPage({ id: pageId, name: "Workshop" });
    a.editor.setCurrentPage(pageId);
    a.editor.deletePage(PageRecordType.createId("page"));
    a.editor.createShape({ id: NOTE, type: "note", x: 1, y: 2 });
    a.binding.flush();
    const docC = new Y.Doc();
    Y.applyUpdate(docC, Y.encodeStateAsUpdate(a.doc));
    const c = createPeer(scheduler, { doc: docC });
    cleanups.push(() => {
      a.binding.dispose();
      c.binding.dispose();
    });
    expect(c.editor.getPages().map((p) => p.id)).toEqual([pageId]);
    expect(c.editor.getCurrentPageId()).toBe(pageId);
    expect(note(c).parentId).toBe(pageId);
    expect(documentRecords(c.editor)).toEqual(documentRecords(a.editor));
  });

  it("migrates records as it reads them when the doc's schema is older than the client's", () => {
    const scheduler = new ManualScheduler();
    const a = createPeer(scheduler);
    const old = new Y.Doc();
    Y.applyUpdate(old, Y.encodeStateAsUpdate(a.doc));
    const schema = a.editor.store.schema.serialize();
    old.transact(() => {
      old.getMap("meta").set("schema", {
        ...schema,
        sequences: { ...schema.sequences, "com.tldraw.shape.note": 8 },
      });
      getRecordsMap(old).set(
        NOTE,
        recordToYMap({
          id: NOTE,
          typeName: "shape",
          type: "note",
          parentId: "page:page",
          index: "a1",
          x: 1,
          y: 2,
          rotation: 0,
          isLocked: false,
          opacity: 1,
          meta: {},
          props: {
            color: "yellow",
            labelColor: "black",
            size: "m",
            font: "draw",
            fontSizeAdjustment: 0,
            align: "middle",
            verticalAlign: "middle",
            growY: 0,
            url: "",
            scale: 1,
            text: "from an older client",
          },
        }),
      );
    });
    const c = createPeer(scheduler, { doc: old });
    cleanups.push(() => {
      a.binding.dispose();
      c.binding.dispose();
    });
    expect(c.binding.getQuarantine()).toEqual([]);
    expect(c.editor.getShape(NOTE)).toBeDefined();
    expect(c.logs.some((l) => l.level === "warn" && l.msg.includes("schema"))).toBe(true);
  });

  it("dispose flushes pending changes and stops syncing", () => {
    const { a, b, link } = setup();
    a.editor.createShape({ id: NOTE, type: "note", x: 1, y: 1 });
    a.binding.dispose();
    link.flush();
    expect(note(b).x).toBe(1);
    a.editor.updateShape({ id: NOTE, type: "note", x: 2 });
    b.editor.updateShape({ id: NOTE, type: "note", y: 5 });
    b.binding.flush();
    link.flush();
    expect(note(a)).toMatchObject({ x: 2, y: 1 });
  });
});
