/** Every name, limit and timing of the binding, with its default, in one place. */

/**
 * At most one Yjs transaction of local store changes per this many ms (33 ms ≈ 30 Hz, the rate
 * tldraw's own sync client sends at while others are connected). A change after a quiet spell is
 * written at once (next loop turn); changes within the window of the last write wait for its end.
 */
export const DEFAULT_BATCH_MS = 33;

/** Local presence is published to awareness at most this often (ms): 50 ms = 20 Hz. */
export const DEFAULT_PRESENCE_INTERVAL_MS = 50;

/** Top-level `Y.Map` of the board doc: record id → `Y.Map` of that record's fields. */
export const RECORDS_MAP_NAME = "records";

/** Top-level `Y.Map` of the board doc holding document-wide metadata (the schema). */
export const META_MAP_NAME = "meta";

/** Key in the meta map: the serialized tldraw schema (`store.schema.serialize()`) as an object. */
export const SCHEMA_KEY = "schema";

/** Field of the local awareness state carrying this client's tldraw `instance_presence` record. */
export const PRESENCE_FIELD = "presence";

/** Record fields stored as nested `Y.Map`s so concurrent edits to different sub-fields merge. */
export const NESTED_FIELDS: readonly string[] = ["props", "meta"];

/**
 * Record types a client drops from its store when it binds to a doc that already has records:
 * the default page and whatever was on it. Other local document records the doc lacks (a user's
 * own `user` record) are added to the doc instead.
 */
export const REPLACED_ON_LOAD_TYPES: readonly string[] = ["page", "shape", "binding", "asset"];

/**
 * Editor states (full paths, as `editor.isIn` takes them) during which the shapes the user holds
 * are protected from remote changes until they let go.
 */
export const PROTECTED_EDITOR_STATES: readonly string[] = [
  "select.translating",
  "select.resizing",
  "select.rotating",
  "select.dragging_handle",
  "select.editing_shape",
  "select.cropping",
  "select.crop",
];

/** Transaction origin tag used by `migrateBoardDoc`. */
export const MIGRATION_ORIGIN = "tldraw-yjs:migrate";

/**
 * Most bytes (UTF-8 JSON) of the presence this client publishes. The server closes a sender whose
 * whole awareness state passes its `maxAwarenessStateBytes` (8 KiB by default) with a final 4413,
 * so a presence is trimmed (selection, scribbles, chat) to half of that, leaving room for the
 * state's other fields. An honest user with a huge selection or a long laser stroke is never kicked.
 */
export const DEFAULT_PRESENCE_MAX_BYTES = 4 * 1024;

/** Key in a trimmed presence's `meta`: how many shapes the user really has selected. */
export const SELECTED_COUNT_META_KEY = "selectedShapeCount";
