import {
  ApiErrorResponseSchema,
  BoardResponseSchema,
  CofacilitatorInviteResponseSchema,
  CreateBoardBodySchema,
  CreateBoardResponseSchema,
  CreateEventBodySchema,
  CreateEventResponseSchema,
  EventDetailsResponseSchema,
  EventResponseSchema,
  JoinBodySchema,
  JoinResponseSchema,
  MeResponseSchema,
  ParticipantListResponseSchema,
  ParticipantResponseSchema,
  RenameParticipantBodySchema,
  UpdateBoardBodySchema,
  UpdateEventBodySchema,
} from "@tablecloth/protocol";
import { z } from "zod";

type JsonObject = Record<string, unknown>;

const schemas = {
  CreateEventBody: { schema: CreateEventBodySchema, io: "input" },
  CreateEventResponse: { schema: CreateEventResponseSchema, io: "output" },
  JoinBody: { schema: JoinBodySchema, io: "input" },
  JoinResponse: { schema: JoinResponseSchema, io: "output" },
  EventDetailsResponse: { schema: EventDetailsResponseSchema, io: "output" },
  UpdateEventBody: { schema: UpdateEventBodySchema, io: "input" },
  EventResponse: { schema: EventResponseSchema, io: "output" },
  CreateBoardBody: { schema: CreateBoardBodySchema, io: "input" },
  UpdateBoardBody: { schema: UpdateBoardBodySchema, io: "input" },
  BoardResponse: { schema: BoardResponseSchema, io: "output" },
  CreateBoardResponse: { schema: CreateBoardResponseSchema, io: "output" },
  ParticipantListResponse: { schema: ParticipantListResponseSchema, io: "output" },
  RenameParticipantBody: { schema: RenameParticipantBodySchema, io: "input" },
  ParticipantResponse: { schema: ParticipantResponseSchema, io: "output" },
  CofacilitatorInviteResponse: { schema: CofacilitatorInviteResponseSchema, io: "output" },
  MeResponse: { schema: MeResponseSchema, io: "output" },
  ErrorResponse: { schema: ApiErrorResponseSchema, io: "output" },
} as const;
type SchemaName = keyof typeof schemas;

const ref = (name: SchemaName) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: SchemaName) => ({ content: { "application/json": { schema: ref(name) } } });
const error = (description: string) => ({ description, ...json("ErrorResponse") });

const eventIdParam = { name: "eventId", in: "path", required: true, schema: { type: "string" } };
const participantIdParam = {
  name: "participantId",
  in: "path",
  required: true,
  schema: { type: "string" },
};
const bearer = [{ bearer: [] }];

function operation(spec: {
  id: string;
  summary: string;
  body?: SchemaName;
  ok: { status: number; schema?: SchemaName; description: string; type?: string };
  errors: Record<number, string>;
  params?: JsonObject[];
  auth?: boolean;
}): JsonObject {
  const responses: JsonObject = {
    [spec.ok.status]: spec.ok.schema
      ? { description: spec.ok.description, ...json(spec.ok.schema) }
      : {
          description: spec.ok.description,
          content: { [spec.ok.type ?? "application/json"]: { schema: { type: "string" } } },
        },
  };
  for (const [status, description] of Object.entries(spec.errors)) {
    responses[status] = error(description);
  }
  return {
    operationId: spec.id,
    summary: spec.summary,
    ...(spec.auth === false ? { security: [] } : {}),
    ...(spec.params ? { parameters: spec.params } : {}),
    ...(spec.body ? { requestBody: { required: true, ...json(spec.body) } } : {}),
    responses,
  };
}

let cached: JsonObject | null = null;

