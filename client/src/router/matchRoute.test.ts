import { describe, expect, it } from "vitest";
import { matchRoute, paths } from "./matchRoute";

describe("matchRoute", () => {
  it("parses every page", () => {
    expect(matchRoute("/")).toEqual({ page: "home" });
    expect(matchRoute("")).toEqual({ page: "home" });
    expect(matchRoute("/j/ABC123")).toEqual({ page: "join", code: "ABC123" });
    expect(matchRoute("/e/ev1/")).toEqual({ page: "event", eventId: "ev1" });
    expect(matchRoute("/e/ev1/b/b2")).toEqual({ page: "board", eventId: "ev1", boardId: "b2" });
    expect(matchRoute("/render")).toEqual({ page: "render" });
    expect(matchRoute("/e/ev1/cafe/cards")).toEqual({ page: "cafe-cards", eventId: "ev1" });
  });

  it("parses a board's replay and round-trips its path", () => {
    expect(matchRoute("/e/ev1/b/b2/replay")).toEqual({
      page: "replay",
      eventId: "ev1",
      boardId: "b2",
    });
    expect(matchRoute(paths.replay("a b", "c/d"))).toEqual({
      page: "replay",
      eventId: "a b",
      boardId: "c/d",
    });
    expect(matchRoute("/e/ev1/b/b2/replays")).toEqual({ page: "not-found" });
  });

  it("parses the projector views and round-trips their paths", () => {
    expect(matchRoute("/e/ev1/projector")).toEqual({
      page: "projector",
      eventId: "ev1",
      view: "menu",
    });
    for (const view of ["join", "timer", "who"] as const) {
      expect(matchRoute(`/e/ev1/projector/${view}/`)).toEqual({
        page: "projector",
        eventId: "ev1",
        view,
      });
      expect(matchRoute(paths.projector("a b", view))).toEqual({
        page: "projector",
        eventId: "a b",
        view,
      });
    }
    expect(matchRoute(paths.projector("ev1", "menu"))).toEqual({
      page: "projector",
      eventId: "ev1",
      view: "menu",
    });
    expect(matchRoute("/e/ev1/projector/menu")).toEqual({ page: "not-found" });
    expect(matchRoute("/e/ev1/projector/qr")).toEqual({ page: "not-found" });
    expect(matchRoute(paths.boardProjector("a b", "c/d"))).toEqual({
      page: "board-projector",
      eventId: "a b",
      boardId: "c/d",
    });
  });

  it("answers not-found for anything else, bad escapes included", () => {
    expect(matchRoute("/e")).toEqual({ page: "not-found" });
    expect(matchRoute("/e/ev1/x/b2")).toEqual({ page: "not-found" });
    expect(matchRoute("/render/x")).toEqual({ page: "not-found" });
    expect(matchRoute("/j/%E0%A4%A")).toEqual({ page: "not-found" });
  });

  it("round-trips the paths it builds", () => {
    expect(matchRoute(paths.board("a b", "c/d"))).toEqual({
      page: "board",
      eventId: "a b",
      boardId: "c/d",
    });
    expect(matchRoute(paths.join("XY-12"))).toEqual({ page: "join", code: "XY-12" });
  });
});
