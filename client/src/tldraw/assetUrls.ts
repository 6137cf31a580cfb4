import { getAssetUrlsByImport } from "@tldraw/assets/imports.vite";

/**
 * tldraw's fonts, icons, translations and embed icons, bundled by Vite and served by our own
 * server. Without this tldraw loads them from its CDN, and no request may leave our origin.
 */
export const tldrawAssetUrls = getAssetUrlsByImport();
