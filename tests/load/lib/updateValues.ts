import * as Y from "yjs";

/** Calls `visit` with each plain (JSON) value an update inserts, without a Y.Doc. */
export function forEachInsertedValue(update: Uint8Array, visit: (value: unknown) => void): void {
  const { structs } = Y.decodeUpdate(update);
  for (const struct of structs) {
    if (struct instanceof Y.Item && struct.content instanceof Y.ContentAny) {
      for (const value of struct.content.arr) visit(value);
    }
  }
}
