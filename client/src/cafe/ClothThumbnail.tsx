import { getRecordsMap, readDocSchema } from "@tablecloth/tldraw-yjs";
import { useEffect, useState } from "react";
import { type TLStoreSnapshot, TldrawImage } from "tldraw";
import * as Y from "yjs";
import { Link } from "../router/Link";
import { paths } from "../router/matchRoute";
import { openSyncedDoc } from "../sync/openSyncedDoc";
import { tldrawAssetUrls } from "../tldraw/assetUrls";
import { clothShapes, type ThumbShape } from "./clothShapes";

const EMPTY_CLOTH = "Nothing on the cloth yet";

/**
 * A thumbnail re-renders at most this often while its table is drawing: each render is a whole
 * tldraw export (a hidden editor, fonts, an SVG), and a plenary shows up to 24 of them.
 */
export const THUMBNAIL_REDRAW_MS = 2_000;

interface Picture {
  snapshot: TLStoreSnapshot;
  shapes: ThumbShape[];
}

/** The cloth as tldraw's own snapshot (records in their stored schema; tldraw migrates them). */
function pictureOf(doc: Y.Doc): Picture {
  const store: Record<string, unknown> = {};
  getRecordsMap(doc).forEach((value, id) => {
    if (value instanceof Y.Map) store[id] = value.toJSON();
  });
  const snapshot = { store, schema: readDocSchema(doc) ?? undefined } as unknown as TLStoreSnapshot;
  return { snapshot, shapes: clothShapes(doc) };
}

/**
 * A live picture of one table's cloth for the plenary, rendered by tldraw itself (its SVG export
 * through a hidden read-only editor, `TldrawImage`): strokes, stickies with their whole text,
 * images, as at the table. Kept up to date over its own sync connection (nothing is written
 * through it), redrawn at most every {@link THUMBNAIL_REDRAW_MS}. Clicking it opens the table.
 */
export function ClothThumbnail({
  docName,
  token,
  title,
  eventId,
  boardId,
}: {
  docName: string;
  token: string;
  title: string;
  eventId: string;
  boardId: string | null;
}) {
  const [picture, setPicture] = useState<Picture | null>(null);
  useEffect(() => {
    const synced = openSyncedDoc(docName, token);
    const { doc } = synced;
    let timer: number | null = null;
    let last = 0;
    const redraw = () => {
      if (timer !== null) return;
      // The first change shows at once, later ones at most every THUMBNAIL_REDRAW_MS.
      const wait = Math.max(0, last + THUMBNAIL_REDRAW_MS - Date.now());
      timer = window.setTimeout(() => {
        timer = null;
        last = Date.now();
        setPicture(pictureOf(doc));
      }, wait);
    };
    doc.on("update", redraw);
    return () => {
      if (timer !== null) window.clearTimeout(timer);
      doc.off("update", redraw);
      synced.destroy();
    };
  }, [docName, token]);

  const shapes = picture?.shapes ?? [];
  const texts = shapes.map((s) => s.text).filter((t) => t !== "");
  // The accessible name holds the visible words (axe: label-content-name-mismatch).
  const label =
    shapes.length === 0
      ? `${title}: ${EMPTY_CLOTH}`
      : `${title}: ${shapes.length} things on the cloth${texts.length ? `: ${texts.join("; ")}` : ""}`;
  const image =
    picture && shapes.length > 0 ? (
      <TldrawImage
        snapshot={picture.snapshot}
        format="svg"
        background
        padding={24}
        assetUrls={tldrawAssetUrls}
      />
    ) : (
      <div className="thumb__empty">{EMPTY_CLOTH}</div>
    );
  return (
    <figure
      className="thumb"
      data-testid="cafe-thumbnail"
      data-doc-name={docName}
      data-shapes={shapes.length}
    >
      {boardId ? (
        <Link
          to={paths.board(eventId, boardId)}
          className="thumb__picture"
          aria-label={`Open ${label}`}
          data-testid="cafe-thumbnail-open"
        >
          {image}
        </Link>
      ) : (
        <div className="thumb__picture" role="img" aria-label={label}>
          {image}
        </div>
      )}
      <figcaption>
        {title} · {shapes.length} on the cloth
      </figcaption>
    </figure>
  );
}
