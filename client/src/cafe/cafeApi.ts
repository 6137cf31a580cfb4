import {
  type CafeAddTableBody,
  CafeApplyResponseSchema,
  CafeHarvestResponseSchema,
  type CafePlan,
  type CafePlanBody,
  CafePlanResponseSchema,
  type CafeRoundBody,
  type CafeSetupBody,
  CafeTableResponseSchema,
  CafeTablesResponseSchema,
  type CafeUpdateTableBody,
  ServerTimeResponseSchema,
} from "@tablecloth/protocol";
import { z } from "zod";
import { apiRequest } from "../api/apiRequest";

const cafePath = (eventId: string, rest: string) =>
  `/api/events/${encodeURIComponent(eventId)}/cafe/${rest}`;

const Anything = z.unknown();

/** Every café call the app makes (the control doc itself is read over sync, never written). */
export const cafeApi = {
  time: () => apiRequest("/api/time", { schema: ServerTimeResponseSchema }),
  setup: (eventId: string, body: CafeSetupBody, token: string) =>
    apiRequest(cafePath(eventId, "setup"), {
      method: "PUT",
      body,
      token,
      schema: CafeTablesResponseSchema,
    }),
  addTable: (eventId: string, body: CafeAddTableBody, token: string) =>
    apiRequest(cafePath(eventId, "tables"), {
      method: "POST",
      body,
      token,
      schema: CafeTableResponseSchema,
    }),
  updateTable: (eventId: string, tableId: string, body: CafeUpdateTableBody, token: string) =>
    apiRequest(cafePath(eventId, `tables/${encodeURIComponent(tableId)}`), {
      method: "PATCH",
      body,
      token,
      schema: CafeTableResponseSchema,
    }),
  volunteer: (eventId: string, tableId: string, token: string) =>
    apiRequest(cafePath(eventId, `tables/${encodeURIComponent(tableId)}/volunteer`), {
      method: "POST",
      token,
      schema: CafeTableResponseSchema,
    }),
  /** "I scanned this table's QR code": sits someone without a table there. */
  arrive: (eventId: string, tableId: string, token: string) =>
    apiRequest(cafePath(eventId, `tables/${encodeURIComponent(tableId)}/arrive`), {
      method: "POST",
      token,
      schema: Anything,
    }),
  /** Where a table's QR code is drawn (an SVG, facilitators only; see `useAuthorizedImage`). */
  tableQrPath: (eventId: string, tableId: string) =>
    cafePath(eventId, `tables/${encodeURIComponent(tableId)}/qr.svg`),
  presence: (eventId: string, presence: "in-room" | "remote", token: string) =>
    apiRequest(cafePath(eventId, "presence"), {
      method: "POST",
      body: { presence },
      token,
      schema: Anything,
    }),
  round: (eventId: string, body: CafeRoundBody, token: string) =>
    apiRequest(cafePath(eventId, "round"), { method: "POST", body, token, schema: Anything }),
  plan: (eventId: string, body: CafePlanBody, token: string) =>
    apiRequest(cafePath(eventId, "rotation/plan"), {
      method: "POST",
      body,
      token,
      schema: CafePlanResponseSchema,
    }),
  apply: (eventId: string, plan: CafePlan, startRound: boolean, token: string) =>
    apiRequest(cafePath(eventId, "rotation/apply"), {
      method: "POST",
      body: { base: plan.base, seating: plan.seating, startRound },
      token,
      schema: CafeApplyResponseSchema,
    }),
  seat: (eventId: string, participantId: string, tableId: string | null, token: string) =>
    apiRequest(cafePath(eventId, "seat"), {
      method: "POST",
      body: { participantId, tableId },
      token,
      schema: Anything,
    }),
  /** Facilitators: move anyone to a table (a host too: they stop hosting the one they leave). */
  reseat: (eventId: string, participantId: string, tableId: string | null, token: string) =>
    apiRequest(cafePath(eventId, "reseat"), {
      method: "POST",
      body: { participantId, tableId },
      token,
      schema: Anything,
    }),
  move: (eventId: string, tableId: string, token: string) =>
    apiRequest(cafePath(eventId, "move"), {
      method: "POST",
      body: { tableId },
      token,
      schema: Anything,
    }),
  movement: (eventId: string, free: boolean, token: string) =>
    apiRequest(cafePath(eventId, "movement"), {
      method: "PUT",
      body: { free },
      token,
      schema: Anything,
    }),
  roundEnd: (eventId: string, choice: "rotate" | "prompt", token: string) =>
    apiRequest(cafePath(eventId, "round-end"), {
      method: "PUT",
      body: { choice },
      token,
      schema: Anything,
    }),
  /** Facilitators: take someone out of the café (their seat freed; they may say "I'm here" again). */
  remove: (eventId: string, participantId: string, token: string) =>
    apiRequest(cafePath(eventId, "remove"), {
      method: "POST",
      body: { participantId },
      token,
      schema: Anything,
    }),
  harvest: (eventId: string, token: string) =>
    apiRequest(cafePath(eventId, "harvest"), {
      method: "POST",
      token,
      schema: CafeHarvestResponseSchema,
    }),
};
