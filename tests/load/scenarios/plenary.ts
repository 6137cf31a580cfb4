import { bound } from "../lib/checks";
import { nowMs, sleep } from "../lib/clock";
import { encodeAwarenessFrame, forEachAwarenessEntry } from "../lib/frames";
import { LatencyRecorder } from "../lib/LatencyRecorder";
import { launch } from "../lib/launch";
import { MapWriter } from "../lib/MapWriter";
import { startPhase, withTempDir } from "../lib/measure";
import { forEachLimited } from "../lib/provision";
import { RawClient } from "../lib/RawClient";
import type { RunMetrics } from "../lib/report";
import type { Scenario } from "../lib/Scenario";
import type { ServerKind } from "../lib/servers";
import { isStamp, type Stamp } from "../lib/stamp";
import { forEachInsertedValue } from "../lib/updateValues";

type PlenaryConfig = {
  /** Participants editing the one board (and moving their cursors). */
  editors: number;
  /** Observers (role "observer", read-only) watching it during the edit phase. */
  viewers: number;
  /** Observers in the room during the presence phase (the first `viewers` stay, more join). */
  presenceViewers: number;
  /** Edits per second per editor. */
  editHz: number;
  /** Cursor moves per second per editor. */
  cursorHz: number;
  /** Length of each measured phase. */
  seconds: number;
  /** Time after the last edit for deliveries to arrive. */
  settleMs: number;
  /** Viewers whose received edits are decoded for latency (every k-th); all receive the same. */
  sampleEveryViewer: number;
};

const SEND_TICK_MS = 5;

interface Editor {
  index: number;
  awarenessId: number;
  clock: number;
  client: RawClient;
  writer: MapWriter;
  sent: number;
  nextEditAt: number;
  nextCursorAt: number;
}

interface Viewer {
  client: RawClient;
  /** Client ids of the presence states this viewer holds, and the last head count it saw. */
  states: Set<number>;
  headCount: number;
}

/** Yjs client ids are random 32-bit numbers; these are distinct by construction. */
function awarenessIdOf(index: number): number {
  return 1_000_000 + index * 7_919 + Math.floor(Math.random() * 7_000);
}

const HEAD_COUNT = '{"headCount":{"viewers":';

/** Observer `i`'s awareness ids, fixed per run so a renewal updates the same entry. */
const viewerIds = new Map<number, number>();

/** An observer's presence as a client sends it (no cursor), at `clock`. */
function viewerPresence(editors: number, i: number, clock: number): Uint8Array {
  let id = viewerIds.get(i);
  if (id === undefined) {
    id = awarenessIdOf(editors + i);
    viewerIds.set(i, id);
  }
  return encodeAwarenessFrame(id, clock, `{"user":{"name":"o${i}","color":"#718096"}}`);
}

/**
 * One plenary board (issue 14): editors edit and move cursors, hundreds of observers watch. Two
 * phases on one server: (1) `viewers` observers, edits and cursors: edit send → arrival at every
 * editor and at a sample of observers, server CPU as a share of a core; (2) `presenceViewers`
 * observers (more join first, measured apart), cursors only, each observer renewing its presence
 * once: the server's CPU for presence as a share of a core. Observers join with role "observer" through the API.
 */
