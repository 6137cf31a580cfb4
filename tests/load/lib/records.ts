import * as Y from "yjs";

/** Root map holding tldraw-like records, one `Y.Map` of fields per record (design rule 9). */
export const RECORDS_KEY = "records";

const FIELDS = ["id", "typeName", "type", "parentId", "index", "x", "y", "props"] as const;

/** Adds `count` shape-like records to a doc, `perTransaction` at a time (bounded frame sizes). */
export function addRecords(
  doc: Y.Doc,
  count: number,
  perTransaction = 500,
  prefix = "shape",
): void {
  const records = doc.getMap<Y.Map<unknown>>(RECORDS_KEY);
  for (let start = 0; start < count; start += perTransaction) {
    doc.transact(() => {
      for (let i = start; i < Math.min(count, start + perTransaction); i++) {
        const record = new Y.Map<unknown>();
        record.set("id", `${prefix}:${i}`);
        record.set("typeName", "shape");
        record.set("type", "geo");
        record.set("parentId", "page:page");
        record.set("index", `a${i.toString(36)}`);
        record.set("x", (i % 100) * 120);
        record.set("y", Math.floor(i / 100) * 80);
        record.set("props", { w: 100, h: 60, geo: "rectangle", color: "black", text: `note ${i}` });
        records.set(`${prefix}:${i}`, record);
      }
    });
  }
}

/** How many of the expected `count` records are present with all their fields. */
export function countIntactRecords(doc: Y.Doc, count: number, prefix = "shape"): number {
  const records = doc.getMap<Y.Map<unknown>>(RECORDS_KEY);
  let intact = 0;
  for (let i = 0; i < count; i++) {
    const record = records.get(`${prefix}:${i}`);
    if (record instanceof Y.Map && FIELDS.every((field) => record.has(field))) intact++;
  }
  return intact;
}
