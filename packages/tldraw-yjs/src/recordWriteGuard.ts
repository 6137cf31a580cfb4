import * as Y from "yjs";
import { RECORDS_MAP_NAME } from "./config";

/** The board doc's records map. */
const RECORDS = RECORDS_MAP_NAME;

/** A Yjs update as `Y.decodeUpdate` returns it. */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

/** Where an item of an update would be written: a live type of the doc, or an item of the update. */
type Parent =
  | { kind: "root"; name: string }
  | { kind: "type"; type: Y.AbstractType<unknown> }
  | { kind: "new"; item: Y.Item }
  | { kind: "unknown" };

function sameId(a: Y.ID, b: Y.ID): boolean {
  return a.client === b.client && a.clock === b.clock;
}

/** The doc's item holding `id`, or null when the doc has not seen that clock. */
function docItem(doc: Y.Doc, id: Y.ID): Y.Item | null {
  if (id.clock >= Y.getState(doc.store, id.client)) return null;
  const struct = Y.getItem(doc.store, id);
  return struct instanceof Y.Item ? struct : null;
}

/**
 * Finds the parent and key of each item of an update the way Yjs will when it integrates it: an
 * item with an explicit parent names it (a root type's name, or the id of the item holding a
 * nested type); an item with a neighbour (`origin`/`rightOrigin`) inherits its neighbour's parent
 * and key, and its neighbour may be in the doc or earlier in the same update.
 */
class UpdateResolver {
  private readonly own = new Map<number, Y.Item[]>();

  constructor(
    private readonly doc: Y.Doc,
    update: DecodedUpdate,
    private readonly isProtected: (recordId: string) => boolean,
  ) {
    for (const struct of update.structs) {
      if (!(struct instanceof Y.Item)) continue;
      const list = this.own.get(struct.id.client);
      if (list) list.push(struct);
      else this.own.set(struct.id.client, [struct]);
    }
  }

  private ownItem(id: Y.ID): Y.Item | null {
    for (const item of this.own.get(id.client) ?? []) {
      if (id.clock >= item.id.clock && id.clock < item.id.clock + item.length) return item;
    }
    return null;
  }

  /** The parent and key of an item of the update. */
  locate(item: Y.Item, depth = 0): { parent: Parent; sub: string | null } {
    if (depth > 64) return { parent: { kind: "unknown" }, sub: null };
    const parent = item.parent as unknown;
    if (typeof parent === "string")
      return { parent: { kind: "root", name: parent }, sub: item.parentSub };
    if (parent instanceof Y.ID) return { parent: this.typeAt(parent), sub: item.parentSub };
    if (parent instanceof Y.AbstractType)
      return { parent: { kind: "type", type: parent }, sub: item.parentSub };
    const neighbour = item.origin ?? item.rightOrigin;
    if (neighbour === null) return { parent: { kind: "unknown" }, sub: null };
    const inDoc = docItem(this.doc, neighbour);
    if (inDoc)
      return {
        parent: { kind: "type", type: inDoc.parent as Y.AbstractType<unknown> },
        sub: inDoc.parentSub,
      };
    const inUpdate = this.ownItem(neighbour);
    if (inUpdate && !sameId(inUpdate.id, item.id)) return this.locate(inUpdate, depth + 1);
    return { parent: { kind: "unknown" }, sub: null };
  }

  /** The type held by the item with `id` (a nested `Y.Map` of a record, say). */
  private typeAt(id: Y.ID): Parent {
    const inDoc = docItem(this.doc, id);
    if (inDoc && inDoc.content instanceof Y.ContentType)
      return { kind: "type", type: inDoc.content.type };
    const inUpdate = this.ownItem(id);
    if (inUpdate) return { kind: "new", item: inUpdate };
    return { kind: "unknown" };
  }

