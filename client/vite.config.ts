import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { contentSecurityPolicy } from "./vite/contentSecurityPolicy";

/** Where `pnpm dev` finds the API and sync server. */
const SERVER = process.env.TABLECLOTH_DEV_SERVER ?? "http://127.0.0.1:8787";

export default defineConfig({
  plugins: [react(), contentSecurityPolicy()],
  // Its `?url` imports of fonts and icons must go through Vite's asset pipeline, not pre-bundling.
  optimizeDeps: {
    exclude: ["@tldraw/assets"],
    // Found at once, so the dev server never re-bundles (and reloads) when a board first opens.
    include: ["tldraw", "yjs", "y-websocket", "y-indexeddb", "y-protocols/awareness"],
  },
  // One copy each: two Yjs copies break `instanceof` checks, two Reacts break hooks.
  resolve: { dedupe: ["yjs", "react", "react-dom"] },
  server: {
    host: "127.0.0.1",
    proxy: {
      "/api": SERVER,
      "/healthz": SERVER,
      "/sync": { target: SERVER.replace(/^http/, "ws"), ws: true },
    },
  },
  build: {
    target: "es2022",
    // Fonts and icons stay files on our server (no base64 bloat in the JS).
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 4000,
  },
});
