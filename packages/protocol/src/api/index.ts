export type { ApiErrorCode, ApiErrorResponse } from "./apiError";
export { ApiErrorCodeSchema, ApiErrorResponseSchema } from "./apiError";
export type {
  Board,
  BoardResponse,
  CreateBoardBody,
  CreateBoardResponse,
  UpdateBoardBody,
} from "./board";
export {
  BoardResponseSchema,
  BoardSchema,
  CreateBoardBodySchema,
  CreateBoardResponseSchema,
  UpdateBoardBodySchema,
} from "./board";
export type { BoardKind } from "./boardKind";
export { BoardKindSchema } from "./boardKind";
export type {
  CafeAddTableBody,
  CafeApplyBody,
  CafeApplyResponse,
  CafeHarvestResponse,
  CafeMoveBody,
  CafeMovementBody,
  CafePlan,
  CafePlanBody,
  CafePlanResponse,
  CafePresenceBody,
  CafeRemoveBody,
  CafeReseatBody,
  CafeRoundAction,
  CafeRoundBody,
  CafeRoundEndBody,
  CafeSeatBody,
  CafeSetupBody,
  CafeTable,
  CafeTableResponse,
  CafeTablesResponse,
  CafeUpdateTableBody,
  ServerTimeResponse,
} from "./cafe";
export {
  CafeAddTableBodySchema,
  CafeApplyBodySchema,
  CafeApplyResponseSchema,
  CafeHarvestResponseSchema,
  CafeLimits,
  CafeMoveBodySchema,
  CafeMovementBodySchema,
  CafePlanBodySchema,
  CafePlanResponseSchema,
  CafePlanSchema,
  CafePresenceBodySchema,
  CafeRemoveBodySchema,
  CafeReseatBodySchema,
  CafeRoundActionSchema,
  CafeRoundBodySchema,
  CafeRoundEndBodySchema,
  CafeSeatBodySchema,
  CafeSetupBodySchema,
  CafeTableResponseSchema,
  CafeTableSchema,
  CafeTablesResponseSchema,
  CafeUpdateTableBodySchema,
  ServerTimeResponseSchema,
} from "./cafe";
export type { ControlBoardFields, ControlEventFields } from "./controlDoc";
export { ControlDocKeys } from "./controlDoc";
export type {
  AnonymousBody,
  BoardsPhase,
  BoardsPhaseBody,
  Broadcast,
  BroadcastBody,
  ControlsResponse,
  Summon,
  SummonAudience,
  SummonBody,
  SummonMode,
} from "./controls";
export {
  AnonymousBodySchema,
  BoardsPhaseBodySchema,
  BoardsPhaseSchema,
  BroadcastBodySchema,
  BroadcastSchema,
  ControlsLimits,
  ControlsResponseSchema,
  SummonAudienceSchema,
  SummonBodySchema,
  SummonModeSchema,
  SummonSchema,
} from "./controls";
export { DisplayNameSchema, normalizeDisplayName } from "./displayName";
export type {
  CreateEventBody,
  CreateEventResponse,
  Event,
  EventDetailsResponse,
  EventResponse,
  UpdateEventBody,
} from "./event";
export {
  CreateEventBodySchema,
  CreateEventResponseSchema,
  EventDetailsResponseSchema,
  EventResponseSchema,
  EventSchema,
  UpdateEventBodySchema,
} from "./event";
export type { EventFormat } from "./eventFormat";
export { EventFormatSchema } from "./eventFormat";
export { FieldLimits } from "./fieldLimits";
export type { CofacilitatorInviteResponse } from "./invite";
export { CofacilitatorInviteResponseSchema } from "./invite";
export type { JoinBody, JoinResponse } from "./join";
export { JoinBodySchema, JoinResponseSchema } from "./join";
export {
  INVITE_CODE_LENGTH,
  JOIN_CODE_ALPHABET,
  JOIN_CODE_LENGTH,
  JoinCodeInputSchema,
  joinPath,
  normalizeJoinCode,
  openSpaceSessionJoinPath,
  tableJoinPath,
} from "./joinCode";
export type { MeResponse } from "./me";
export { MeResponseSchema } from "./me";
export type {
  OpenSpaceCell,
  OpenSpaceCellTakenResponse,
  OpenSpaceGridBody,
  OpenSpaceGridResponse,
  OpenSpaceMergeBody,
  OpenSpacePhase,
  OpenSpacePhaseBody,
  OpenSpacePostBody,
  OpenSpaceQueueBody,
  OpenSpaceReportBody,
  OpenSpaceSession,
  OpenSpaceSessionResponse,
  OpenSpaceSlot,
  OpenSpaceSpace,
  OpenSpaceStateResponse,
  OpenSpaceUpdateSessionBody,
  OpenSpaceWhereBody,
} from "./openSpace";
export {
  OpenSpaceCellSchema,
  OpenSpaceCellTakenResponseSchema,
  OpenSpaceGridBodySchema,
  OpenSpaceGridResponseSchema,
  OpenSpaceLimits,
  OpenSpaceMergeBodySchema,
  OpenSpacePhaseBodySchema,
  OpenSpacePhaseSchema,
  OpenSpacePostBodySchema,
  OpenSpaceQueueBodySchema,
  OpenSpaceReportBodySchema,
  OpenSpaceSessionResponseSchema,
  OpenSpaceSessionSchema,
  OpenSpaceSlotSchema,
  OpenSpaceSpaceSchema,
  OpenSpaceStateResponseSchema,
  OpenSpaceUpdateSessionBodySchema,
  OpenSpaceWhereBodySchema,
} from "./openSpace";
export type {
  Participant,
  ParticipantListResponse,
  ParticipantResponse,
  RenameParticipantBody,
} from "./participant";
export {
  ParticipantListResponseSchema,
  ParticipantResponseSchema,
  ParticipantSchema,
  RenameParticipantBodySchema,
} from "./participant";
export type {
  PathActionBody,
  PathCreateBody,
  PathGraphicFacilitatorBody,
  PathListResponse,
  PathPersonBody,
  PathPhaseBody,
  PathPlan,
  PathPlanResponse,
  PathPlansResponse,
  PathStepBody,
} from "./path";
export {
  PathActionBodySchema,
  PathCreateBodySchema,
  PathGraphicFacilitatorBodySchema,
  PathListResponseSchema,
  PathPersonBodySchema,
  PathPhaseBodySchema,
  PathPlanResponseSchema,
  PathPlanSchema,
  PathPlansResponseSchema,
  PathStepBodySchema,
} from "./path";
export type {
  BoardFrame,
  BoardFramesResponse,
  BoardHistoryEntry,
  BoardHistoryResponse,
  PathStepSpanBody,
  RestoreBody,
  RestoreResponse,
  RoundSpan,
} from "./replay";
export {
  BoardFrameSchema,
  BoardFramesResponseSchema,
  BoardHistoryEntrySchema,
  BoardHistoryResponseSchema,
  PathStepSpanSchema,
  RestoreBodySchema,
  RestoreResponseSchema,
  RoundSpanSchema,
} from "./replay";
export type { JoinRole, Role } from "./roles";
export { JoinRoleSchema, RoleSchema } from "./roles";
