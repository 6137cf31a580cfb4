import { lazy, Suspense } from "react";
import BoardPage from "./pages/BoardPage";
import { EventPage } from "./pages/EventPage";
import { HomePage } from "./pages/HomePage";
import { JoinPage } from "./pages/JoinPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { useRoute } from "./router/useRoute";

// Pages that draw with tldraw load on their own, so the home, join and lobby pages stay small.
const CafePage = lazy(() => import("./cafe/CafePage").then((m) => ({ default: m.CafePage })));
const TableCardsPage = lazy(() =>
  import("./cafe/TableCardsPage").then((m) => ({ default: m.TableCardsPage })),
);
const RenderPage = lazy(() =>
  import("./render/RenderPage").then((m) => ({ default: m.RenderPage })),
);
const ReplayPage = lazy(() =>
  import("./replay/ReplayPage").then((m) => ({ default: m.ReplayPage })),
);
const OpenSpacePage = lazy(() =>
  import("./openSpace/OpenSpacePage").then((m) => ({ default: m.OpenSpacePage })),
);

const ProjectorPage = lazy(() =>
  import("./projector/ProjectorPage").then((m) => ({ default: m.ProjectorPage })),
);
const BoardProjectorPage = lazy(() =>
  import("./projector/BoardProjectorPage").then((m) => ({ default: m.BoardProjectorPage })),
);

function Loading() {
  return (
    <p className="board__loading" role="status">
      Loading…
    </p>
  );
}

/** Picks the page for the current URL; each page is keyed so it starts fresh. */
export function App() {
  const route = useRoute();
  switch (route.page) {
    case "home":
      return <HomePage />;
    case "join":
      return <JoinPage key={route.code} code={route.code} />;
    case "event":
      return <EventPage key={route.eventId} eventId={route.eventId} />;
    case "board":
      return (
        <BoardPage
          key={`${route.eventId}/${route.boardId}`}
          eventId={route.eventId}
          boardId={route.boardId}
        />
      );
    case "replay":
      return (
        <Suspense fallback={<Loading />}>
          <ReplayPage
            key={`${route.eventId}/${route.boardId}`}
            eventId={route.eventId}
            boardId={route.boardId}
          />
        </Suspense>
      );
    case "cafe":
      return (
        <Suspense fallback={<Loading />}>
          <CafePage key={route.eventId} eventId={route.eventId} />
        </Suspense>
      );
    case "cafe-cards":
      return (
        <Suspense fallback={<Loading />}>
          <TableCardsPage key={route.eventId} eventId={route.eventId} />
        </Suspense>
      );
    case "render":
      return (
        <Suspense fallback={<Loading />}>
          <RenderPage />
        </Suspense>
      );
    case "open-space":
      return (
        <Suspense fallback={<Loading />}>
          <OpenSpacePage
            key={`${route.eventId}/${route.projector}`}
            eventId={route.eventId}
            projector={route.projector}
          />
        </Suspense>
      );
    case "projector":
      return (
        <Suspense fallback={<Loading />}>
          <ProjectorPage
            key={`${route.eventId}/${route.view}`}
            eventId={route.eventId}
            view={route.view}
          />
        </Suspense>
      );
    case "board-projector":
      return (
        <Suspense fallback={<Loading />}>
          <BoardProjectorPage
            key={`${route.eventId}/${route.boardId}`}
            eventId={route.eventId}
            boardId={route.boardId}
          />
        </Suspense>
      );
    case "not-found":
      return <NotFoundPage />;
  }
}
