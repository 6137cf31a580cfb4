import { join } from "node:path";
import type { Logger } from "@tablecloth/sync";
import { createEventsExtension, type EventsServices } from "./api/createEventsExtension";
import { withBoardGuards } from "./boards/withBoardGuards";
import { CafeAbsenceSweeper } from "./cafe/CafeAbsenceSweeper";
import { CafeRoundClock } from "./cafe/CafeRoundClock";
import { createCafeRoutes } from "./cafe/createCafeRoutes";
import { createClientConfigRoutes } from "./clientConfig/createClientConfigRoutes";
import type { ServerConfig } from "./config";
import { AnonymousBook } from "./controls/AnonymousBook";
import { withAnonymousNames } from "./controls/anonymousDocAccess";
import { withAnonymousControlDocs } from "./controls/anonymousNames";
import { BoardsPhaseBook } from "./controls/BoardsPhaseBook";
import { boardsPhaseRule } from "./controls/boardsPhaseRule";
import { createControlsRoutes } from "./controls/createControlsRoutes";
import { ChromiumRenderPool } from "./export/ChromiumBoardRenderer";
import { createExportRoutes } from "./export/createExportRoutes";
import { RoundPictureKeeper } from "./export/RoundPictureKeeper";
import { FileRoundPictureStore } from "./export/RoundPictureStore";
import { BoardHistoryService } from "./history/BoardHistoryService";
import { createHistoryRoutes } from "./history/createHistoryRoutes";
import { facilitatorLockRule } from "./locks/facilitatorLockRule";
import { createOpenSpaceCardRoutes } from "./openSpace/createOpenSpaceCardRoutes";
import { createOpenSpaceRoutes } from "./openSpace/createOpenSpaceRoutes";
import { createPathRoutes } from "./path/createPathRoutes";
import { PathPlanBook } from "./path/PathPlanBook";
import { pathBoardRule } from "./path/pathBoardRule";
import { pathWarmUpPoster } from "./path/pathWarmUpPoster";
import type { ServerExtension } from "./TableclothServer";
import { createUploadRoutes } from "./uploads/createUploadRoutes";

/**
 * `TABLECLOTH_RENDER_WARM_UP`: warms the render browser up without holding up the start (nor
 * `/healthz`): the server listens while Chromium starts. "render browser warm", with where its
 * time went, is the signal that the first poster will not be cold; a warm-up that could not run
 * (no Chromium, no built client) says why, and exports then start the browser themselves.
 */
function warmUpInBackground(pool: ChromiumRenderPool, logger: Logger): void {
  setImmediate(() => {
    void pool.warmUp().then((report) => {
      if (report.ok) logger.info("render browser warm", report);
      else logger.info("render browser not warmed up", { reason: report.reason, ms: report.ms });
    });
  });
}

/**
 * The product as shipped: events, roles and tokens decide who may open which doc, and the café,
 * PATH, facilitator controls, upload and client-config routes ride on the same authentication.
 * Boards are guarded at the door (`withBoardGuards`): a participant's updates to a board pass only
 * while the event's boards are not view-only (`BoardsPhaseBook`), on a PATH board only while notes
 * are open and never touching the locked template (`PathPlanBook`), and on every board never
 * touching what facilitators locked. The books read the live control docs, fed by their load.
 * `main.ts` and the tests that need the whole product start the server with exactly these.
 */
