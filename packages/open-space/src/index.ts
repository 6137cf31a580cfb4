export {
  leaveAnnouncementQueue,
  nextAnnouncement,
  queueAnnouncement,
} from "./announcementQueue";
export { type Cell, nextFreeCells, sessionAt } from "./cells";
export { checkInvariants } from "./checkInvariants";
export {
  compileProceedings,
  type Proceedings,
  type ProceedingsBoard,
  type ProceedingsSession,
} from "./compileProceedings";
export { createOpenSpaceReader } from "./createOpenSpaceReader";
export { editSession, moveSession, type SessionPatch } from "./editSession";
export { fileReport, type ReportInput } from "./fileReport";
export { goTo, type Mover, moverKind, nextWhereabouts, whoIsWhere } from "./lawOfTwoFeet";
export { mergeSessions } from "./mergeSessions";
export {
  isOpenSpaceError,
  OpenSpaceError,
  OpenSpaceErrorCode,
  type OpenSpaceErrorDetails,
} from "./OpenSpaceError";
export { observeOpenSpace } from "./observeOpenSpace";
export { OPEN_SPACE_MAPS, OPEN_SPACE_META_KEYS } from "./openSpaceDocLayout";
export { OPEN_SPACE_LIMITS } from "./openSpaceLimits";
export {
  type Actor,
  type AnnouncementQueue,
  type Convener,
  EMPTY_OPEN_SPACE,
  type MergedSession,
  OPEN_SPACE_PHASES,
  type OpenSpacePhase,
  type OpenSpaceState,
  type Report,
  type Session,
  type Slot,
  type Space,
  type Whereabouts,
} from "./openSpaceTypes";
export { openClosingCircle, setPhase } from "./phase";
export { attachBoard, type PostInput, postSession, removeSession } from "./postSession";
export { type OpenSpaceRead, readOpenSpace, readOpenSpaceEntry } from "./readOpenSpace";
export { relabelOpenSpacePeople } from "./relabelPeople";
export {
  escapeHtml,
  type RenderProceedingsOptions,
  renderProceedingsHtml,
} from "./renderProceedingsHtml";
export { convenes, requireMayChange, requireSession } from "./sessionAccess";
export { type GridInput, setGrid } from "./setGrid";
export { isFull, scheduleOf, signUp, signUpCount, withdraw } from "./signUps";
export { writeOpenSpace, writeWhereabouts } from "./writeOpenSpace";
