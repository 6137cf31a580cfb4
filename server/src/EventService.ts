import {
  type BoardKind,
  CloseCode,
  type EventFormat,
  INVITE_CODE_LENGTH,
  JOIN_CODE_LENGTH,
  type JoinRole,
} from "@tablecloth/protocol";
import type { Logger } from "@tablecloth/sync";
import { type ApiConfig, apiDefaults } from "./api/apiConfig";
import { AddressAllowance } from "./auth/AddressAllowance";
import type { MembershipCache } from "./auth/MembershipCache";
import type { TokenClaims, TokenService } from "./auth/TokenService";
import { writeBoardToControlDoc, writeEventToControlDoc } from "./events/controlDocWriters";
import {
  type BoardRecord,
  DuplicateKeyError,
  type EventRecord,
  type EventStore,
  type InviteRecord,
  type ParticipantRecord,
} from "./events/EventStore";
import { boardDocName, controlDocName, newCode, newId } from "./events/ids";
import type { SyncControl } from "./events/SyncControl";

/** Random codes and ids are redrawn this many times on a collision before giving up. */
export const MAX_UNIQUE_ATTEMPTS = 8;

export interface EventServiceDeps {
  store: EventStore;
  tokens: TokenService;
  membership: MembershipCache;
  sync: SyncControl;
  logger: Logger;
  /** How long a co-facilitator invite may be redeemed, in ms. */
  inviteLifetimeMs: number;
  /** Most people (not removed) an event may have; joins past it are refused (default 5,000). */
  maxParticipantsPerEvent?: number;
  /** New identities per (join code, address); see `AddressAllowance` (default: half the cap). */
  addressAllowance?: AddressAllowance;
  now?: () => number;
}

/** Someone who was just admitted, with the token that proves it. */
export interface Admission {
  event: EventRecord;
  participant: ParticipantRecord;
  token: string;
  claims: TokenClaims;
}

export type JoinFailure =
  | "unknown code"
  | "invite used"
  | "invite expired"
  /** A facilitator closed the join code. */
  | "join closed"
  /** The event has `maxParticipantsPerEvent` people. */
  | "event full"
  /** This address minted its share of identities with this code. */
  | "address share used"
  /** The browser's device cookie names someone who was removed. */
  | "removed";

export type JoinResult =
  | { ok: true; admission: Admission; rejoined: boolean }
  | { ok: false; reason: JoinFailure };

/** One `POST /api/join`, as the route parsed it. */
export interface JoinRequest {
  /** Normalised join or invite code. */
  code: string;
  /** Normalised display name. */
  name: string;
  role: JoinRole | undefined;
  /** The client's address (per-address share of new identities). */
  address: string;
  /**
   * The participant this browser already is in the code's event (its signed device cookie), or
   * null; asked once the code's event is known. They are admitted again instead of a new identity.
   */
  returningParticipant: (eventId: string) => Promise<string | null>;
}

async function drawUnique<T>(attempt: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof DuplicateKeyError) || i >= MAX_UNIQUE_ATTEMPTS) throw error;
    }
  }
}

/**
 * The events domain: creating events and boards, admitting people, renaming and removing them.
 * Callers (the HTTP routes) have already checked who may do what; this keeps SQL, the control doc,
 * the membership cache and open sockets consistent.
 */
export class EventService {
  private readonly now: () => number;
  private readonly maxParticipantsPerEvent: number;
  private readonly addressAllowance: AddressAllowance;

  constructor(private readonly deps: EventServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.maxParticipantsPerEvent =
      deps.maxParticipantsPerEvent ?? apiDefaults.maxParticipantsPerEvent;
    this.addressAllowance =
      deps.addressAllowance ??
      new AddressAllowance(apiDefaults.joinsPerAddress, apiDefaults.rateLimiterMaxKeys);
  }

  /** Creates the event, its first facilitator and its control doc. */
  async createEvent(input: {
    title: string;
    format: EventFormat;
    purpose: string;
    facilitatorName: string;
  }): Promise<Admission> {
    const { store, sync, logger } = this.deps;
    const createdAt = this.now();
    const { event, facilitator } = await drawUnique(async () => {
      const id = newId();
      const event: EventRecord = {
        id,
        title: input.title,
        purpose: input.purpose,
        format: input.format,
        joinCode: newCode(JOIN_CODE_LENGTH),
        joinOpen: true,
        controlDocName: controlDocName(id),
        createdAt,
      };
      const facilitator: ParticipantRecord = {
        id: newId(),
        eventId: id,
        name: input.facilitatorName,
        role: "facilitator",
        joinedAt: createdAt,
        removedAt: null,
      };
      await store.createEvent(event, facilitator);
      return { event, facilitator };
    });
    await sync.transact(event.controlDocName, facilitator.id, (doc) =>
      writeEventToControlDoc(doc, event),
    );
    logger.info("event created", { eventId: event.id, format: event.format });
    return this.admit(event, facilitator);
  }

