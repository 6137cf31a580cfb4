import { react, type SerializedSchema, type TLRecord, type TLStore } from "@tldraw/editor";
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import type { BindTldrawToYjsOptions } from "./BindTldrawToYjsOptions";
import { bindPresence } from "./bindPresence";
import {
  getRecordsMap,
  readDocSchema,
  type StoredSchema,
  sameSchema,
  writeDocSchema,
} from "./boardDoc";
import {
  DEFAULT_BATCH_MS,
  DEFAULT_PRESENCE_INTERVAL_MS,
  DEFAULT_PRESENCE_MAX_BYTES,
  REPLACED_ON_LOAD_TYPES,
} from "./config";
import { silentLogger } from "./Logger";
import { overlayLocalChange } from "./overlayLocalChange";
import { Quarantine, type QuarantinedRecord } from "./Quarantine";
import { jsonEqual, recordToYMap, writeRecordDiff, yMapToRecord } from "./recordCodec";
import { globalScheduler, type TimerHandle } from "./Scheduler";
import type { TldrawYjsBinding } from "./TldrawYjsBinding";
import { type InteractionWatch, watchInteraction } from "./watchInteraction";

/** A local change not yet written: the record before the first and after the last change. */
type PendingChange = { before: TLRecord | null; after: TLRecord | null };

/**
 * Bind a tldraw store to a Y.Doc (and, when `awareness` is given, presence to Yjs awareness).
 *
 * - Document-scope records live in the doc's `records` map, each a `Y.Map` of its fields with
 *   `props` and `meta` as nested `Y.Map`s, so concurrent edits of different fields both survive.
 * - Local user changes are throttled: at most one `doc.transact(…, origin)` per `batchMs` (33 ms);
 *   the first change after a quiet spell is written on the next loop turn, later ones at the end
 *   of the window; pointer-up / `flush()` write at once; only changed fields are written.
 * - Remote changes are applied with `store.mergeRemoteChanges` (so never echoed back); a record
 *   that fails validation is quarantined and logged, and the rest still applies.
 * - Shapes the local user is dragging or typing in keep their local state until released.
 *
 * Bind after the doc has its stored state (e.g. after the provider's first sync): if the doc has
 * records they replace the store's document; if it is empty, the store's document is written.
 *
 * @returns a handle; call `dispose()` to unbind.
 */
