import { describe, expect, it } from "vitest";
import { tokenParam } from "./SyncTransport";

describe("tokenParam", () => {
  it("reads the token parameter as URLSearchParams would", () => {
    const urls = [
      "/sync/d?token=abc.def-ghi_jkl",
      "/sync/d?x=1&token=abc&y=2",
      "/sync/d?xtoken=no&token=yes",
      "/sync/d?token=a%2Bb%20c",
      "/sync/d?token=a+b",
      "/sync/d?token=",
      "/sync/d?token=%E0%A4%A",
      "/sync/d?other=1",
      "/sync/d?token=first&token=second",
      "/sync/d?&&token=t&",
    ];
    for (const url of urls) {
      const query = url.indexOf("?");
      expect(tokenParam(url, query + 1), url).toBe(
        new URLSearchParams(url.slice(query + 1)).get("token"),
      );
    }
  });
});
