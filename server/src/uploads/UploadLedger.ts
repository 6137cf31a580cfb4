/** One stored upload as its event sees it. */
export interface UploadEntry {
  eventId: string;
  /** SHA-256 of the content, hex. */
  hash: string;
  /** Who uploaded it first in this event; their quota pays for it. */
  participantId: string;
  bytes: number;
  at: number;
}

/** How many bytes of uploads an event, and one participant, may add up to. */
export interface UploadQuotas {
  perEventBytes: number;
  perParticipantBytes: number;
}

export type RecordUploadResult =
  | {
      ok: true /** False when the event already had this content (nothing charged). */;
      added: boolean;
    }
  | { ok: false; exceeded: "event" | "participant" };

/**
 * Which uploads belong to which event, and what they cost against the quotas. Content is stored
 * once by hash whatever the event; an event pays for each distinct content it holds once.
 */
export interface UploadLedger {
  /** Checks both quotas and records the entry in one step; a refused entry is not recorded. */
  record(entry: UploadEntry, quotas: UploadQuotas): Promise<RecordUploadResult>;
}