export function bindTldrawToYjs(
  store: TLStore,
  doc: Y.Doc,
  awareness: Awareness | null,
  options: BindTldrawToYjsOptions = {},
): TldrawYjsBinding {
  const logger = options.logger ?? silentLogger;
  const scheduler = options.scheduler ?? globalScheduler;
  const batchMs = options.batchMs ?? DEFAULT_BATCH_MS;
  const origin: unknown = options.origin ?? { tldrawYjsBinding: doc.clientID };
  const editor = options.editor;
  const records = getRecordsMap(doc);
  const quarantine = new Quarantine();
  const pending = new Map<string, PendingChange>();
  /** Remote changes to records the user holds, applied when they let go. */
  const deferred = new Set<string>();
  let readOnly = options.readOnly ?? false;
  let timer: TimerHandle | null = null;
  /** When the last batch was written (scheduler time); the next waits until `batchMs` after it. */
  let lastFlushAt = Number.NEGATIVE_INFINITY;
  let disposed = false;

  const scopeOf = (typeName: unknown): string | undefined => {
    if (typeof typeName !== "string") return undefined;
    const types = store.schema.types as Record<string, { scope?: string } | undefined>;
    return Object.hasOwn(types, typeName) ? types[typeName]?.scope : undefined;
  };

  const localDocumentRecordIds = (): string[] =>
    store
      .allRecords()
      .filter((r) => scopeOf(r.typeName) === "document")
      .map((r) => r.id);

  // --- local → doc -------------------------------------------------------------------------

  const flush = () => {
    if (timer !== null) {
      scheduler.clearTimeout(timer);
      timer = null;
    }
    // The store hands changes to listeners on the next animation frame; take them now.
    store._flushHistory();
    if (pending.size === 0) return;
    lastFlushAt = scheduler.now();
    const batch = [...pending];
    pending.clear();
    let writes = 0;
    /** Local changes the doc overruled: the store must be brought back in line with the doc. */
    const overruled: string[] = [];
    doc.transact(() => {
      if (!readDocSchema(doc)) writeDocSchema(doc, store.schema.serialize());
      for (const [id, { before, after }] of batch) {
        const current = records.get(id);
        if (after === null) {
          if (before !== null && current !== undefined) {
            records.delete(id);
            writes++;
          }
          continue;
        }
        if (!(current instanceof Y.Map)) {
          if (before !== null && current === undefined) {
            // Deleted by someone else while we changed it: the deletion wins.
            logger.debug("tldraw-yjs: local change to a record deleted remotely dropped", { id });
            overruled.push(id);
            continue;
          }
          records.set(id, recordToYMap(after));
          writes++;
          continue;
        }
        writes += writeRecordDiff(current, before ?? yMapToRecord(current), after);
      }
    }, origin);
    logger.debug("tldraw-yjs: flushed local changes", { records: batch.length, writes });
    if (overruled.length > 0) applyRemote(overruled);
  };

  /** Leading-edge throttle: at once after a quiet spell, else at the end of the window. */
  const schedule = () => {
    if (timer !== null) return;
    const wait = Math.max(0, lastFlushAt + batchMs - scheduler.now());
    timer = scheduler.setTimeout(flush, wait);
  };

  const note = (id: string, before: TLRecord | null, after: TLRecord | null) => {
    const existing = pending.get(id);
    // Deleted then created again here: a new record, not an edit of the one deleted (which the doc
    // may meanwhile hold in someone else's version).
    const recreated = existing?.after === null && before === null;
    pending.set(id, { before: existing && !recreated ? existing.before : before, after });
  };

  const stopListening = store.listen(
    ({ changes }) => {
      if (readOnly || disposed) return;
      for (const record of Object.values(changes.added)) note(record.id, null, record);
      for (const [from, to] of Object.values(changes.updated)) note(to.id, from, to);
      for (const record of Object.values(changes.removed)) note(record.id, record, null);
    },
    { source: "user", scope: "document" },
  );
  // Arm the batch timer as soon as the store changes (listeners only hear of it a frame later).
  let armed = false;
  const stopArming = react("tldraw-yjs batch timer", () => {
    store.history.get();
    if (armed && !readOnly && !disposed) schedule();
    armed = true;
  });

  // --- doc → local -------------------------------------------------------------------------

  let watch: InteractionWatch | null = null;

  const quarantineRecord = (id: string, record: unknown, error: unknown) => {
    const entry: QuarantinedRecord = {
      id,
      record,
      reason: error instanceof Error ? error.message : String(error),
      at: scheduler.now(),
    };
    quarantine.add(entry);
    logger.warn("tldraw-yjs: remote record quarantined", { id, reason: entry.reason });
    options.onQuarantine?.(entry);
  };

  /** The valid store record for the doc's `id`, null for "absent", or undefined when rejected. */
  const ourSchema = store.schema.serialize();

  /** The doc's schema when it differs from ours (records must be migrated as they are read). */
  const foreignDocSchema = (): StoredSchema | null => {
    const stored = readDocSchema(doc);
    return stored && !sameSchema(stored, ourSchema) ? stored : null;
  };

  const readRecord = (
    id: string,
    current: unknown,
    docSchema: StoredSchema | null,
  ): TLRecord | null | undefined => {
    if (current === undefined) return null;
    if (!(current instanceof Y.Map)) {
      quarantineRecord(id, current, new Error("record is not a Y.Map"));
      return undefined;
    }
    let raw: Record<string, unknown> = yMapToRecord(current);
    try {
      if (raw.id !== id) throw new Error(`record id ${String(raw.id)} does not match key ${id}`);
      if (scopeOf(raw.typeName) !== "document") {
        throw new Error(`type ${String(raw.typeName)} is not a document record type`);
      }
      if (docSchema) {
        // Normally the server migrated the doc on load; this covers a doc it has not (yet).
        const migrated = store.schema.migratePersistedRecord(
          raw as unknown as TLRecord,
          docSchema as SerializedSchema,
          "up",
        );
        if (migrated.type === "error") throw new Error(`cannot migrate: ${migrated.reason}`);
        raw = migrated.value as unknown as Record<string, unknown>;
      }
      const local = pending.get(id);
      if (local?.after && local.before) raw = overlayLocalChange(raw, local.before, local.after);
      const before = store.get(id as TLRecord["id"]) ?? null;
      return store.schema.validateRecord(
        store,
        raw as unknown as TLRecord,
        before ? "updateRecord" : "createRecord",
        before,
      );
    } catch (error) {
      quarantineRecord(id, raw, error);
      return undefined;
    }
  };

  const putAll = (puts: TLRecord[], removes: TLRecord["id"][]) => {
    if (puts.length === 0 && removes.length === 0) return;
    try {
      store.mergeRemoteChanges(() => {
        if (removes.length > 0) store.remove(removes);
        if (puts.length > 0) store.put(puts);
      });
    } catch (error) {
      // One record the schema accepted but the store refused: retry one by one so only it stays out.
      logger.warn("tldraw-yjs: batch apply failed, applying records one by one", {
        error: String(error),
      });
      for (const id of removes) {
        store.mergeRemoteChanges(() => store.remove([id]));
      }
      for (const record of puts) {
        try {
          store.mergeRemoteChanges(() => store.put([record]));
        } catch (err) {
          quarantineRecord(record.id, record, err);
        }
      }
    }
  };

  const applyRemote = (ids: Iterable<string>) => {
    // Local changes not yet heard of must be pending before we decide what a remote change means.
    store._flushHistory();
    const docSchema = foreignDocSchema();
    const puts: TLRecord[] = [];
    const removes: TLRecord["id"][] = [];
    for (const id of ids) {
      if (watch?.isHeld(id)) {
        deferred.add(id);
        logger.debug("tldraw-yjs: remote change deferred", { id });
        continue;
      }
      const local = pending.get(id);
      if (local && local.after === null) {
        // Created and deleted here before any flush: nothing to say about the record.
        if (local.before === null) pending.delete(id);
        // A local deletion not yet written wins; the flush deletes it from the doc.
        else continue;
      }
      if (local?.after && local.before === null) {
        // Created here, not yet written, and someone else has a record with this id: their
        // record becomes the base our creation changes, as if we had edited theirs.
        const theirs = readRecord(id, records.get(id), docSchema);
        if (!theirs) continue;
        local.before = theirs;
      }
      const record = readRecord(id, records.get(id), docSchema);
      if (record === undefined) continue;
      quarantine.release(id);
      const existing = store.get(id as TLRecord["id"]);
      if (record === null) {
        if (existing) removes.push(existing.id);
        continue;
      }
      if (existing && jsonEqual(existing, record)) continue;
      puts.push(record);
    }
    putAll(puts, removes);
  };

  const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[], tx: Y.Transaction) => {
    if (tx.origin === origin || disposed) return;
    const ids = new Set<string>();
    for (const event of events) {
      if (event.target === records) {
        for (const key of event.changes.keys.keys()) ids.add(key);
      } else {
        const first = event.path[0];
        if (typeof first === "string") ids.add(first);
      }
    }
    applyRemote(ids);
  };

  // --- initial sync ------------------------------------------------------------------------

  const docSchema = readDocSchema(doc);
  if (docSchema && !sameSchema(docSchema, ourSchema)) {
    logger.warn("tldraw-yjs: board doc schema differs from this client's", {
      doc: docSchema,
      client: ourSchema,
    });
  }
  if (records.size > 0) {
    // The doc is the truth: load it, replacing the local default page and its content. Other
    // local document records it lacks (this user's own `user` record) are added to it.
    const localOnly = localDocumentRecordIds().filter((id) => !records.has(id));
    const replaced = localOnly.filter((id) =>
      REPLACED_ON_LOAD_TYPES.includes(store.get(id as TLRecord["id"])?.typeName ?? ""),
    );
    applyRemote(new Set([...records.keys(), ...replaced]));
    const added = localOnly.filter((id) => !replaced.includes(id));
    if (!readOnly && (!docSchema || added.length > 0)) {
      doc.transact(() => {
        if (!docSchema) writeDocSchema(doc, ourSchema);
        for (const id of added) {
          const record = store.get(id as TLRecord["id"]);
          if (record) records.set(id, recordToYMap(record));
        }
      }, origin);
    }
  } else if (!readOnly) {
    doc.transact(() => {
      writeDocSchema(doc, ourSchema);
      for (const id of localDocumentRecordIds()) {
        const record = store.get(id as TLRecord["id"]);
        if (record) records.set(id, recordToYMap(record));
      }
    }, origin);
  }
  records.observeDeep(observer);

  // --- editor hooks, presence ----------------------------------------------------------------

  const cleanups: Array<() => void> = [];
  if (editor) {
    watch = watchInteraction(editor, (released) => {
      flush();
      const ready = released.filter((id) => deferred.delete(id));
      if (ready.length > 0) applyRemote(ready);
    });
    const onEvent = (info: { type: string; name: string }) => {
      if (info.type === "pointer" && info.name === "pointer_up") flush();
    };
    editor.on("event", onEvent);
    cleanups.push(() => editor.off("event", onEvent));
  }
  if (awareness) {
    cleanups.push(
      bindPresence({
        store,
        awareness,
        user: options.user,
        editor,
        intervalMs: options.presenceIntervalMs ?? DEFAULT_PRESENCE_INTERVAL_MS,
        maxBytes: options.presenceMaxBytes ?? DEFAULT_PRESENCE_MAX_BYTES,
        scheduler,
        logger,
      }),
    );
  }

  return {
    origin,
    flush,
    dispose() {
      if (disposed) return;
      flush();
      disposed = true;
      stopListening();
      stopArming();
      records.unobserveDeep(observer);
      watch?.dispose();
      for (const cleanup of cleanups) cleanup();
    },
    setReadOnly(next) {
      if (next && !readOnly) flush();
      readOnly = next;
    },
    isReadOnly: () => readOnly,
    getQuarantine: () => quarantine.list(),
  };
}
