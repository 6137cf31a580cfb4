import { getRecordsMap, type PlainRecord, yMapToRecord } from "@tablecloth/tldraw-yjs/server";
import * as Y from "yjs";

/** A board's tldraw records by id, as plain JSON. */
export type BoardRecords = ReadonlyMap<string, PlainRecord>;

/** The tldraw records a board doc holds (entries that are not a record map are skipped). */
export function readBoardRecords(doc: Y.Doc): Map<string, PlainRecord> {
  const records = new Map<string, PlainRecord>();
  getRecordsMap(doc).forEach((value, id) => {
    if (!(value instanceof Y.Map)) return;
    const record = yMapToRecord(value);
    if (typeof record.typeName !== "string") return;
    records.set(id, { ...record, id, typeName: record.typeName });
  });
  return records;
}

/** The records of a board doc's state (a Yjs update, as `DocStore.stateAt` returns it). */
export function recordsOfState(state: Uint8Array): Map<string, PlainRecord> {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return readBoardRecords(doc);
  } finally {
    doc.destroy();
  }
}