  /**
   * Admits someone with a join code (participant or observer) or an invite code (facilitator).
   * A browser that was someone of the code's event gets that participant back (renamed to the name
   * given), even while the code is closed and the event full: it mints no identity.
   */
  async join(request: JoinRequest): Promise<JoinResult> {
    const { store, logger } = this.deps;
    const { code, name } = request;
    const at = this.now();
    if (code.length === INVITE_CODE_LENGTH) {
      const result = await drawUnique(() =>
        store.redeemInvite(code, at, { id: newId(), name, joinedAt: at, removedAt: null }),
      );
      if (!result.ok) {
        if (result.reason === "unknown") return { ok: false, reason: "unknown code" };
        return { ok: false, reason: result.reason === "used" ? "invite used" : "invite expired" };
      }
      const { participant } = result;
      const event = await store.getEvent(participant.eventId);
      if (!event) throw new Error("an invite's event vanished");
      logger.info("co-facilitator joined", { eventId: event.id, participantId: participant.id });
      return { ok: true, admission: await this.admit(event, participant), rejoined: false };
    }
    if (code.length !== JOIN_CODE_LENGTH) return { ok: false, reason: "unknown code" };
    const event = await store.findEventByJoinCode(code);
    if (!event) return { ok: false, reason: "unknown code" };

    const returningId = await request.returningParticipant(event.id);
    if (returningId !== null) {
      const known = await this.deps.membership.participant(returningId);
      if (known && known.eventId === event.id) {
        if (known.removedAt !== null) return { ok: false, reason: "removed" };
        const participant =
          known.name === name ? known : ((await this.rename(event.id, known.id, name)) ?? known);
        return { ok: true, admission: await this.admit(event, participant), rejoined: true };
      }
    }

    if (!event.joinOpen) return { ok: false, reason: "join closed" };
    const { addressAllowance } = this;
    if (!addressAllowance.take(event.joinCode, request.address)) {
      logger.warn("join refused: address used its share of this code", { eventId: event.id });
      return { ok: false, reason: "address share used" };
    }
    const participant = await drawUnique(async () => {
      const p: ParticipantRecord = {
        id: newId(),
        eventId: event.id,
        name,
        role: request.role ?? "participant",
        joinedAt: at,
        removedAt: null,
      };
      return (await store.addParticipantWithin(p, this.maxParticipantsPerEvent)) ? p : null;
    });
    if (participant === null) {
      addressAllowance.giveBack(event.joinCode, request.address);
      return { ok: false, reason: "event full" };
    }
    return { ok: true, admission: await this.admit(event, participant), rejoined: false };
  }

  /**
   * Gives the event a new join code and opens joining (`open: true`), or keeps the code and
   * closes joining (`open: false`). The old code admits nobody new from then on; people already
   * in are untouched.
   */
  async setJoining(eventId: string, action: "rotate" | "close"): Promise<EventRecord | null> {
    const { store, logger } = this.deps;
    const current = await store.getEvent(eventId);
    if (!current) return null;
    const event =
      action === "close"
        ? await store.setJoinCode(eventId, current.joinCode, false)
        : await drawUnique(() => store.setJoinCode(eventId, newCode(JOIN_CODE_LENGTH), true));
    if (event) logger.info(`join code ${action === "close" ? "closed" : "rotated"}`, { eventId });
    return event;
  }

  private async admit(event: EventRecord, participant: ParticipantRecord): Promise<Admission> {
    this.deps.membership.remember(participant);
    const { token, claims } = await this.deps.tokens.issue({
      eventId: event.id,
      participantId: participant.id,
      role: participant.role,
    });
    return { event, participant, token, claims };
  }

  /** Creates a board and lists it in the event's control doc. */
  async createBoard(
    event: EventRecord,
    input: { kind: BoardKind; title: string; question: string | null },
    authorId: string,
  ): Promise<BoardRecord> {
    const board = await drawUnique(async () => {
      const board = this.draftBoard(event, input);
      await this.deps.store.createBoard(board);
      return board;
    });
    await this.deps.sync.transact(event.controlDocName, authorId, (doc) =>
      writeBoardToControlDoc(doc, board),
    );
    return board;
  }