async function run(kind: ServerKind, config: PlenaryConfig): Promise<RunMetrics> {
  return withTempDir(async (dataDir) => {
    const { server, access, notes } = await launch(kind, dataDir, {
      docs: 1,
      participants: config.editors,
      observers: config.presenceViewers,
      label: "plenary",
    });
    try {
      const docName = access.docNames[0] ?? "";
      const editLatency = new LatencyRecorder();
      const viewerEditLatency = new LatencyRecorder();
      let measuring = false;
      const received = new Set<number>();
      const onEdit = (recorder: LatencyRecorder, self: number, receiver: number) => {
        return (update: Uint8Array, initial: boolean) => {
          if (initial || !measuring) return;
          const at = nowMs();
          forEachInsertedValue(update, (value) => {
            if (!isStamp(value) || value.c === self) return;
            const id = (receiver * 1_000 + value.c) * 100_000 + value.q;
            if (received.has(id)) return;
            received.add(id);
            recorder.add(at - value.t);
            editLatency.add(at - value.t);
          });
        };
      };
      const editors: Editor[] = [];
      await forEachLimited(config.editors, 25, async (index) => {
        const editor: Editor = {
          index,
          awarenessId: awarenessIdOf(index),
          clock: 0,
          writer: new MapWriter("plenary"),
          sent: 0,
          nextEditAt: 0,
          nextCursorAt: 0,
          client: new RawClient(server.syncUrl(docName, access.token(index)), {
            onUpdate: onEdit(new LatencyRecorder(), index, index),
          }),
        };
        editors[index] = editor;
        await editor.client.synced;
      });

      const viewers: Viewer[] = [];
      const connectViewers = async (from: number, to: number): Promise<void> => {
        await forEachLimited(to - from, 25, async (k) => {
          const i = from + k;
          const viewer: Viewer = { states: new Set(), headCount: 0, client: undefined as never };
          const sampled = i % config.sampleEveryViewer === 0;
          viewer.client = new RawClient(server.syncUrl(docName, access.observerToken(i)), {
            ...(sampled ? { onUpdate: onEdit(viewerEditLatency, -1, config.editors + i) } : {}),
            onAwareness(payload) {
              forEachAwarenessEntry(payload, (clientId, _clock, stateJson) => {
                if (stateJson.startsWith(HEAD_COUNT)) {
                  viewer.headCount = Number.parseInt(stateJson.slice(HEAD_COUNT.length), 10);
                } else if (stateJson === "null") viewer.states.delete(clientId);
                else viewer.states.add(clientId);
              });
            },
          });
          viewers[i] = viewer;
          await viewer.client.synced;
          // An observer's presence as a client sends it on joining (no cursor).
          viewer.client.send(viewerPresence(config.editors, i, 1));
        });
      };
      await connectViewers(0, config.viewers);

      const moveCursor = (e: Editor, now: number): void => {
        const x = Math.round(500 + 400 * Math.sin(now / 700 + e.index));
        const y = Math.round(400 + 300 * Math.cos(now / 900 + e.index));
        e.client.send(
          encodeAwarenessFrame(
            e.awarenessId,
            ++e.clock,
            `{"user":{"name":"p${e.index}","color":"#3182ce"},"cursor":{"x":${x},"y":${y}}}`,
          ),
        );
      };

      // Phase 1: edits and cursors, `viewers` observers watching.
      const editPeriod = 1000 / config.editHz;
      const cursorPeriod = 1000 / config.cursorHz;
      let start = nowMs();
      for (const e of editors) {
        e.nextEditAt = start + Math.random() * editPeriod;
        e.nextCursorAt = start + Math.random() * cursorPeriod;
      }
      let finish = startPhase(server);
      measuring = true;
      let endAt = start + config.seconds * 1000;
      while (nowMs() < endAt) {
        const now = nowMs();
        for (const e of editors) {
          if (e.nextEditAt <= now) {
            const stamp: Stamp = { t: nowMs(), c: e.index, q: e.sent };
            e.client.send(e.writer.setFrame(`${e.index}:${e.sent}`, stamp));
            e.sent++;
            e.nextEditAt += editPeriod;
          }
          if (e.nextCursorAt <= now) {
            moveCursor(e, now);
            e.nextCursorAt += cursorPeriod;
          }
        }
        await sleep(SEND_TICK_MS);
      }
      const sampledViewers = Math.ceil(config.viewers / config.sampleEveryViewer);
      const edits = editors.reduce((sum, e) => sum + e.sent, 0);
      const expected = edits * (config.editors - 1) + edits * sampledViewers;
      const settleUntil = nowMs() + config.settleMs;
      while (received.size < expected && nowMs() < settleUntil) await sleep(20);
      const editCost = finish();
      measuring = false;
      const delivered = received.size;
      const all = editLatency.summary();
      const atViewers = viewerEditLatency.summary();

      // Phase 2: presence only, with `presenceViewers` observers: the rest join first (their
      // join is measured on its own), then cursors move and every observer renews its presence
      // once, as the stock client does every 15 s.
      const joinFinish = startPhase(server);
      await connectViewers(config.viewers, config.presenceViewers);
      await sleep(config.settleMs);
      const joinCost = joinFinish();
      start = nowMs();
      finish = startPhase(server);
      endAt = start + config.seconds * 1000;
      for (const e of editors) e.nextCursorAt = start + Math.random() * cursorPeriod;
      const renewAt = viewers.map(() => start + Math.random() * config.seconds * 1000);
      const renewed = new Set<number>();
      while (nowMs() < endAt) {
        const now = nowMs();
        for (const e of editors) {
          if (e.nextCursorAt > now) continue;
          moveCursor(e, now);
          e.nextCursorAt += cursorPeriod;
        }
        for (let i = 0; i < viewers.length; i++) {
          if (renewed.has(i) || (renewAt[i] ?? 0) > now) continue;
          renewed.add(i);
          viewers[i]?.client.send(viewerPresence(config.editors, i, 2));
        }
        await sleep(SEND_TICK_MS);
      }
      await sleep(config.settleMs);
      const presenceCost = finish();
      const present = viewers.filter((v) => v !== undefined);
      const editorIds = new Set(editors.map((e) => e.awarenessId));
      const seesAllEditors = present.filter((v) =>
        [...editorIds].every((id) => v.states.has(id)),
      ).length;
      const seesViewers = present.filter((v) => v.states.size > editorIds.size).length;
      const headCountRight = present.filter((v) => v.headCount === config.presenceViewers).length;
      const closedEarly =
        editors.filter((e) => !e.client.isOpen).length +
        present.filter((v) => !v.client.isOpen).length;
      await Promise.all([...editors, ...present].map((c) => c.client.close()));
      return {
        values: {
          editP50: all.p50,
          editP95: all.p95,
          editP99: all.p99,
          viewerEditP95: atViewers.p95,
          edits,
          missing: expected - delivered,
          editCores: editCost.serverCpuMs / editCost.phaseMs,
          presenceCores: presenceCost.serverCpuMs / presenceCost.phaseMs,
          presenceCpuMs: presenceCost.serverCpuMs,
          joinCpuMs: joinCost.serverCpuMs,
          viewersSeeingAllEditors: seesAllEditors,
          viewersSeeingViewers: seesViewers,
          headCountRight,
          closedEarly,
        },
        ...editCost,
        serverPeakRssMb: server.peakRssMb(),
        notes: [
          ...notes,
          `edit latency = send → arrival at each other editor and at every ${config.sampleEveryViewer}th observer (${all.count} samples); the server sends every observer the same frames`,
          `server CPU, edit phase: ${Math.round(editCost.serverCpuMs)} ms in ${Math.round(editCost.phaseMs)} ms; presence phase (${config.presenceViewers} observers, ${config.editors} cursors at ${config.cursorHz} Hz, each observer renewing once): ${Math.round(presenceCost.serverCpuMs)} ms in ${Math.round(presenceCost.phaseMs)} ms`,
          `${config.presenceViewers - config.viewers} more observers joining (token check, upgrade, initial sync, presence) before the presence phase: ${Math.round(joinCost.serverCpuMs)} ms of server CPU in ${Math.round(joinCost.phaseMs)} ms`,
          "the common CPU rows below are the edit phase's",
        ],
      };
    } finally {
      await server.stop();
    }
  });
}

