import { type DecodedUpdate, touchesRecords } from "@tablecloth/tldraw-yjs/server";
import type * as Y from "yjs";
import { isTemplateRecordId } from "./pathTemplate";

export type { DecodedUpdate };

/**
 * Whether a client's update would change the locked template of a PATH board: write a field of a
 * template record (moving it, unlocking it, relabelling it), replace or delete a template record,
 * or create a record under a template id. Pure: reads `doc`, never writes it. The server drops
 * such an update from anyone but a facilitator before it reaches the doc, the log or the peers.
 */
export function touchesPathTemplate(doc: Y.Doc, update: DecodedUpdate): boolean {
  return touchesRecords(doc, update, isTemplateRecordId);
}
