import { POSTER, POSTER_DPI, pathTemplateRecords } from "@tablecloth/path";
import { createTLSchema } from "@tldraw/tlschema";
import { describe, expect, it } from "vitest";
import { pathWarmUpPoster, WARM_UP_NOTES } from "./pathWarmUpPoster";

describe("pathWarmUpPoster", () => {
  it("is a PATH poster as the export pictures one: the template, notes of every colour, the A0 sheet at 150 dpi", () => {
    const poster = pathWarmUpPoster();
    expect(poster.bounds).toEqual({ x: 0, y: 0, w: POSTER.w, h: POSTER.h });
    expect(poster.dpi).toBe(POSTER_DPI);
    const records = Object.values(poster.records) as Array<{
      typeName: string;
      type?: string;
      props?: { color?: string };
    }>;
    const notes = records.filter((r) => r.type === "note" && r.typeName === "shape");
    expect(notes).toHaveLength(WARM_UP_NOTES);
    expect(new Set(notes.map((n) => n.props?.color))).toEqual(
      new Set(["yellow", "light-green", "light-blue", "orange"]),
    );
    expect(records.length).toBe(WARM_UP_NOTES + pathTemplateRecords("warm-up").length);
  });

  it("holds only records tldraw's schema accepts (the render page would leave out the rest)", () => {
    const schema = createTLSchema();
    for (const record of Object.values(pathWarmUpPoster(80).records)) {
      const typed = record as { typeName: keyof typeof schema.types };
      expect(() => schema.types[typed.typeName].validate(record as never)).not.toThrow();
    }
  });
});
