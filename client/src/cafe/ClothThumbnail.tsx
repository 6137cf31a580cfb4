import { useEffect, useState } from "react";
import { openSyncedDoc } from "../sync/openSyncedDoc";
import { clothShapes, type ThumbShape } from "./clothShapes";

/** A thumbnail redraws at most this often while its table is drawing. */
const REDRAW_MS = 500;
const PADDING = 40;

/**
 * A live, schematic picture of one table's cloth for the plenary: its shapes as boxes, notes and
 * strokes, kept up to date over its own sync connection (nothing is written through it).
 */
export function ClothThumbnail({
  docName,
  token,
  title,
}: {
  docName: string;
  token: string;
  title: string;
}) {
  const [shapes, setShapes] = useState<ThumbShape[]>([]);
  useEffect(() => {
    const synced = openSyncedDoc(docName, token);
    const { doc } = synced;
    let timer: number | null = null;
    const redraw = () => {
      if (timer !== null) return;
      timer = window.setTimeout(() => {
        timer = null;
        setShapes(clothShapes(doc));
      }, REDRAW_MS);
    };
    doc.on("update", redraw);
    return () => {
      if (timer !== null) window.clearTimeout(timer);
      doc.off("update", redraw);
      synced.destroy();
    };
  }, [docName, token]);

  const minX = Math.min(0, ...shapes.map((s) => s.x)) - PADDING;
  const minY = Math.min(0, ...shapes.map((s) => s.y)) - PADDING;
  const maxX = Math.max(400, ...shapes.map((s) => s.x + s.w)) + PADDING;
  const maxY = Math.max(300, ...shapes.map((s) => s.y + s.h)) + PADDING;
  return (
    <figure
      className="thumb"
      data-testid="cafe-thumbnail"
      data-doc-name={docName}
      data-shapes={shapes.length}
    >
      <svg
        viewBox={`${minX} ${minY} ${maxX - minX} ${maxY - minY}`}
        role="img"
        aria-label={`${title}: ${shapes.length} things on the cloth`}
      >
        <rect x={minX} y={minY} width={maxX - minX} height={maxY - minY} fill="#fffdf6" />
        {shapes.map((s) =>
          s.kind === "line" && s.points.length > 1 ? (
            <polyline
              key={s.id}
              points={s.points.map((p) => `${s.x + p.x},${s.y + p.y}`).join(" ")}
              fill="none"
              stroke="#1d2330"
              strokeWidth={4}
            />
          ) : (
            <g key={s.id}>
              <rect
                x={s.x}
                y={s.y}
                width={s.w}
                height={s.h}
                fill={s.kind === "note" ? "#ffe066" : "none"}
                stroke="#1d2330"
                strokeWidth={3}
              />
              {s.text ? (
                <text x={s.x + 8} y={s.y + 36} fontSize={28}>
                  {s.text.slice(0, 24)}
                </text>
              ) : null}
            </g>
          ),
        )}
      </svg>
      <figcaption>
        {title} · {shapes.length} on the cloth
      </figcaption>
    </figure>
  );
}
