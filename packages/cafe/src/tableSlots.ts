import * as Y from "yjs";
import { CAFE_KEYS, CAFE_MAPS } from "./cafeDocLayout";
import { isTableEntry, parseTableOrder } from "./parseCafeValues";

/** One table's claim on a slot, as stored: `slot` is whatever the table's map holds. */
export interface SlotClaim {
  readonly id: string;
  /** The table's display order (ties between two claims of one slot go to the lower). */
  readonly order: number;
  readonly slot: unknown;
}

/** Which table each slot names, and the reverse. */
export interface TableSlots {
  readonly tableBySlot: ReadonlyMap<number, string>;
  readonly slotByTable: ReadonlyMap<string, number>;
  /** Every usable table (with or without a slot). */
  readonly tableIds: ReadonlySet<string>;
  /** Tables that need a slot: none yet (older café), a malformed one, or one lost to another. */
  readonly unslotted: readonly string[];
  /** The highest slot any table claims, valid or lost; 0 when none does. */
  readonly highest: number;
  /** Malformed and duplicate slots, for logs. */
  readonly problems: readonly string[];
}

function isSlot(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1;
}

function byOrderThenId(a: SlotClaim, b: SlotClaim): number {
  return a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Indexes slot claims. Two tables claiming one slot is resolved the same way by every reader:
 * the lower `order`, then the lower id, keeps it; the other reads as having no slot (its seats
 * read as the winner's, which is what everyone already sees) until a writer gives it a new one.
 */
export function indexTableSlots(claims: readonly SlotClaim[]): TableSlots {
  const tableBySlot = new Map<number, string>();
  const slotByTable = new Map<string, number>();
  const unslotted: string[] = [];
  const problems: string[] = [];
  let highest = 0;
  for (const claim of [...claims].sort(byOrderThenId)) {
    const { id, slot } = claim;
    if (slot === undefined || slot === null) {
      unslotted.push(id);
      continue;
    }
    if (!isSlot(slot)) {
      problems.push(`table "${id}": malformed slot`);
      unslotted.push(id);
      continue;
    }
    highest = Math.max(highest, slot);
    const owner = tableBySlot.get(slot);
    if (owner !== undefined) {
      problems.push(
        `table "${id}": slot ${slot} is also "${owner}"'s; seats there read as "${owner}"`,
      );
      unslotted.push(id);
      continue;
    }
    tableBySlot.set(slot, id);
    slotByTable.set(id, slot);
  }
  return {
    tableBySlot,
    slotByTable,
    tableIds: new Set(claims.map((c) => c.id)),
    unslotted,
    highest,
    problems,
  };
}

/**
 * The slot claims of the tables `readCafe` would list (nested maps with a name), without
 * parsing the rest: the seat writers need only this.
 */
export function readTableSlots(doc: Y.Doc): TableSlots {
  const claims: SlotClaim[] = [];
  doc.getMap<unknown>(CAFE_MAPS.tables).forEach((value, id) => {
    if (!(value instanceof Y.Map) || !isTableEntry(id, value.get("name"))) return;
    claims.push({
      id,
      order: parseTableOrder(value.get("order")),
      slot: value.get(CAFE_KEYS.slot),
    });
  });
  return indexTableSlots(claims);
}

/**
 * Gives every table that needs one a fresh slot, in display order, above both `lastSlot` and
 * every slot in use (so a deleted table's slot is never given again), and records the new
 * `lastSlot`. Writes nothing when every table has its slot. Returns the slots afterwards.
 */
export function assignTableSlots(doc: Y.Doc): TableSlots {
  const before = readTableSlots(doc);
  if (before.unslotted.length === 0) return before;
  const settings = doc.getMap<unknown>(CAFE_MAPS.settings);
  const tables = doc.getMap<unknown>(CAFE_MAPS.tables);
  const stored = settings.get(CAFE_KEYS.lastSlot);
  let last = Math.max(before.highest, isSlot(stored) ? stored : 0);
  doc.transact(() => {
    for (const id of before.unslotted) {
      const fields = tables.get(id);
      if (fields instanceof Y.Map) fields.set(CAFE_KEYS.slot, ++last);
    }
    settings.set(CAFE_KEYS.lastSlot, last);
  });
  return readTableSlots(doc);
}

/**
 * The table a stored seat's `at` names: its id, `null` for not seated, or `undefined` when it
 * names a slot or table that does not exist (any more).
 */
export function tableOfSeat(
  at: number | string | null,
  slots: TableSlots,
): string | null | undefined {
  if (at === null) return null;
  if (typeof at === "number") return slots.tableBySlot.get(at);
  return slots.tableIds.has(at) ? at : undefined;
}
