/**
 * The eight steps of PATH (Pearpoint, O'Brien and Forest), in the order the process facilitator
 * takes the group through them. Each step has its own region of the poster (`pathLayout.ts`).
 */
export const PATH_STEP_IDS = [
  "north-star",
  "goal",
  "now",
  "enrol",
  "strength",
  "three-months",
  "next-month",
  "first-step",
] as const;

export type PathStepId = (typeof PATH_STEP_IDS)[number];

export interface PathStep {
  id: PathStepId;
  /** 1–8, the step's place in the process. */
  number: number;
  /** The step's name as facilitators say it. */
  title: string;
  /** The short label drawn in the step's region of the poster. */
  label: string;
  /** What the step produces (methods.md). */
  produces: string;
  /** What the process facilitator asks the group. */
  prompt: string;
  /** A suggested share of a 2–3 hour PATH (140 minutes in all), shown beside the time spent. */
  suggestedMinutes: number;
}

export const PATH_STEPS: readonly PathStep[] = [
  {
    id: "north-star",
    suggestedMinutes: 25,
    number: 1,
    title: "Touching the dream",
    label: "North Star",
    produces: "values and direction",
    prompt: "What is the dream? What gives this life its direction?",
  },
  {
    id: "goal",
    suggestedMinutes: 20,
    number: 2,
    title: "Sensing the goal",
    label: "The goal",
    produces: "concrete outcomes, written as if achieved",
    prompt: "A year or two from now, what has happened? Say it as if it already has.",
  },
  {
    id: "now",
    suggestedMinutes: 20,
    number: 3,
    title: "Grounding in the now",
    label: "Now",
    produces: "an honest picture of today",
    prompt: "Where are we today, honestly?",
  },
  {
    id: "enrol",
    suggestedMinutes: 15,
    number: 4,
    title: "Identifying people to enrol",
    label: "People to enrol",
    produces: "named people, what each brings, who will ask",
    prompt: "Who do we need with us? What does each bring? Who will ask them?",
  },
  {
    id: "strength",
    suggestedMinutes: 15,
    number: 5,
    title: "Recognising ways to build strength",
    label: "Ways to build strength",
    produces: "skills, relationships, self-care",
    prompt: "What will keep us strong on the way?",
  },
  {
    id: "three-months",
    suggestedMinutes: 20,
    number: 6,
    title: "Charting action for the next few months",
    label: "Three months",
    produces: "milestones",
    prompt: "Three months from now, what has been done?",
  },
  {
    id: "next-month",
    suggestedMinutes: 15,
    number: 7,
    title: "Planning the next month's work",
    label: "Next month",
    produces: "tasks with owner and date",
    prompt: "What will each of us do this month, and by when?",
  },
  {
    id: "first-step",
    suggestedMinutes: 10,
    number: 8,
    title: "Committing to the first step",
    label: "First step",
    produces: "one concrete action each",
    prompt: "What is the very first thing you will do?",
  },
];

/** The step with this id. */
export function pathStep(id: PathStepId): PathStep {
  const step = PATH_STEPS.find((s) => s.id === id);
  if (!step) throw new Error(`unknown PATH step ${id}`);
  return step;
}

export function isPathStepId(value: unknown): value is PathStepId {
  return typeof value === "string" && (PATH_STEP_IDS as readonly string[]).includes(value);
}

/** The step after `id`, or null after the first step (the last of the process). */
export function nextPathStep(id: PathStepId): PathStepId | null {
  const at = PATH_STEP_IDS.indexOf(id);
  return PATH_STEP_IDS[at + 1] ?? null;
}
