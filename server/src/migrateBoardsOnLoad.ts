import type { Logger } from "@tablecloth/sync";
import { migrateBoardDoc } from "@tablecloth/tldraw-yjs/server";
import { createTLSchema } from "@tldraw/tlschema";
import type * as Y from "yjs";

/**
 * The room engine's `onLoad` hook: runs tldraw's schema migrations on a board once, on the server,
 * when it loads (design.md rule 9), so no client ever migrates a shared board on its own. Docs
 * without tldraw records (control docs, empty boards) are left untouched. The schema is built
 * once per process, not per load.
 */
export function migrateBoardsOnLoad(logger: Logger): (docName: string, doc: Y.Doc) => void {
  const schema = createTLSchema();
  return (docName, doc) => {
    const result = migrateBoardDoc(doc, { schema, logger });
    switch (result.status) {
      case "up-to-date":
        return;
      case "migrated":
        logger.info("board migrated on load", {
          docName,
          migrated: result.migrated,
          removed: result.removed,
          added: result.added,
        });
        return;
      case "failed":
        // The doc is left exactly as stored; clients of a newer tldraw can still open it.
        logger.warn("board migration failed on load; doc left as stored", {
          docName,
          reason: result.reason,
        });
        return;
    }
  };
}
