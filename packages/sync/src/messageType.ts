/** y-websocket protocol v1 message types (first varuint of every frame). */
export const MessageType = {
  Sync: 0,
  Awareness: 1,
  Auth: 2,
  QueryAwareness: 3,
} as const;

/** y-protocols sync sub-types (second varuint of a `MessageType.Sync` frame). */
export const SyncMessageType = {
  Step1: 0,
  Step2: 1,
  Update: 2,
} as const;