  /** Whether writing under `parent` at key `sub` writes into a protected record. */
  touchesProtected(parent: Parent, sub: string | null, depth = 0): boolean {
    if (depth > 64) return true;
    switch (parent.kind) {
      case "root":
        return parent.name === RECORDS && sub !== null && this.isProtected(sub);
      case "type": {
        const holder = parent.type._item;
        if (holder === null) {
          // A root type: the records map, keyed by record id.
          return (
            parent.type === this.doc.share.get(RECORDS) && sub !== null && this.isProtected(sub)
          );
        }
        const up = holder.parent;
        if (!(up instanceof Y.AbstractType)) return false;
        return this.touchesProtected({ kind: "type", type: up }, holder.parentSub, depth + 1);
      }
      case "new": {
        const located = this.locate(parent.item);
        return this.touchesProtected(located.parent, located.sub, depth + 1);
      }
      case "unknown":
        // The doc has no such parent: not a protected record, which is in the doc. Yjs keeps the item
        // pending, and the engine closes a sender whose gap never fills.
        return false;
    }
  }
}

/**
 * The record (its key in the records map) that a live item of the doc belongs to: the item
 * itself, a field of it, or a field of a nested map; null for anything outside the records map.
 */
function recordOf(doc: Y.Doc, item: Y.Item): string | null {
  const records = doc.share.get(RECORDS);
  let current: Y.Item | null = item;
  for (let depth = 0; current !== null && depth < 64; depth++) {
    const parent: unknown = current.parent;
    if (!(parent instanceof Y.AbstractType)) return null;
    if (parent === records) return current.parentSub;
    current = parent._item;
  }
  return null;
}

/**
 * Whether the update's delete set removes a live item of a protected record (the record's entry,
 * a field, a nested field). Walks only the deleted ranges, not every record of the board, so a
 * drag (each move replaces a field, so it deletes) costs the same on a board of any size.
 */
function deletesProtected(
  doc: Y.Doc,
  update: DecodedUpdate,
  isProtected: (recordId: string) => boolean,
): boolean {
  for (const [client, ranges] of update.ds.clients) {
    const structs = doc.store.clients.get(client);
    if (structs === undefined || structs.length === 0) continue;
    const known = Y.getState(doc.store, client);
    for (const range of ranges) {
      const end = Math.min(range.clock + range.len, known);
      if (range.clock >= end) continue;
      let index = Y.findIndexSS(structs, range.clock);
      for (; index < structs.length; index++) {
        const struct = structs[index];
        if (struct === undefined || struct.id.clock >= end) break;
        if (!(struct instanceof Y.Item) || struct.deleted) continue;
        const record = recordOf(doc, struct);
        if (record !== null && isProtected(record)) return true;
      }
    }
  }
  return false;
}

/** Options of `touchesRecords`. */
export interface TouchesRecordsOptions {
  /**
   * Field names nobody may write on any record (e.g. the facilitator-lock flag in `meta`): an
   * update that sets one, on a record old or new, counts as touching.
   */
  forbiddenKeys?: ReadonlySet<string>;
}

/**
 * Whether a client's update would change a protected record of a board doc: write a field of it
 * (moving it, unlocking it, relabelling it), replace or delete it, or create a record under its
 * id; or write one of `forbiddenKeys` anywhere. Pure: reads `doc`, never writes it. Resolves
 * every item the way Yjs will integrate it, so a field nested in `props` or `meta`, an item
 * placed only by its neighbour, and deletions by range are all seen, and items the doc already
 * holds (which Yjs skips) are not counted.
 */
export function touchesRecords(
  doc: Y.Doc,
  update: DecodedUpdate,
  isProtected: (recordId: string) => boolean,
  options: TouchesRecordsOptions = {},
): boolean {
  const resolver = new UpdateResolver(doc, update, isProtected);
  const forbidden = options.forbiddenKeys;
  for (const struct of update.structs) {
    if (!(struct instanceof Y.Item)) continue;
    // Yjs skips an item the doc already holds, so it writes nothing. An honest client sends such
    // items: a device whose offline cache loaded after its socket opened sends the whole cached
    // board, template and all, with what it made offline.
    if (struct.id.clock + struct.length <= Y.getState(doc.store, struct.id.client)) continue;
    const { parent, sub } = resolver.locate(struct);
    if (forbidden !== undefined && sub !== null && forbidden.has(sub)) return true;
    if (resolver.touchesProtected(parent, sub)) return true;
  }
  if (update.ds.clients.size === 0) return false;
  return deletesProtected(doc, update, isProtected);
}
