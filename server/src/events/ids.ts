import { randomBytes, randomInt } from "node:crypto";
import { JOIN_CODE_ALPHABET } from "@tablecloth/protocol";

const ID_BYTES = 12;
/** Ids' worth of random bytes drawn at once (as Node's `randomUUID` caches its entropy). */
const IDS_PER_DRAW = 128;
let idPool = Buffer.alloc(0);
let idOffset = 0;

/**
 * Random opaque id, 16 URL-safe characters (96 bits): event, participant and board ids. The bytes
 * come from the CSPRNG 128 ids at a time (one draw, not a fresh buffer and draw per id: every post
 * of a marketplace rush takes one); each byte is used once.
 */
export function newId(): string {
  if (idOffset + ID_BYTES > idPool.length) {
    idPool = randomBytes(ID_BYTES * IDS_PER_DRAW);
    idOffset = 0;
  }
  const id = idPool.toString("base64url", idOffset, idOffset + ID_BYTES);
  idOffset += ID_BYTES;
  return id;
}

/** A random code of `length` characters from the unambiguous join-code alphabet. */
export function newCode(length: number): string {
  let code = "";
  for (let i = 0; i < length; i++) code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return code;
}

/** The control doc's name for an event; opaque to clients, who get it from the API. */
export function controlDocName(eventId: string): string {
  return `${eventId}.control`;
}

/** Whether `docName` is an event's control doc (see `controlDocName`). */
export function isControlDocName(docName: string): boolean {
  return docName.endsWith(".control");
}

/** A board doc's name. */
export function boardDocName(eventId: string, boardId: string): string {
  return `${eventId}.${boardId}`;
}

/**
 * The name of an event's server-only café rounds doc (past rounds' seatings, read by the rotation
 * planner; see `@tablecloth/cafe` `recordPastRound`). Written with `SyncControl.transact`, so it is
 * stored and logged like any doc, but no client can open it: doc access only knows the control
 * doc's and the boards' names (`findDocOwner`), so a socket asking for it is closed as not found.
 * Board ids are 16 base64url characters, so this name can never be a board's `${eventId}.${boardId}`.
 */
export function cafeRoundsDocName(eventId: string): string {
  return `${eventId}.cafe-rounds`;
}
