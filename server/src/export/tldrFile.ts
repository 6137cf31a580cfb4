import type { PlainRecord } from "@tablecloth/tldraw-yjs/server";
import {
  createTLSchema,
  DocumentRecordType,
  PageRecordType,
  TLDOCUMENT_ID,
} from "@tldraw/tlschema";

/** tldraw's own file format version (what tldraw.com and `parseTldrawJsonFile` read). */
export const TLDRAW_FILE_FORMAT_VERSION = 1;

/** The schema of this server's tldraw, for boards whose doc does not carry one. */
export const CURRENT_SCHEMA = createTLSchema().serialize();

/** A document and a page for boards that never got them (a board no browser opened yet). */
function withDocumentAndPage(records: readonly PlainRecord[]): PlainRecord[] {
  const out = [...records];
  if (!out.some((r) => r.typeName === "document")) {
    out.push(DocumentRecordType.create({ id: TLDOCUMENT_ID }) as unknown as PlainRecord);
  }
  if (!out.some((r) => r.typeName === "page")) {
    out.push(
      PageRecordType.create({
        id: PageRecordType.createId("page"),
        name: "Page 1",
        index: "a1" as never,
      }) as unknown as PlainRecord,
    );
  }
  return out;
}

/**
 * A board as a `.tldr` file, `{tldrawFileFormatVersion, schema, records}`: tldraw.com and any
 * tldraw app open it (File → Open). Only the board's document records: no one's camera or
 * selection, and no presence.
 */
export function tldrFile(records: Iterable<PlainRecord>, schema: unknown): string {
  const document = [...records].filter(
    // `user` records carry the name of everyone who opened the board: never in a file that is
    // given away (the personal pack and anonymous exports promise no names).
    (r) => r.typeName !== "instance_presence" && r.typeName !== "pointer" && r.typeName !== "user",
  );
  return JSON.stringify({
    tldrawFileFormatVersion: TLDRAW_FILE_FORMAT_VERSION,
    schema: schema ?? CURRENT_SCHEMA,
    records: withDocumentAndPage(document),
  });
}
