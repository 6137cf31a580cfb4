import type { PlainRecord } from "@tablecloth/tldraw-yjs/server";
import { readDocSchema } from "@tablecloth/tldraw-yjs/server";
import * as Y from "yjs";
import { readBoardRecords } from "../history/boardRecords";
import type { RenderRequest } from "./BoardRenderer";

/** A board's records and schema from a doc state (a `stateAt` answer). */
export function decodeBoardState(state: Uint8Array): {
  records: Map<string, PlainRecord>;
  schema: unknown;
} {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return { records: readBoardRecords(doc), schema: readDocSchema(doc) };
  } finally {
    doc.destroy();
  }
}

/** What the renderer needs of decoded records. */
export function renderRequestOf(decoded: {
  records: ReadonlyMap<string, PlainRecord>;
  schema: unknown;
}): RenderRequest {
  return { records: Object.fromEntries(decoded.records), schema: decoded.schema };
}
