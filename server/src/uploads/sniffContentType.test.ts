import { describe, expect, it } from "vitest";
import { sniffContentType } from "./sniffContentType";

const bytes = (...values: number[]) => new Uint8Array(values);
const text = (value: string) => new TextEncoder().encode(value);

describe("sniffContentType", () => {
  it("recognises images by their signature", () => {
    expect(sniffContentType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe(
      "image/png",
    );
    expect(sniffContentType(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe("image/jpeg");
    expect(sniffContentType(text("GIF89a...."))).toBe("image/gif");
    expect(sniffContentType(text("RIFF\0\0\0\0WEBPVP8 "))).toBe("image/webp");
    expect(sniffContentType(text("\0\0\0\x1cftypavif"))).toBe("image/avif");
    expect(sniffContentType(text("\0\0\0\x18ftypmp42"))).toBe("video/mp4");
  });

  it("recognises SVG after an XML declaration and comments", () => {
    expect(sniffContentType(text('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe(
      "image/svg+xml",
    );
    expect(sniffContentType(text('<?xml version="1.0"?>\n<!-- hi -->\n<svg>'))).toBe(
      "image/svg+xml",
    );
  });

  it("refuses HTML, scripts and anything unknown", () => {
    expect(sniffContentType(text("<html><script>alert(1)</script>"))).toBeNull();
    expect(sniffContentType(text("<svgfoo>"))).toBeNull();
    expect(sniffContentType(text("%PDF-1.7"))).toBeNull();
    expect(sniffContentType(bytes())).toBeNull();
  });
});
