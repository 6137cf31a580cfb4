import { createTLSchema } from "@tldraw/tlschema";
import { describe, expect, it } from "vitest";
import { PATH_REGIONS } from "./pathLayout";
import { PATH_STEP_IDS } from "./pathSteps";
import {
  isTemplateRecordId,
  PATH_PAGE_ID,
  pathTemplateRecords,
  regionShapeId,
} from "./pathTemplate";

describe("pathTemplateRecords", () => {
  const records = pathTemplateRecords("Ayesha and her family");

  it("are records tldraw 5.4.2's own schema accepts", () => {
    const schema = createTLSchema();
    for (const record of records) {
      const type = schema.types[record.typeName as keyof typeof schema.types];
      expect(type, record.typeName).toBeDefined();
      expect(() => type.validate(record as never)).not.toThrow();
    }
  });

  it("are the page, the arrow, the title and one locked region per step", () => {
    expect(records[0]?.id).toBe(PATH_PAGE_ID);
    const shapes = records.filter((r) => r.typeName === "shape");
    expect(shapes).toHaveLength(10);
    for (const shape of shapes) {
      expect(isTemplateRecordId(shape.id)).toBe(true);
      expect(shape.isLocked).toBe(true);
      expect(shape.parentId).toBe(PATH_PAGE_ID);
    }
    for (const id of PATH_STEP_IDS) {
      const region = shapes.find((s) => s.id === regionShapeId(id));
      expect(region).toMatchObject({ x: PATH_REGIONS[id].x, y: PATH_REGIONS[id].y });
    }
    const indexes = shapes.map((s) => s.index as string);
    expect(new Set(indexes).size).toBe(indexes.length);
    expect([...indexes].sort()).toEqual(indexes);
  });

  it("names the focus person on the poster", () => {
    const title = records.find((r) => r.id.endsWith("title"));
    expect(JSON.stringify(title)).toContain("PATH for Ayesha and her family");
  });

  it("tells template ids from everything else", () => {
    expect(isTemplateRecordId("shape:path-template-arrow")).toBe(true);
    expect(isTemplateRecordId("shape:abc")).toBe(false);
    expect(isTemplateRecordId(PATH_PAGE_ID)).toBe(false);
  });
});
