import {
  getMetaMap,
  getRecordsMap,
  readDocSchema,
  recordToYMap,
  SCHEMA_KEY,
  type StoredSchema,
} from "@tablecloth/tldraw-yjs/server";
import type * as Y from "yjs";
import { pathTemplateRecords } from "./pathTemplate";

/**
 * Writes the PATH template (page, arrow, title naming `focus`, eight regions) into a board doc,
 * in the records layout of `@tablecloth/tldraw-yjs`, with `schema` (tldraw's
 * `createTLSchema().serialize()`) when the doc has none. Call inside the server's write
 * transaction. Template records already there are replaced.
 */
export function seedPathBoard(doc: Y.Doc, focus: string, schema: StoredSchema): void {
  const records = getRecordsMap(doc);
  if (readDocSchema(doc) === null) getMetaMap(doc).set(SCHEMA_KEY, schema);
  for (const record of pathTemplateRecords(focus)) records.set(record.id, recordToYMap(record));
}
