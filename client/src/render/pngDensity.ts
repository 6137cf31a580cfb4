/**
 * A PNG's physical pixel density (its `pHYs` chunk). tldraw's exporter tags every PNG with
 * 72 dpi times its pixel ratio; a PATH poster is A0 at 150 dpi, so its PNG is tagged with that,
 * and prints at A0 size without being rescaled.
 */

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const METRES_PER_INCH = 0.0254;

/** Pixels per metre for `dpi` dots per inch, as `pHYs` stores it (150 dpi: 5,906). */
export function pixelsPerMetre(dpi: number): number {
  return Math.round(dpi / METRES_PER_INCH);
}

let crcTable: Uint32Array | null = null;

/** The CRC-32 PNG chunks carry (ISO 3309, as zlib's). */
export function crc32(bytes: Uint8Array): number {
  if (crcTable === null) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (crcTable[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function physChunk(ppm: number): Uint8Array {
  const chunk = new Uint8Array(4 + 4 + 9 + 4);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, 9);
  chunk.set([0x70, 0x48, 0x59, 0x73], 4); // "pHYs"
  view.setUint32(8, ppm);
  view.setUint32(12, ppm);
  chunk[16] = 1; // unit: the metre
  view.setUint32(17, crc32(chunk.subarray(4, 17)));
  return chunk;
}

/**
 * `png` tagged with `dpi` dots per inch on both axes: any `pHYs` chunk it has is dropped and one
 * is written right after `IHDR` (where the format wants it: before the image data). Throws on
 * bytes that are not a PNG; the pixels are not touched.
 */
export function setPngDensity(png: Uint8Array, dpi: number): Uint8Array {
  if (!(dpi > 0) || !Number.isFinite(dpi)) throw new Error(`not a density: ${dpi} dpi`);
  if (png.length < 8 + 25 || SIGNATURE.some((byte, i) => png[i] !== byte)) {
    throw new Error("not a PNG");
  }
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const kept: Uint8Array[] = [png.subarray(0, 8)];
  let at = 8;
  let sawHeader = false;
  while (at < png.length) {
    if (at + 12 > png.length) throw new Error("a PNG chunk runs past the end");
    const length = view.getUint32(at);
    const end = at + 12 + length;
    if (end > png.length) throw new Error("a PNG chunk runs past the end");
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    if (type !== "pHYs") kept.push(png.subarray(at, end));
    if (type === "IHDR") {
      if (at !== 8) throw new Error("the PNG does not start with IHDR");
      sawHeader = true;
      kept.push(physChunk(pixelsPerMetre(dpi)));
    }
    at = end;
    if (type === "IEND") break;
  }
  if (!sawHeader) throw new Error("the PNG has no IHDR");
  const out = new Uint8Array(kept.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of kept) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
