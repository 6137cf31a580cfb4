import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { createProvider, waitForSync } from "./connectProvider";
import type { SpawnedServer } from "./spawnServer";
import { withTimeout } from "./waitFor";

export interface KilledWhileWriting {
  /** The writer's provider, disconnected (it keeps its doc; point it elsewhere and reconnect). */
  writer: WebsocketProvider;
  writerDoc: Y.Doc;
  /** Every key the writer set in map `strokes`, with when it set it. */
  sentAt: Map<string, number>;
  killedAt: number;
  exit: { code: number | null; signal: NodeJS.Signals | null };
}

/**
 * A stock client streams small writes (`strokes[kN]`) to `server` every `everyMs` for `forMs`,
 * then the server process is SIGKILLed mid-stream: the crash tests' common set-up.
 */
export async function killWhileWriting(
  server: SpawnedServer,
  docName: string,
  token: string,
  { everyMs, forMs }: { everyMs: number; forMs: number },
): Promise<KilledWhileWriting> {
  const writerDoc = new Y.Doc();
  const writer = createProvider(server.url, docName, { doc: writerDoc, token });
  await waitForSync(writer);
  const sentAt = new Map<string, number>();
  const map = writerDoc.getMap<number>("strokes");
  let i = 0;
  const streaming = setInterval(() => {
    const key = `k${i++}`;
    sentAt.set(key, Date.now());
    map.set(key, i);
  }, everyMs);
  await new Promise((resolve) => setTimeout(resolve, forMs));
  const killedAt = Date.now();
  server.child.kill("SIGKILL");
  clearInterval(streaming);
  // The client keeps its doc but stops trying the dead port.
  writer.disconnect();
  const exit = await withTimeout(server.exited, 10_000, "the killed server to exit");
  return { writer, writerDoc, sentAt, killedAt, exit };
}

/** The keys set more than `durableMs` before the kill: the ones the log must hold. */
export function keysSentBefore(killed: KilledWhileWriting, durableMs: number): string[] {
  return [...killed.sentAt]
    .filter(([, at]) => at < killed.killedAt - durableMs)
    .map(([key]) => key);
}
