import type { SniffableType } from "./sniffContentType";

/** Largest upload accepted by default: 10 MiB, plenty for a photo of a paper tablecloth. */
export const DEFAULT_UPLOAD_MAX_BYTES = 10 * 1024 * 1024;

/** The types accepted by default: the images and videos tldraw can show. */
export const DEFAULT_UPLOAD_ALLOWED_TYPES: readonly SniffableType[] = [
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "image/avif",
  "image/svg+xml",
  "video/mp4",
  "video/webm",
];

/** Uploads are content-addressed, so a URL never changes meaning: cache for a year. */
export const UPLOAD_CACHE_CONTROL = "public, max-age=31536000, immutable";
