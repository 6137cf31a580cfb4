import { ARROW_RECT, PATH_REGIONS, type Rect, TITLE_RECT } from "./pathLayout";
import { PATH_STEPS, type PathStepId } from "./pathSteps";

/** Every template record's id starts with this: the write filter protects exactly these. */
export const TEMPLATE_ID_PREFIX = "shape:path-template-";

/** The page every PATH board draws on (tldraw's default page id). */
export const PATH_PAGE_ID = "page:page";

/** Fractional indexes of the regions, above the arrow and the title ("a10" is not a valid key). */
const REGION_INDEXES = ["a3", "a4", "a5", "a6", "a7", "a8", "a9", "aA"];

export function isTemplateRecordId(id: string): boolean {
  return id.startsWith(TEMPLATE_ID_PREFIX);
}

export function regionShapeId(step: PathStepId): string {
  return `${TEMPLATE_ID_PREFIX}region-${step}`;
}

/** A tldraw record as plain JSON, ready for the board doc's records map. */
export type TemplateRecord = { id: string; typeName: string } & Record<string, unknown>;

function richText(text: string) {
  return {
    type: "doc",
    content: text.split("\n").map((line) => ({
      type: "paragraph",
      ...(line.length > 0 ? { content: [{ type: "text", text: line }] } : {}),
    })),
  };
}

function geo(
  id: string,
  index: string,
  rect: Rect,
  props: { geo: string; color: string; fill: string; dash: string; label: string; size: string },
): TemplateRecord {
  return {
    id,
    typeName: "shape",
    type: "geo",
    x: rect.x,
    y: rect.y,
    rotation: 0,
    index,
    parentId: PATH_PAGE_ID,
    isLocked: true,
    opacity: 1,
    meta: {},
    props: {
      geo: props.geo,
      dash: props.dash,
      url: "",
      w: rect.w,
      h: rect.h,
      growY: 0,
      scale: 1,
      flipX: false,
      flipY: false,
      labelColor: "black",
      color: props.color,
      fill: props.fill,
      size: props.size,
      font: "sans",
      align: "middle",
      verticalAlign: "start",
      richText: richText(props.label),
    },
  };
}

/**
 * The locked template of a PATH board: the default page, the arrow, the eight step regions with
 * their numbers and names, and the title naming the focus person (or group). Valid tldraw 5.4.2
 * records (the test validates them against tldraw's own schema); ids from `TEMPLATE_ID_PREFIX`.
 */
export function pathTemplateRecords(focus: string): TemplateRecord[] {
  const page: TemplateRecord = {
    id: PATH_PAGE_ID,
    typeName: "page",
    name: "PATH",
    index: "a1",
    meta: {},
  };
  const arrow = geo(`${TEMPLATE_ID_PREFIX}arrow`, "a1", ARROW_RECT, {
    geo: "arrow-right",
    color: "light-blue",
    fill: "semi",
    dash: "draw",
    label: "",
    size: "m",
  });
  const title = geo(`${TEMPLATE_ID_PREFIX}title`, "a2", TITLE_RECT, {
    geo: "rectangle",
    color: "black",
    fill: "none",
    dash: "solid",
    label: `PATH for ${focus}`,
    size: "xl",
  });
  const regions = PATH_STEPS.map((step, i) =>
    geo(regionShapeId(step.id), REGION_INDEXES[i]!, PATH_REGIONS[step.id], {
      geo: step.id === "north-star" ? "star" : "rectangle",
      color: step.id === "north-star" ? "yellow" : "grey",
      fill: step.id === "north-star" ? "semi" : "none",
      dash: "dashed",
      label: `${step.number}. ${step.label}`,
      size: "l",
    }),
  );
  return [page, arrow, title, ...regions];
}
