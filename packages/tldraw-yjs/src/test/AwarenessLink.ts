import { type Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from "y-protocols/awareness";

const LINK_ORIGIN = "awareness-link";

type Change = { added: number[]; updated: number[]; removed: number[] };

/** Two awareness instances joined by an in-memory link that delivers only on `flush()`. */
export class AwarenessLink {
  private readonly queues = new Map<Awareness, Uint8Array[]>();
  private readonly offs: Array<() => void> = [];

  constructor(a: Awareness, b: Awareness) {
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      const queue: Uint8Array[] = [];
      this.queues.set(to, queue);
      // Like a provider: send our state on connect, then every local change.
      queue.push(encodeAwarenessUpdate(from, [from.clientID]));
      const handler = ({ added, updated, removed }: Change, origin: unknown) => {
        if (origin === LINK_ORIGIN) return;
        queue.push(encodeAwarenessUpdate(from, [...added, ...updated, ...removed]));
      };
      from.on("update", handler);
      this.offs.push(() => from.off("update", handler));
    }
  }

  flush(): void {
    for (const [to, queue] of this.queues) {
      for (const update of queue.splice(0)) applyAwarenessUpdate(to, update, LINK_ORIGIN);
    }
  }

  destroy(): void {
    for (const off of this.offs) off();
  }
}