  /**
   * A new board's record with a fresh id, neither stored nor in the control doc: for a caller
   * whose own control-doc change carries the board (`writeBoardToControlDoc` in the same
   * transaction), which then stores it with `storeBoard` and takes its change back if that fails.
   */
  draftBoard(
    event: EventRecord,
    input: { kind: BoardKind; title: string; question: string | null },
  ): BoardRecord {
    const id = newId();
    return {
      id,
      eventId: event.id,
      kind: input.kind,
      title: input.title,
      question: input.question,
      docName: boardDocName(event.id, id),
      createdAt: this.now(),
    };
  }

  /**
   * Stores a drafted board's row (see `draftBoard`). Its id is 96 random bits, so a
   * `DuplicateKeyError` is not expected; the caller takes its change back on any failure.
   */
  async storeBoard(board: BoardRecord): Promise<void> {
    await this.deps.store.createBoard(board);
  }

  /** Changes the event's title and/or purpose, in SQL and in the control doc. */
  async updateEvent(
    eventId: string,
    patch: { title?: string | undefined; purpose?: string | undefined },
    authorId: string,
  ): Promise<EventRecord | null> {
    const event = await this.deps.store.updateEvent(eventId, patch);
    if (!event) return null;
    await this.deps.sync.transact(event.controlDocName, authorId, (doc) =>
      writeEventToControlDoc(doc, event),
    );
    return event;
  }

  /** Changes a board's title and/or question, in SQL and in the control doc; null if not the event's. */
  async updateBoard(
    event: EventRecord,
    boardId: string,
    patch: { title?: string | undefined; question?: string | null | undefined },
    authorId: string,
  ): Promise<BoardRecord | null> {
    const current = await this.deps.store.getBoard(boardId);
    if (!current || current.eventId !== event.id) return null;
    const board = await this.deps.store.updateBoard(boardId, patch);
    if (!board) return null;
    await this.deps.sync.transact(event.controlDocName, authorId, (doc) =>
      writeBoardToControlDoc(doc, board),
    );
    return board;
  }

  /** A single-use code making its redeemer a facilitator of the event. */
  async createCofacilitatorInvite(eventId: string, createdBy: string): Promise<InviteRecord> {
    const createdAt = this.now();
    return drawUnique(async () => {
      const invite: InviteRecord = {
        code: newCode(INVITE_CODE_LENGTH),
        eventId,
        role: "facilitator",
        createdBy,
        createdAt,
        expiresAt: createdAt + this.deps.inviteLifetimeMs,
        usedAt: null,
      };
      await this.deps.store.createInvite(invite);
      return invite;
    });
  }

  /** Renames a participant of the event who was not removed; null when there is none. */
  async rename(
    eventId: string,
    participantId: string,
    name: string,
  ): Promise<ParticipantRecord | null> {
    const current = await this.deps.membership.participant(participantId);
    if (!current || current.eventId !== eventId || current.removedAt !== null) return null;
    const renamed = await this.deps.store.renameParticipant(participantId, name);
    if (renamed) this.deps.membership.remember(renamed);
    return renamed;
  }

  /**
   * Removes a participant: their token opens nothing from now on, and their open sockets close
   * with 4403 at once. Null when the event has no such participant.
   */
  async remove(eventId: string, participantId: string): Promise<ParticipantRecord | null> {
    const current = await this.deps.membership.participant(participantId);
    if (!current || current.eventId !== eventId) return null;
    const removed = await this.deps.store.removeParticipant(participantId, this.now());
    if (!removed) return null;
    this.deps.membership.remember(removed);
    this.deps.sync.closeConnections(
      (_docName, ctx) => ctx.userId === participantId,
      CloseCode.Forbidden,
    );
    this.deps.logger.info("participant removed", { eventId, participantId });
    return removed;
  }
}

/**
 * The one `EventService` of a server, configured from the events API's settings: every route
 * module (events, café, Open Space, PATH, controls) gets this one, so the participant cap and the
 * per-address allowance are the same whichever route admits or changes people.
 */
export function createEventService(deps: {
  store: EventStore;
  tokens: TokenService;
  membership: MembershipCache;
  sync: SyncControl;
  logger: Logger;
  config: ApiConfig;
  now?: () => number;
}): EventService {
  const { config } = deps;
  return new EventService({
    ...deps,
    inviteLifetimeMs: config.inviteLifetimeMs,
    maxParticipantsPerEvent: config.maxParticipantsPerEvent,
    addressAllowance: new AddressAllowance(config.joinsPerAddress, config.rateLimiterMaxKeys),
  });
}
