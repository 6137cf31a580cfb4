import { SNIFFABLE_TYPES, type SniffableType } from "./sniffContentType";

/** Largest upload accepted by default: 10 MiB, plenty for a photo of a paper tablecloth. */
export const DEFAULT_UPLOAD_MAX_BYTES = 10 * 1024 * 1024;

/** The types accepted by default: every type we can recognise, the images and videos tldraw shows. */
export const DEFAULT_UPLOAD_ALLOWED_TYPES: readonly SniffableType[] = SNIFFABLE_TYPES;

/** Uploads are content-addressed, so a URL never changes meaning: cache for a year. */
export const UPLOAD_CACHE_CONTROL = "public, max-age=31536000, immutable";

/** The policy every served upload carries, whatever the app's: no scripts, no plugins, sandboxed. */
export const UPLOAD_CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; sandbox";
