import {
  AnonymousBodySchema,
  type BoardsPhase,
  BoardsPhaseBodySchema,
  type BroadcastBody,
  ControlsResponseSchema,
  type SummonBody,
} from "@tablecloth/protocol";
import { apiRequest } from "../api/apiRequest";

const controlsUrl = (eventId: string, rest: string) =>
  `/api/events/${encodeURIComponent(eventId)}/controls${rest}`;

/** The facilitator controls' calls; what is in force comes back on the control doc too. */
export const controlsApi = {
  broadcast: (eventId: string, body: BroadcastBody, token: string) =>
    apiRequest(controlsUrl(eventId, "/broadcast"), {
      method: "POST",
      body,
      token,
      schema: ControlsResponseSchema,
    }),
  withdrawBroadcast: (eventId: string, token: string) =>
    apiRequest(controlsUrl(eventId, "/broadcast"), {
      method: "DELETE",
      token,
      schema: ControlsResponseSchema,
    }),
  summon: (eventId: string, body: SummonBody, token: string) =>
    apiRequest(controlsUrl(eventId, "/summon"), {
      method: "POST",
      body,
      token,
      schema: ControlsResponseSchema,
    }),
  release: (eventId: string, token: string) =>
    apiRequest(controlsUrl(eventId, "/summon"), {
      method: "DELETE",
      token,
      schema: ControlsResponseSchema,
    }),
  anonymous: (eventId: string, anonymous: boolean, token: string) =>
    apiRequest(controlsUrl(eventId, "/anonymous"), {
      method: "PUT",
      body: { anonymous },
      token,
      schema: AnonymousBodySchema,
    }),
  boardsPhase: (eventId: string, phase: BoardsPhase, token: string) =>
    apiRequest(controlsUrl(eventId, "/boards"), {
      method: "PUT",
      body: { phase },
      token,
      schema: BoardsPhaseBodySchema,
    }),
};
