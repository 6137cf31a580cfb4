export type { ShapeLike } from "./notesByRegion";
export { notesByRegion, richTextToPlain } from "./notesByRegion";
export type { PathErrorCode } from "./PathError";
export { PathError } from "./PathError";
export type { PathPhase, PathProgress, PathStepChange } from "./PathProgress";
export {
  goToStep,
  NOT_STARTED,
  reachableSteps,
  setPhase,
  stepAt,
  timeSpent,
} from "./PathProgress";
export type { PathBoardPerson, PathBoardRole } from "./pathBoardWriters";
export { mayWritePathBoard, pathBoardRole } from "./pathBoardWriters";
export type { PathPlanState } from "./pathControlDoc";
export { PATH_CONTROL_KEY, readPathPlan, readPathPlans, writePathPlan } from "./pathControlDoc";
export type { PathExportSection } from "./pathExportList";
export { pathExportList, pathExportText } from "./pathExportList";
export type { Rect } from "./pathLayout";
export {
  ARROW_RECT,
  contains,
  noteSlot,
  overlaps,
  PATH_REGIONS,
  POSTER,
  POSTER_DPI,
  REGION_LABEL_BAND,
  REGION_PADDING,
  regionAt,
  TITLE_RECT,
} from "./pathLayout";
export type { ActionStepId, EnrolPerson, PathAction, PathPlanData } from "./pathPlanData";
export {
  ACTION_HORIZON_DAYS,
  ACTION_STEPS,
  addAction,
  addEnrolPerson,
  calendarDate,
  dayNumber,
  isActionStep,
  PATH_DATA_LIMITS,
  removeItem,
  validateAction,
  validateEnrolPerson,
  validateFocus,
} from "./pathPlanData";
export type { PathStepSpan } from "./pathStepSpans";
export {
  nextStepBoundary,
  pathStepSpans,
  stepBoundaries,
  stepSpanAt,
  stepSpanBounds,
} from "./pathStepSpans";
export type { PathStep, PathStepId } from "./pathSteps";
export { isPathStepId, nextPathStep, PATH_STEP_IDS, PATH_STEPS, pathStep } from "./pathSteps";
export type { TemplateRecord } from "./pathTemplate";
export {
  isTemplateRecordId,
  PATH_PAGE_ID,
  pathTemplateRecords,
  regionShapeId,
  TEMPLATE_ID_PREFIX,
} from "./pathTemplate";
export { seedPathBoard } from "./seedPathBoard";
export type { DecodedUpdate } from "./templateWriteGuard";
export { touchesPathTemplate } from "./templateWriteGuard";
