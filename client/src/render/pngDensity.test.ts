import { deflateSync, crc32 as zlibCrc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { crc32, pixelsPerMetre, setPngDensity } from "./pngDensity";

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlibCrc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A 3 × 2 RGBA PNG built with zlib, optionally with a pHYs chunk (tldraw writes one at 72 dpi). */
function png(phys?: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(3, 0);
  header.writeUInt32BE(2, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(2 * (1 + 3 * 4), 0x7f);
  rows[0] = 0;
  rows[13] = 0;
  const parts: Buffer[] = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])];
  parts.push(chunk("IHDR", header));
  if (phys !== undefined) {
    const p = Buffer.alloc(9);
    p.writeUInt32BE(phys, 0);
    p.writeUInt32BE(phys, 4);
    p[8] = 1;
    parts.push(chunk("pHYs", p));
  }
  parts.push(chunk("IDAT", deflateSync(rows)), chunk("IEND", new Uint8Array()));
  return Buffer.concat(parts);
}

interface Chunk {
  type: string;
  data: Buffer;
  crcOk: boolean;
}

function chunks(bytes: Uint8Array): Chunk[] {
  const buf = Buffer.from(bytes);
  const out: Chunk[] = [];
  for (let at = 8; at < buf.length; ) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString("latin1", at + 4, at + 8);
    const data = buf.subarray(at + 8, at + 8 + length);
    const crc = buf.readUInt32BE(at + 8 + length);
    out.push({ type, data, crcOk: crc === zlibCrc32(buf.subarray(at + 4, at + 8 + length)) });
    at += 12 + length;
  }
  return out;
}

describe("setPngDensity", () => {
  it("says 150 dpi (5,906 px/m) for an A0 poster", () => {
    expect(pixelsPerMetre(150)).toBe(5906);
    expect(pixelsPerMetre(72)).toBe(2835);
  });

  it("computes zlib's CRC-32", () => {
    for (const text of ["", "pHYs", "IEND", "the quick brown fox"]) {
      const bytes = new TextEncoder().encode(text);
      expect(crc32(bytes)).toBe(zlibCrc32(bytes));
    }
  });

  it("replaces tldraw's 72 dpi pHYs right after IHDR, leaving the image data alone", () => {
    const before = png(2835);
    const after = setPngDensity(before, 150);
    const list = chunks(after);
    expect(list.map((c) => c.type)).toEqual(["IHDR", "pHYs", "IDAT", "IEND"]);
    expect(list.every((c) => c.crcOk)).toBe(true);
    const phys = list[1]!.data;
    expect([phys.readUInt32BE(0), phys.readUInt32BE(4), phys[8]]).toEqual([5906, 5906, 1]);
    expect(list[2]!.data.equals(chunks(before)[2]!.data)).toBe(true);
    expect(after.length).toBe(before.length);
  });

  it("adds a pHYs to a PNG that has none", () => {
    const list = chunks(setPngDensity(png(), 300));
    expect(list.map((c) => c.type)).toEqual(["IHDR", "pHYs", "IDAT", "IEND"]);
    expect(list[1]!.data.readUInt32BE(0)).toBe(11811);
    expect(list.every((c) => c.crcOk)).toBe(true);
  });

  it("refuses what is not a PNG, a truncated one and a bad density", () => {
    expect(() => setPngDensity(new TextEncoder().encode("<svg/>"), 150)).toThrow("not a PNG");
    const whole = png(2835);
    expect(() => setPngDensity(whole.subarray(0, whole.length - 20), 150)).toThrow("past the end");
    expect(() => setPngDensity(whole, 0)).toThrow("not a density");
    expect(() => setPngDensity(whole, Number.NaN)).toThrow("not a density");
  });
});
