import * as Y from "yjs";

/** Origin of updates delivered by a {@link DocLink}. */
export const LINK_ORIGIN = "doc-link";

/**
 * Two Y.Docs joined by an in-memory link: on construction each gets the other's state (as a
 * provider's sync step would), then updates are delivered only on `flush()`, in order — a
 * deterministic stand-in for the network between two clients.
 */
export class DocLink {
  readonly queues = new Map<Y.Doc, Uint8Array[]>();
  /** Every update each doc produced itself (not received over the link), with its origin. */
  readonly produced = new Map<Y.Doc, { update: Uint8Array; origin: unknown }[]>();
  private readonly offs: Array<() => void> = [];

  constructor(
    readonly a: Y.Doc,
    readonly b: Y.Doc,
  ) {
    // Connect as a provider would: each side first gets the other's whole state.
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a), LINK_ORIGIN);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b), LINK_ORIGIN);
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      this.queues.set(to, []);
      this.produced.set(from, []);
      const handler = (update: Uint8Array, origin: unknown) => {
        if (origin === LINK_ORIGIN) return;
        this.produced.get(from)?.push({ update, origin });
        this.queues.get(to)?.push(update);
      };
      from.on("update", handler);
      this.offs.push(() => from.off("update", handler));
    }
  }

  /** Deliver every queued update both ways until nothing is in flight. */
  flush(): void {
    for (;;) {
      let delivered = 0;
      for (const [doc, queue] of this.queues) {
        const batch = queue.splice(0);
        for (const update of batch) Y.applyUpdate(doc, update, LINK_ORIGIN);
        delivered += batch.length;
      }
      if (delivered === 0) return;
    }
  }

  /** Deliver only what is queued for `to`. */
  deliverTo(to: Y.Doc): void {
    const queue = this.queues.get(to) ?? [];
    for (const update of queue.splice(0)) Y.applyUpdate(to, update, LINK_ORIGIN);
  }

  destroy(): void {
    for (const off of this.offs) off();
  }
}
