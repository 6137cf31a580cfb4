export type { AnonymousSpan } from "./anonymousMode";
export {
  ANONYMOUS_KEY,
  ANONYMOUS_NAME,
  isAnonymousNow,
  nextAnonymousSpans,
  observeAnonymous,
  readAnonymous,
  readAnonymousSpans,
  shownName,
  wasAnonymousAt,
  writeAnonymous,
} from "./anonymousMode";
export type { BoardWriterRole } from "./boardsPhase";
export {
  BOARDS_PHASE_KEY,
  DEFAULT_BOARDS_PHASE,
  mayWriteBoards,
  observeBoardsPhase,
  readBoardsPhase,
  writeBoardsPhase,
} from "./boardsPhase";
export { normalizeBroadcastText } from "./broadcastText";
export type { ControlsErrorCode } from "./ControlsError";
export { ControlsError } from "./ControlsError";
export type { ControlsState } from "./controlsDoc";
export {
  CONTROLS_KEYS,
  observeControls,
  readControls,
  relabelControls,
  writeBroadcast,
  writeSummon,
} from "./controlsDoc";
export type { SummonMemo, SummonStep, SummonViewer } from "./summonStep";
export { isSummoned, NO_MEMO, summonStep } from "./summonStep";
