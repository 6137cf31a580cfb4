/** Every page the app has, parsed from the path. */
export type Route =
  | { page: "home" }
  | { page: "join"; code: string }
  | { page: "event"; eventId: string }
  | { page: "board"; eventId: string; boardId: string }
  | { page: "replay"; eventId: string; boardId: string }
  | { page: "cafe"; eventId: string }
  | { page: "cafe-cards"; eventId: string }
  | { page: "render" }
  | { page: "open-space"; eventId: string; projector: boolean }
  | { page: "projector"; eventId: string; view: ProjectorView }
  | { page: "board-projector"; eventId: string; boardId: string }
  | { page: "not-found" };

/** The room-screen views of an event: a menu of them, the join code, the timer, who is where. */
export type ProjectorView = "menu" | "join" | "timer" | "who";
const PROJECTOR_VIEWS: readonly ProjectorView[] = ["join", "timer", "who"];

function projectorView(value: string | null | undefined): ProjectorView | null {
  return PROJECTOR_VIEWS.find((v) => v === value) ?? null;
}

function segment(value: string): string | null {
  try {
    const decoded = decodeURIComponent(value);
    return decoded.length > 0 ? decoded : null;
  } catch {
    return null;
  }
}

/**
 * `/`, `/j/:code`, `/e/:eventId`, `/e/:eventId/cafe`, `/e/:eventId/cafe/cards`,
 * `/e/:eventId/open-space[/projector]`, `/e/:eventId/projector[/join|timer|who]`,
 * `/e/:eventId/b/:boardId`, `/e/:eventId/b/:boardId/replay`, `/e/:eventId/b/:boardId/projector`,
 * `/render` (the exporter's page); a trailing slash is ignored.
 */
export function matchRoute(pathname: string): Route {
  const parts = pathname.replace(/\/+$/, "").split("/").slice(1);
  if (parts.length === 0 || (parts.length === 1 && parts[0] === "")) return { page: "home" };
  const [first, second, third, fourth, fifth] = parts.map(segment);
  if (parts.length === 1 && first === "render") return { page: "render" };
  if (parts.length === 2 && first === "j" && second) return { page: "join", code: second };
  if (parts.length === 2 && first === "e" && second) return { page: "event", eventId: second };
  if (parts.length === 3 && first === "e" && second && third === "cafe") {
    return { page: "cafe", eventId: second };
  }
  if (parts.length === 4 && first === "e" && second && third === "cafe" && fourth === "cards") {
    return { page: "cafe-cards", eventId: second };
  }
  if (parts.length === 3 && first === "e" && second && third === "open-space") {
    return { page: "open-space", eventId: second, projector: false };
  }
  if (
    parts.length === 4 &&
    first === "e" &&
    second &&
    third === "open-space" &&
    fourth === "projector"
  ) {
    return { page: "open-space", eventId: second, projector: true };
  }
  if (parts.length === 3 && first === "e" && second && third === "projector") {
    return { page: "projector", eventId: second, view: "menu" };
  }
  if (parts.length === 4 && first === "e" && second && third === "projector") {
    const view = projectorView(fourth);
    if (view) return { page: "projector", eventId: second, view };
  }
  if (parts.length === 4 && first === "e" && second && third === "b" && fourth) {
    return { page: "board", eventId: second, boardId: fourth };
  }
  if (parts.length === 5 && first === "e" && second && third === "b" && fourth) {
    if (fifth === "replay") return { page: "replay", eventId: second, boardId: fourth };
    if (fifth === "projector") return { page: "board-projector", eventId: second, boardId: fourth };
  }
  return { page: "not-found" };
}

/** Paths for links, so no page spells a URL by hand. */
export const paths = {
  home: () => "/",
  join: (code: string) => `/j/${encodeURIComponent(code)}`,
  event: (eventId: string) => `/e/${encodeURIComponent(eventId)}`,
  cafe: (eventId: string) => `/e/${encodeURIComponent(eventId)}/cafe`,
  cafeCards: (eventId: string) => `/e/${encodeURIComponent(eventId)}/cafe/cards`,
  openSpace: (eventId: string) => `/e/${encodeURIComponent(eventId)}/open-space`,
  openSpaceProjector: (eventId: string) => `/e/${encodeURIComponent(eventId)}/open-space/projector`,
  board: (eventId: string, boardId: string) =>
    `/e/${encodeURIComponent(eventId)}/b/${encodeURIComponent(boardId)}`,
  projector: (eventId: string, view: ProjectorView) =>
    `/e/${encodeURIComponent(eventId)}/projector${view === "menu" ? "" : `/${view}`}`,
  boardProjector: (eventId: string, boardId: string) =>
    `/e/${encodeURIComponent(eventId)}/b/${encodeURIComponent(boardId)}/projector`,
  replay: (eventId: string, boardId: string) =>
    `/e/${encodeURIComponent(eventId)}/b/${encodeURIComponent(boardId)}/replay`,
};
