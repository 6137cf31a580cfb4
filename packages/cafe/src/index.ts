export { applyManualMove } from "./applyManualMove";
export { applyRotation } from "./applyRotation";
export { type AppliedSeating, type ApprovedSeating, applySeating } from "./applySeating";
export { CafeError, CafeErrorCode, type CafeErrorDetails, isCafeError } from "./CafeError";
export {
  CAFE_KEYS,
  CAFE_MAPS,
  type CafeSettings,
  type CafeState,
  type CafeTable,
  DEFAULT_CAFE_SETTINGS,
  type Presence,
  ROUND_STATE_KEY,
  type RoundSeating,
  type Seat,
} from "./cafeDocLayout";
export { readCafeNames, relabelCafeNames, writeName } from "./cafeNames";
export { computeRotationStats } from "./computeRotationStats";
export { createRandom, type Random } from "./createRandom";
export { distinguishNames, NAME_TAG_MIN_LENGTH } from "./distinguishNames";
export {
  type ClockOffset,
  type ClockSample,
  estimateClockOffset,
  toServerTime,
} from "./estimateClockOffset";
export { explainUnseated, type UnseatedExplanation } from "./explainUnseated";
export {
  freeSeatOfAbsent,
  peopleInCafe,
  type Removal,
  removeFromCafe,
  reseatParticipant,
  trackAbsence,
} from "./facilitatorSeats";
export { observeCafe } from "./observeCafe";
export { type PairCounts, PairHistory, type Seating } from "./PairHistory";
export {
  CAFE_ROUND_QUESTIONS_MAP,
  CAFE_ROUNDS_MAP,
  mergePastRounds,
  type RoundQuestions,
  readPastRounds,
  readRoundQuestions,
  recordPastRound,
  recordRoundQuestions,
} from "./pastRounds";
export { type HandMove, planCafeRotation } from "./planCafeRotation";
export { planRotation, ROTATION_LIMITS } from "./planRotation";
export {
  endRound,
  extendRound,
  isInWarningWindow,
  msUntilWarning,
  NOT_STARTED,
  pauseRound,
  ROUND_TIMING,
  type RoundPhase,
  type RoundState,
  remainingMs,
  resumeRound,
  startRound,
} from "./RoundState";
export { readCafe } from "./readCafe";
export { rotationInputFromCafe } from "./rotationInputFromCafe";
export type {
  RotationInput,
  RotationMove,
  RotationPlan,
  RotationStats,
  RotationTable,
} from "./rotationTypes";
export {
  DEFAULT_ROUND_END,
  endRoundOnTime,
  isRoundEndChoice,
  type RoundEndChoice,
  type RoundEndOptions,
  type RoundEndOutcome,
  readRoundEnd,
  readRoundState,
  roundEndsAt,
  writeRoundEnd,
} from "./roundEnd";
export { canStartAnotherRound, checkRoundWithinCount, nextRoundNumber } from "./roundLimit";
export {
  type QuestionSource,
  questionRound,
  questionsByRound,
  questionsOfRound,
  roundQuestion,
  tableQuestion,
} from "./roundQuestions";
export {
  readTimeline,
  recordRoundTransition,
  roundAt,
  TIMELINE_MAP,
  type TimelineEntry,
} from "./roundTimeline";
export { applyRoundAction, type RoundActionOptions, startNextRound } from "./runRound";
export {
  arriveAtTable,
  type CafePerson,
  joinCafe,
  moveSelf,
  seatParticipant,
} from "./seatPeople";
export { setUpCafe, type TableToMake, tablesToMake } from "./setUpCafe";
export {
  addCafeTable,
  type CafeTablePatch,
  checkCanHost,
  tableHostedBy,
  updateCafeTable,
  volunteerAsHost,
} from "./tableHosts";
export { assignTableSlots } from "./tableSlots";
export { validateRotationInput } from "./validateRotationInput";
export {
  removeTable,
  writePresence,
  writeRound,
  writeSeat,
  writeSettings,
  writeTable,
  writeTables,
} from "./writeCafe";
