import {
  type PathCreateBody,
  type PathPhaseBody,
  PathPlanResponseSchema,
  PathPlansResponseSchema,
} from "@tablecloth/protocol";
import { apiRequest } from "../api/apiRequest";

const pathUrl = (eventId: string, rest: string) =>
  `/api/events/${encodeURIComponent(eventId)}/path${rest}`;
const planUrl = (eventId: string, boardId: string, rest: string) =>
  pathUrl(eventId, `/plans/${encodeURIComponent(boardId)}/${rest}`);

/** The PATH calls the event page makes (the plan's live state is the server's to write). */
export const pathApi = {
  plans: (eventId: string, token: string) =>
    apiRequest(pathUrl(eventId, ""), { token, schema: PathPlansResponseSchema }),
  create: (eventId: string, body: PathCreateBody, token: string) =>
    apiRequest(pathUrl(eventId, "/plans"), {
      method: "POST",
      body,
      token,
      schema: PathPlanResponseSchema,
    }),
  step: (eventId: string, boardId: string, step: string, token: string) =>
    apiRequest(planUrl(eventId, boardId, "step"), {
      method: "POST",
      body: { step },
      token,
      schema: PathPlanResponseSchema,
    }),
  graphicFacilitator: (
    eventId: string,
    boardId: string,
    participantId: string | null,
    token: string,
  ) =>
    apiRequest(planUrl(eventId, boardId, "graphic-facilitator"), {
      method: "PUT",
      body: { participantId },
      token,
      schema: PathPlanResponseSchema,
    }),
  phase: (eventId: string, boardId: string, phase: PathPhaseBody["phase"], token: string) =>
    apiRequest(planUrl(eventId, boardId, "phase"), {
      method: "POST",
      body: { phase },
      token,
      schema: PathPlanResponseSchema,
    }),
};