export const plenary: Scenario<PlenaryConfig> = {
  name: "plenary",
  description:
    "one board, 50 editors, 500 observers watching (then 1,000): edit propagation, server cores, presence cost",
  config: (quick) =>
    quick
      ? {
          editors: 5,
          viewers: 20,
          presenceViewers: 40,
          editHz: 1,
          cursorHz: 10,
          seconds: 3,
          settleMs: 1_000,
          sampleEveryViewer: 5,
        }
      : {
          editors: 50,
          viewers: 500,
          presenceViewers: 1_000,
          editHz: 1,
          cursorHz: 10,
          seconds: 15,
          settleMs: 2_000,
          sampleEveryViewer: 10,
        },
  metrics: [
    { key: "editP50", label: "edit latency p50", unit: "ms", better: "lower" },
    { key: "editP95", label: "edit latency p95", unit: "ms", better: "lower" },
    { key: "editP99", label: "edit latency p99", unit: "ms", better: "lower" },
    { key: "viewerEditP95", label: "edit latency p95 at observers", unit: "ms", better: "lower" },
    { key: "edits", label: "edits sent", unit: "", better: "none" },
    { key: "missing", label: "edit deliveries missing", unit: "", better: "lower" },
    { key: "editCores", label: "server cores, edit phase", unit: "", better: "lower" },
    { key: "presenceCores", label: "server cores, presence phase", unit: "", better: "lower" },
    { key: "presenceCpuMs", label: "server CPU, presence phase", unit: "ms", better: "lower" },
    { key: "joinCpuMs", label: "server CPU, observers joining", unit: "ms", better: "lower" },
    {
      key: "viewersSeeingAllEditors",
      label: "observers holding every editor's presence",
      unit: "",
      better: "higher",
    },
    {
      key: "viewersSeeingViewers",
      label: "observers holding other observers' presence",
      unit: "",
      better: "none",
    },
    {
      key: "headCountRight",
      label: "observers with the right head count",
      unit: "",
      better: "higher",
    },
    { key: "closedEarly", label: "sockets closed early", unit: "", better: "lower" },
  ],
  run,
  checks: (config, ours, reference) => [
    bound("edit propagation p95", "editP95", "<=", 250, "ms", ours, reference),
    bound("server ≤ 1 core (edit phase)", "editCores", "<=", 1, "", ours, reference),
    bound("presence ≤ 10 % of a core", "presenceCores", "<=", 0.1, "", ours, reference),
    bound("no edit lost", "missing", "<=", 0, "", ours, reference),
    bound(
      "every observer sees every editor",
      "viewersSeeingAllEditors",
      ">=",
      config.presenceViewers,
      "",
      ours,
      reference,
    ),
    bound("no socket closed", "closedEarly", "<=", 0, "", ours, reference),
  ],
};
