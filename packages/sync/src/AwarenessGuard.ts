import { CloseCode } from "@tablecloth/protocol";
import type { Awareness } from "y-protocols/awareness";
import { type AwarenessEntry, isAwarenessNews, isNullState } from "./awarenessEntries";
import type { Connection } from "./Connection";
import type { SyncConfig } from "./SyncConfig";
import { SyncError } from "./SyncError";

/** The limits the guard enforces (see {@link SyncConfig}). */
export type AwarenessLimits = Pick<
  SyncConfig,
  "maxAwarenessClientsPerConnection" | "maxAwarenessStateBytes" | "maxAwarenessStatesPerRoom"
>;

/** An admitted entry: its stamped JSON bytes and the parsed state (null for a removal). */
export interface AdmittedEntry extends AwarenessEntry {
  value: Record<string, unknown> | null;
}

/** What the guard decided about one incoming awareness update. */
export interface AwarenessAdmission {
  /** The entries to apply, each state stamped with its sender's identity. */
  admitted: AdmittedEntry[];
  /** Entries refused without closing the sender (another's client id, or the room is full). */
  dropped: number;
}

const utf8Decoder = new TextDecoder("utf-8", { fatal: true });
const utf8Encoder = new TextEncoder();

/**
 * Binds a room's awareness entries to the connections that introduced them. y-protocols applies
 * whatever entry has the higher clock, so without this any participant could rewrite or remove
 * anyone's presence, pose as a facilitator, or pin thousands of fake entries that every peer and
 * every joiner receives. Here:
 *
 * - an entry whose client id an open connection of another participant introduced is dropped
 *   (the stock client echoes every awareness update it receives, so this is also the common,
 *   harmless case); the same participant's new connection takes its own id over (a reconnect
 *   that arrives before the server noticed the old socket died);
 * - a connection introduces at most `maxAwarenessClientsPerConnection` client ids, for its life;
 *   one more closes it with PresenceLimit;
 * - a state over `maxAwarenessStateBytes` closes its sender with TooLarge, before it is parsed;
 * - a new client id past `maxAwarenessStatesPerRoom` entries is dropped;
 * - every state is stamped with `user.id`, `user.name` and `user.role` from the connection's
 *   token, whatever the client sent (other `user` fields, e.g. a colour, are kept).
 */
export class AwarenessGuard {
  /** The open connection that introduced each client id (until it closes). */
  private readonly owners = new Map<number, Connection>();
  /** The client ids each open connection introduced. */
  private readonly introduced = new Map<Connection, Set<number>>();

  constructor(
    private readonly awareness: Awareness,
    private readonly limits: AwarenessLimits,
  ) {}

  /** Decides which entries of `conn`'s update to apply. Throws `SyncError` to close `conn`. */
  admit(conn: Connection, entries: readonly AwarenessEntry[]): AwarenessAdmission {
    const { maxAwarenessStateBytes, maxAwarenessStatesPerRoom, maxAwarenessClientsPerConnection } =
      this.limits;
    const admitted: AdmittedEntry[] = [];
    let dropped = 0;
    let newStates = 0;
    for (const entry of entries) {
      if (entry.state.byteLength > maxAwarenessStateBytes) {
        throw new SyncError(CloseCode.TooLarge, "awareness state over maxAwarenessStateBytes");
      }
      // Echoes of states we already hold: skipped without parsing.
      if (!isAwarenessNews(this.awareness, entry)) continue;
      const { clientId } = entry;
      // The server's own id carries its head count: no client may set it.
      if (clientId === this.awareness.clientID) {
        dropped++;
        continue;
      }
      const owner = this.owners.get(clientId);
      const removal = isNullState(entry.state);
      if (owner !== conn) {
        if (owner !== undefined && owner.context.userId !== conn.context.userId) {
          dropped++;
          continue;
        }
        // Nobody of this participant holds it: removing it is not ours to do.
        if (removal) {
          dropped++;
          continue;
        }
        const mine = this.introduced.get(conn) ?? new Set<number>();
        if (!mine.has(clientId)) {
          if (mine.size >= maxAwarenessClientsPerConnection) {
            throw new SyncError(
              CloseCode.PresenceLimit,
              "more awareness client ids than maxAwarenessClientsPerConnection",
            );
          }
          if (
            !this.awareness.states.has(clientId) &&
            this.awareness.states.size + newStates >= maxAwarenessStatesPerRoom
          ) {
            dropped++;
            continue;
          }
          mine.add(clientId);
          this.introduced.set(conn, mine);
        }
        if (!this.awareness.states.has(clientId)) newStates++;
        this.owners.set(clientId, conn);
      }
      admitted.push(
        removal
          ? { clientId, clock: entry.clock, state: entry.state, value: null }
          : { clientId, clock: entry.clock, ...stamp(conn, entry.state) },
      );
    }
    return { admitted, dropped };
  }

  /**
   * `value` (the current state of `clientId`) stamped again from its owner's context as it is
   * now, e.g. after the owner's shown name changed (anonymous mode); null when no open
   * connection owns `clientId`.
   */
  restamp(
    clientId: number,
    value: Record<string, unknown>,
  ): { state: Uint8Array; value: Record<string, unknown> } | null {
    const owner = this.owners.get(clientId);
    return owner === undefined ? null : stampValue(owner, value);
  }

  /** Forgets a closed connection; returns the client ids it still owned (to remove). */
  release(conn: Connection): number[] {
    const mine = this.introduced.get(conn);
    if (mine === undefined) return [];
    this.introduced.delete(conn);
    const owned: number[] = [];
    for (const clientId of mine) {
      if (this.owners.get(clientId) !== conn) continue;
      this.owners.delete(clientId);
      owned.push(clientId);
    }
    return owned;
  }
}

/**
 * The state with `user.id`, `user.name` and `user.role` set from `conn`'s token, as JSON bytes and
 * as the object (parsed once here; the room applies it without parsing again).
 */
function stamp(
  conn: Connection,
  raw: Uint8Array,
): { state: Uint8Array; value: Record<string, unknown> } {
  let state: unknown;
  try {
    state = JSON.parse(utf8Decoder.decode(raw));
  } catch {
    throw new SyncError(CloseCode.BadMessage, "awareness state is not JSON");
  }
  if (!isPlainObject(state)) {
    throw new SyncError(CloseCode.BadMessage, "awareness state is not an object");
  }
  return stampValue(conn, state);
}

/** `state` with its `user` stamped from `conn`'s context (read now: its name may change). */
function stampValue(
  conn: Connection,
  state: Record<string, unknown>,
): { state: Uint8Array; value: Record<string, unknown> } {
  const { userId, name, role } = conn.context;
  // Stamped in place (the parse is ours): object spreads of the state and its user took two
  // thirds of a cursor move's stamping. Keys keep their order, as with a spread.
  const user: Record<string, unknown> = isPlainObject(state.user) ? state.user : {};
  // A connection without a name from a token (an open instance, which has no identities to
  // protect) keeps the name it chose; the id and role are always the server's.
  const chosen = typeof user.name === "string" ? user.name : userId;
  user.id = userId;
  user.name = name ?? chosen;
  user.role = role;
  state.user = user;
  return { state: utf8Encoder.encode(JSON.stringify(state)), value: state };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
