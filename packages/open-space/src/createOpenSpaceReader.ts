import type * as Y from "yjs";
import { OPEN_SPACE_MAPS } from "./openSpaceDocLayout";
import type { Report, Session, Whereabouts } from "./openSpaceTypes";
import {
  composeOpenSpaceRead,
  isOpenSpaceEntry,
  type OpenSpaceEntriesRead,
  type OpenSpaceEntryMap,
  type OpenSpaceEntryTypes,
  type OpenSpaceMetaRead,
  type OpenSpaceRead,
  readOpenSpace,
  readOpenSpaceEntries,
  readOpenSpaceMeta,
} from "./readOpenSpace";

/** What a doc's last read was made of, and what changed in the doc since. */
interface Memory {
  read: OpenSpaceRead | null;
  meta: OpenSpaceMetaRead;
  sessions: OpenSpaceEntriesRead<Session>;
  signUps: OpenSpaceEntriesRead<string[]>;
  where: OpenSpaceEntriesRead<Whereabouts>;
  reports: OpenSpaceEntriesRead<Report>;
  /** `os.meta` changed since it was read. */
  metaChanged: boolean;
  /** Keys of each entry map changed since it was read. */
  changedKeys: Map<OpenSpaceEntryMap, Set<string>>;
  /** A change this memory cannot follow key by key: read everything afresh. */
  stale: boolean;
}

const ENTRY_MAPS: readonly OpenSpaceEntryMap[] = ["sessions", "signUps", "where", "reports"];

/**
 * `readOpenSpace`, remembered per doc and brought up to date by what changed. A marketplace
 * burst reads the whole state once per post, and most posts (1,400 of 1,500 in the bench) are
 * refused and change nothing, so they share one read. A change is followed key by key
 * (`Y.Transaction.changed`): only the entries it touched are validated again, the rest of every
 * record is the last read's (a move among 2,000 people validated all 2,000 whereabouts on every
 * `PUT …/where`). A changed key of an entry that was there and stays valid is replaced in a copy
 * of its record (same key order as the doc's map); a new, deleted or malformed one reads its map
 * afresh, so order and problems are always `readOpenSpace`'s. The state is never mutated (the
 * rules return new objects), so sharing it is safe. A read inside a transaction that already
 * changed the doc is not remembered nor answered from memory.
 */
export function createOpenSpaceReader(): (doc: Y.Doc) => OpenSpaceRead {
  const memories = new WeakMap<Y.Doc, Memory>();
  const watched = new WeakSet<Y.Doc>();
  /** The entry map a top-level type is, per doc. */
  const entryMapsOf = new WeakMap<Y.Doc, Map<unknown, OpenSpaceEntryMap>>();
  const note = (transaction: Y.Transaction, doc: Y.Doc): void => {
    if (!changes(transaction)) return;
    const memory = memories.get(doc);
    if (memory === undefined || memory.stale) return;
    memory.read = null;
    if (transaction.changed.size === 0) {
      memory.stale = true;
      return;
    }
    const meta: unknown = doc.getMap<unknown>(OPEN_SPACE_MAPS.meta);
    const maps = entryMapsOf.get(doc);
    for (const [type, keys] of transaction.changed) {
      if (type === meta) {
        memory.metaChanged = true;
        continue;
      }
      const map = maps?.get(type);
      if (map === undefined) continue;
      let pending = memory.changedKeys.get(map);
      if (pending === undefined) {
        pending = new Set();
        memory.changedKeys.set(map, pending);
      }
      for (const key of keys) {
        if (key === null) {
          memory.stale = true;
          return;
        }
        pending.add(key);
      }
    }
  };
  const watch = (doc: Y.Doc): void => {
    if (watched.has(doc)) return;
    watched.add(doc);
    entryMapsOf.set(
      doc,
      new Map<unknown, OpenSpaceEntryMap>(
        ENTRY_MAPS.map((m) => [doc.getMap<unknown>(OPEN_SPACE_MAPS[m]), m]),
      ),
    );
    doc.on("afterTransaction", note);
  };
  const readAfresh = (doc: Y.Doc): Memory => ({
    read: null,
    meta: readOpenSpaceMeta(doc),
    sessions: readOpenSpaceEntries(doc, "sessions"),
    signUps: readOpenSpaceEntries(doc, "signUps"),
    where: readOpenSpaceEntries(doc, "where"),
    reports: readOpenSpaceEntries(doc, "reports"),
    metaChanged: false,
    changedKeys: new Map(),
    stale: false,
  });
  return (doc) => {
    const open = doc._transaction;
    if (open !== null && changes(open)) return readOpenSpace(doc);
    watch(doc);
    let memory = memories.get(doc);
    if (memory === undefined || memory.stale) {
      memory = readAfresh(doc);
      memories.set(doc, memory);
    } else if (memory.read !== null) {
      return memory.read;
    }
    if (memory.metaChanged) memory.meta = readOpenSpaceMeta(doc);
    memory.metaChanged = false;
    for (const [map, keys] of memory.changedKeys) {
      switch (map) {
        case "sessions":
          memory.sessions = brought(doc, map, memory.sessions, keys);
          break;
        case "signUps":
          memory.signUps = brought(doc, map, memory.signUps, keys);
          break;
        case "where":
          memory.where = brought(doc, map, memory.where, keys);
          break;
        case "reports":
          memory.reports = brought(doc, map, memory.reports, keys);
          break;
      }
    }
    memory.changedKeys.clear();
    memory.read = composeOpenSpaceRead(
      memory.meta,
      memory.sessions,
      memory.signUps,
      memory.where,
      memory.reports,
    );
    return memory.read;
  };
}

/**
 * `last` with the entries under `keys` read again: replaced in a copy when every one of them was
 * there and is still valid (nothing else can have moved), else the whole map read afresh.
 */
function brought<M extends OpenSpaceEntryMap>(
  doc: Y.Doc,
  map: M,
  last: OpenSpaceEntriesRead<OpenSpaceEntryTypes[M]>,
  keys: ReadonlySet<string>,
): OpenSpaceEntriesRead<OpenSpaceEntryTypes[M]> {
  const yMap = doc.getMap<unknown>(OPEN_SPACE_MAPS[map]);
  const replaced: [string, OpenSpaceEntryTypes[M]][] = [];
  for (const key of keys) {
    const value = yMap.get(key);
    if (!Object.hasOwn(last.entries, key) || !isOpenSpaceEntry(map, key, value)) {
      return readOpenSpaceEntries(doc, map);
    }
    replaced.push([key, value]);
  }
  const entries = { ...last.entries };
  for (const [key, value] of replaced) entries[key] = value;
  return { entries, problems: last.problems };
}

/** Whether a transaction changed anything (a type's content or a deletion). */
function changes(transaction: Y.Transaction): boolean {
  return transaction.changed.size > 0 || transaction.deleteSet.clients.size > 0;
}
