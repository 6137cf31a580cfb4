import {
  atom,
  createPresenceStateDerivation,
  createUserId,
  type Editor,
  InstancePresenceRecordType,
  react,
  type TLInstancePresence,
  type TLStore,
  type TLUser,
} from "@tldraw/editor";
import type { Awareness } from "y-protocols/awareness";
import type { PresenceUser } from "./BindTldrawToYjsOptions";
import { PRESENCE_FIELD } from "./config";
import type { TldrawYjsLogger } from "./Logger";
import type { Scheduler, TimerHandle } from "./Scheduler";
import { trimPresence } from "./trimPresence";

/** What {@link bindPresence} needs. */
export interface BindPresenceOptions {
  store: TLStore;
  awareness: Awareness;
  /** The local user; when absent and `editor` is given, taken from `editor.user`. */
  user?: PresenceUser;
  editor?: Editor;
  intervalMs: number;
  /** Most bytes of a published presence; a bigger one is trimmed with {@link trimPresence}. */
  maxBytes: number;
  scheduler: Scheduler;
  logger: TldrawYjsLogger;
}

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };

/** Store id of the presence record standing for awareness client `clientId`. */
export function presenceRecordId(clientId: number): TLInstancePresence["id"] {
  return InstancePresenceRecordType.createId(String(clientId));
}

function toTLUser(user: PresenceUser): TLUser {
  return {
    id: createUserId(user.id),
    typeName: "user",
    name: user.name,
    color: user.color,
    imageUrl: "",
    meta: {},
  };
}

/**
 * The identity a Tablecloth server stamped into an awareness state (`user.id` and `user.name` from
 * the sender's token, whatever the sender claimed), as presence fields; empty when there is no
 * stamp (a plain y-websocket server, or a test link). The cursor label then shows who the server
 * says the sender is, never a name a peer chose for its presence.
 */
function stampedIdentity(user: unknown): Partial<Pick<TLInstancePresence, "userId" | "userName">> {
  if (typeof user !== "object" || user === null) return {};
  const { id, name } = user as Record<string, unknown>;
  return {
    ...(typeof id === "string" && id !== "" ? { userId: createUserId(id) } : {}),
    ...(typeof name === "string" ? { userName: name } : {}),
  };
}

/**
 * Publish the local user's tldraw presence (cursor, selection, camera, follow, laser scribbles) on
 * `awareness` under {@link PRESENCE_FIELD}, at most once per `intervalMs`, and mirror every other
 * client's presence into the store as `instance_presence` records (removed when they leave).
 * Returns a function that stops both and removes the mirrored records.
 */
export function bindPresence(opts: BindPresenceOptions): () => void {
  const { store, awareness, scheduler, intervalMs, maxBytes, logger, editor } = opts;
  const mirrored = new Map<number, TLInstancePresence["id"]>();

  const userInfo = (): PresenceUser | null => {
    if (opts.user) return opts.user;
    if (!editor) return null;
    return {
      id: editor.user.getExternalId(),
      name: editor.user.getName(),
      color: editor.user.getColor(),
    };
  };

  // --- local → awareness, throttled
  let stopLocal = () => {};
  const initialUser = userInfo();
  if (initialUser) {
    const $user = atom<TLUser | null>("tldraw-yjs user", toTLUser(initialUser));
    const $presence = createPresenceStateDerivation($user, {
      instanceId: presenceRecordId(awareness.clientID),
    })(store);
    let latest: TLInstancePresence | null = null;
    let lastPublished = Number.NEGATIVE_INFINITY;
    let timer: TimerHandle | null = null;
    const publish = () => {
      timer = null;
      lastPublished = scheduler.now();
      awareness.setLocalStateField(PRESENCE_FIELD, latest && trimPresence(latest, maxBytes));
    };
    const stopUser = react("tldraw-yjs presence user", () => {
      // Follow changes of the editor's user preferences when no explicit user was given.
      const u = userInfo();
      if (u) $user.set(toTLUser(u));
    });
    const stopPresence = react("tldraw-yjs presence", () => {
      latest = $presence.get();
      if (timer !== null) return;
      const wait = lastPublished + intervalMs - scheduler.now();
      if (wait <= 0) publish();
      else timer = scheduler.setTimeout(publish, wait);
    });
    stopLocal = () => {
      stopUser();
      stopPresence();
      if (timer !== null) scheduler.clearTimeout(timer);
      timer = null;
      awareness.setLocalStateField(PRESENCE_FIELD, null);
    };
  }

  // --- awareness → store
  const readRemote = (clientId: number): TLInstancePresence | null => {
    const state = awareness.getStates().get(clientId) as Record<string, unknown> | undefined;
    const raw = state?.[PRESENCE_FIELD];
    if (raw === null || typeof raw !== "object") return null;
    const candidate = {
      ...(raw as object),
      ...stampedIdentity(state?.user),
      id: presenceRecordId(clientId),
      typeName: "instance_presence",
    } as TLInstancePresence;
    try {
      return store.schema.validateRecord(
        store,
        candidate,
        "updateRecord",
        null,
      ) as TLInstancePresence;
    } catch (error) {
      logger.warn("tldraw-yjs: ignoring invalid remote presence", {
        clientId,
        error: String(error),
      });
      return null;
    }
  };

  const applyRemote = (clientIds: Iterable<number>) => {
    const puts: TLInstancePresence[] = [];
    const removes: TLInstancePresence["id"][] = [];
    for (const clientId of clientIds) {
      if (clientId === awareness.clientID) continue;
      const record = readRemote(clientId);
      if (record) {
        puts.push(record);
        mirrored.set(clientId, record.id);
      } else if (mirrored.has(clientId)) {
        removes.push(presenceRecordId(clientId));
        mirrored.delete(clientId);
      }
    }
    if (puts.length === 0 && removes.length === 0) return;
    store.mergeRemoteChanges(() => {
      if (removes.length > 0) store.remove(removes.filter((id) => store.has(id)));
      if (puts.length > 0) store.put(puts);
    });
  };

  const onChange = ({ added, updated, removed }: AwarenessChange) => {
    applyRemote([...added, ...updated, ...removed]);
  };
  awareness.on("change", onChange);
  applyRemote(awareness.getStates().keys());

  return () => {
    awareness.off("change", onChange);
    stopLocal();
    const ids = [...mirrored.values()].filter((id) => store.has(id));
    mirrored.clear();
    if (ids.length > 0) store.mergeRemoteChanges(() => store.remove(ids));
  };
}
