import * as Y from "yjs";
import type { CafeTable } from "../cafeDocLayout";
import { writeSeat, writeTables } from "../writeCafe";

export function table(
  id: string,
  hostId: string | null,
  extra: Partial<CafeTable> = {},
): CafeTable {
  return {
    id,
    name: `Table ${id}`,
    question: null,
    hostId,
    boardId: null,
    docName: null,
    capacity: null,
    ...extra,
  };
}

/** A control doc with `tableCount` hosted tables, each with `travellersPerTable` people. */
export function seededCafeDoc(tableCount: number, travellersPerTable: number): Y.Doc {
  const doc = new Y.Doc();
  const tables: CafeTable[] = [];
  for (let t = 0; t < tableCount; t++) tables.push(table(`t${t}`, `h${t}`));
  writeTables(doc, tables);
  for (let t = 0; t < tableCount; t++) {
    writeSeat(doc, `h${t}`, { tableId: `t${t}`, presence: "in-room" });
    for (let i = 0; i < travellersPerTable; i++) {
      const id = `p${t * travellersPerTable + i}`;
      writeSeat(doc, id, { tableId: `t${t}`, presence: i % 2 === 0 ? "in-room" : "remote" });
    }
  }
  return doc;
}

/** Two docs kept in sync both ways, like two facilitators' browsers through the server. */
export function syncedPair(): [Y.Doc, Y.Doc] {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on("update", (update: Uint8Array, origin: unknown) => {
    if (origin !== "remote") Y.applyUpdate(b, update, "remote");
  });
  b.on("update", (update: Uint8Array, origin: unknown) => {
    if (origin !== "remote") Y.applyUpdate(a, update, "remote");
  });
  return [a, b];
}