/** The OpenAPI 3.1 description of the events API, generated from the shared zod schemas. */
export function openApiDocument(): JsonObject {
  if (cached) return cached;
  const components: JsonObject = {};
  for (const [name, { schema, io }] of Object.entries(schemas)) {
    components[name] = z.toJSONSchema(schema, { io, unrepresentable: "any" });
  }
  const member = {
    401: "No valid token",
    403: "Token of another event, or removed",
    404: "No such event",
  };
  cached = {
    openapi: "3.1.0",
    info: {
      title: "Tablecloth API",
      version: "1",
      description:
        "Events, participants, roles and boards. Errors are {error:{code,message,field?}}. See server/API.md.",
    },
    servers: [{ url: "/api" }],
    components: {
      schemas: components,
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
    },
    security: bearer,
    paths: {
      "/events": {
        post: operation({
          id: "createEvent",
          summary: "Create an event (needs the admin token when TABLECLOTH_ADMIN_TOKEN is set)",
          body: "CreateEventBody",
          ok: { status: 201, schema: "CreateEventResponse", description: "Created" },
          errors: {
            400: "Invalid body (field named)",
            401: "Admin token missing",
            403: "Wrong admin token",
            413: "Body too large",
            429: "Too many from this address (Retry-After)",
          },
        }),
      },
      "/join": {
        post: operation({
          id: "join",
          summary: "Join with an event's join code or a co-facilitator invite code",
          body: "JoinBody",
          auth: false,
          ok: { status: 201, schema: "JoinResponse", description: "Joined" },
          errors: {
            400: "Invalid body (field named)",
            404: "Unknown code, or invite used or expired",
            429: "Too many from this address (Retry-After)",
          },
        }),
      },
      "/me": {
        get: operation({
          id: "me",
          summary: "Who the bearer token belongs to",
          ok: { status: 200, schema: "MeResponse", description: "The token's participant" },
          errors: { 401: "No valid token", 403: "Removed" },
        }),
      },
      "/events/{eventId}": {
        get: operation({
          id: "getEvent",
          summary: "The event, its control doc name and its boards",
          params: [eventIdParam],
          ok: { status: 200, schema: "EventDetailsResponse", description: "The event" },
          errors: member,
        }),
        patch: operation({
          id: "updateEvent",
          summary: "Change the title and/or purpose (facilitator); mirrored in the control doc",
          params: [eventIdParam],
          body: "UpdateEventBody",
          ok: { status: 200, schema: "EventResponse", description: "Updated" },
          errors: { 400: "Invalid body (field named)", ...member, 403: "Not a facilitator of it" },
        }),
      },
      "/events/{eventId}/boards/{boardId}": {
        patch: operation({
          id: "updateBoard",
          summary:
            "Change a board's title and/or question (facilitator); mirrored in the control doc",
          params: [
            eventIdParam,
            { name: "boardId", in: "path", required: true, schema: { type: "string" } },
          ],
          body: "UpdateBoardBody",
          ok: { status: 200, schema: "BoardResponse", description: "Updated" },
          errors: {
            400: "Invalid body (field named)",
            ...member,
            403: "Not a facilitator of it",
            404: "No such event or board",
          },
        }),
      },
      "/events/{eventId}/boards": {
        post: operation({
          id: "createBoard",
          summary: "Create a board (facilitator)",
          params: [eventIdParam],
          body: "CreateBoardBody",
          ok: { status: 201, schema: "CreateBoardResponse", description: "Created" },
          errors: { 400: "Invalid body (field named)", ...member, 403: "Not a facilitator of it" },
        }),
      },
      "/events/{eventId}/participants": {
        get: operation({
          id: "listParticipants",
          summary: "People in the event (removed ones are not listed)",
          params: [eventIdParam],
          ok: { status: 200, schema: "ParticipantListResponse", description: "The people" },
          errors: member,
        }),
      },
      "/events/{eventId}/participants/{participantId}": {
        patch: operation({
          id: "renameParticipant",
          summary: "Rename someone (facilitator) or yourself",
          params: [eventIdParam, participantIdParam],
          body: "RenameParticipantBody",
          ok: { status: 200, schema: "ParticipantResponse", description: "Renamed" },
          errors: {
            400: "Invalid body (field named)",
            ...member,
            404: "No such event or participant",
          },
        }),
        delete: operation({
          id: "removeParticipant",
          summary: "Remove someone (facilitator): their token is revoked and their sockets close",
          params: [eventIdParam, participantIdParam],
          ok: { status: 200, schema: "ParticipantResponse", description: "Removed" },
          errors: { ...member, 404: "No such event or participant", 409: "Removing yourself" },
        }),
      },
      "/events/{eventId}/cofacilitator-invite": {
        post: operation({
          id: "createCofacilitatorInvite",
          summary: "A single-use code that makes its redeemer a facilitator (facilitator)",
          params: [eventIdParam],
          ok: { status: 201, schema: "CofacilitatorInviteResponse", description: "Created" },
          errors: member,
        }),
      },
      "/events/{eventId}/qr.svg": {
        get: operation({
          id: "joinQrCode",
          summary: "QR code of the event's join link, as SVG",
          params: [eventIdParam],
          ok: { status: 200, description: "SVG image", type: "image/svg+xml" },
          errors: member,
        }),
      },
      "/openapi.json": {
        get: operation({
          id: "openApi",
          summary: "This document",
          auth: false,
          ok: { status: 200, description: "OpenAPI 3.1" },
          errors: {},
        }),
      },
    },
  };
  return cached;
}