export function tableclothExtensions(
  config: ServerConfig,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ServerExtension[] {
  let services: EventsServices | null = null;
  let renderPool: ChromiumRenderPool | null = null;
  let pictureKeeper: RoundPictureKeeper | null = null;
  let roundClock: CafeRoundClock | null = null;
  let absenceSweeper: CafeAbsenceSweeper | null = null;
  const events = createEventsExtension({
    env,
    routes: (s) => {
      services = s;
      // Route writes to a control doc name nobody while its event is anonymous (see there).
      const sync = withAnonymousControlDocs(s.syncServer);
      const history = new BoardHistoryService({
        eventStore: s.eventStore,
        store: s.store,
        sync: s.syncServer,
        flush: () => s.syncServer.flush(),
      });
      // One headless browser for the whole server: exports and round-end pictures share it.
      const pool = new ChromiumRenderPool({
        browser: s.config.renderBrowser,
        clientDistDir: config.clientDistDir,
        uploadsDir: join(config.dataDir, "uploads"),
        timeoutMs: s.config.renderTimeoutMs,
        pages: s.config.renderPages,
        queue: s.config.renderQueue,
        warmUpBoard: pathWarmUpPoster(),
      });
      renderPool = pool;
      if (s.config.renderWarmUp) warmUpInBackground(pool, s.logger);
      const roundPictures = new FileRoundPictureStore(join(config.dataDir, "round-pictures"));
      const keeper = new RoundPictureKeeper({
        eventStore: s.eventStore,
        store: s.store,
        pictures: roundPictures,
        openRenderer: pool.open,
        rounds: (event) => history.rounds(event),
        flush: () => s.syncServer.flush(),
        logger: s.logger,
      });
      pictureKeeper = keeper;
      // Carries out each café's choice at a round's 0:00 (auto-rotate) with nobody online.
      const clock = new CafeRoundClock({
        sync: s.syncServer,
        logger: s.logger,
        tickMs: s.config.cafeClockTickMs,
        onRoundEnded: (eventId) => {
          s.eventStore.getEvent(eventId).then(
            (event) => {
              if (event !== null) keeper.roundEnded(event);
            },
            (error: unknown) => s.logger.error("café round pictures not kept", { eventId, error }),
          );
        },
      });
      clock.start();
      roundClock = clock;
      // Frees the seats of people gone longer than the grace period.
      absenceSweeper = new CafeAbsenceSweeper({
        sync: s.syncServer,
        logger: s.logger,
        graceMs: s.config.cafeSeatGraceMs,
        tickMs: s.config.cafeClockTickMs,
      });
      absenceSweeper.start();
      return [
        createCafeRoutes({
          ...s,
          sync,
          onRoundEnded: (event) => keeper.roundEnded(event),
          onRoundChanged: (docName) => clock.watch(docName),
        }),
        createPathRoutes({ ...s, sync }),
        createOpenSpaceRoutes({ ...s, sync }),
        createOpenSpaceCardRoutes({ ...s, sync }),
        createControlsRoutes({ ...s, sync }),
        createHistoryRoutes({ ...s, history }),
        createExportRoutes({
          ...s,
          sync: s.syncServer,
          history,
          openRenderer: pool.open,
          roundPictures,
          boardsAtOnce: s.config.renderPages,
        }),
        createUploadRoutes({
          dataDir: config.dataDir,
          authorize: s.authorizeUpload,
          ledger: s.uploadLedger,
          maxBytes: s.config.uploadMaxBytes,
          quotas: {
            perEventBytes: s.config.uploadQuotaPerEventBytes,
            perParticipantBytes: s.config.uploadQuotaPerParticipantBytes,
          },
        }),
        createClientConfigRoutes({ tldrawLicenseKey: env.TLDRAW_LICENSE_KEY }),
      ];
    },
  });
  return [
    async (deps) => {
      const added = await events(deps);
      const built: EventsServices | null = services;
      const close = async () => {
        await roundClock?.stop();
        await absenceSweeper?.stop();
        // Shutdown drops round pictures still queued (a later round end catches them up).
        pictureKeeper?.stop();
        await renderPool?.close();
        await pictureKeeper?.idle();
        await added.close?.();
      };
      if (!added.docAccess || built === null) return { ...added, close };
      const book = new PathPlanBook();
      const phases = new BoardsPhaseBook();
      const anonymous = new AnonymousBook();
      return {
        ...added,
        close,
        onLoad: (docName, doc) => {
          book.onLoad(docName, doc);
          phases.onLoad(docName, doc);
          anonymous.onLoad(docName, doc);
        },
        // Outermost: it gives each connection a name getter that no later copy may freeze.
        // Inside, the board rules, cheapest first: the phase is a lookup, a PATH plan a lookup and
        // a template check, the locks a walk over the update's records.
        docAccess: withAnonymousNames(
          withBoardGuards(added.docAccess, {
            membership: built.membership,
            sync: built.syncServer,
            rules: [boardsPhaseRule(phases), pathBoardRule(book), facilitatorLockRule],
          }),
          { membership: built.membership, book: anonymous, sync: built.syncServer },
        ),
      };
    },
  ];
}
