import { describe, expect, it } from "vitest";
import { attachmentName } from "./downloadFile";

describe("attachmentName", () => {
  it("reads the server's file name, never a path", () => {
    expect(attachmentName('attachment; filename="cafe.zip"', "x.zip")).toBe("cafe.zip");
    expect(attachmentName("attachment; filename*=UTF-8''caf%C3%A9.zip", "x.zip")).toBe("café.zip");
    expect(attachmentName('attachment; filename="../../etc/passwd"', "x.zip")).toBe(
      ".._.._etc_passwd",
    );
    expect(attachmentName(null, "x.zip")).toBe("x.zip");
    expect(attachmentName("attachment; filename*=UTF-8''%E0%A4%A", "x.zip")).toBe("x.zip");
  });
});
