/**
 * Compiles the server for production: `src/main.ts` and every workspace package it imports
 * (which export their TypeScript sources) bundled by esbuild into one ES module, `dist/main.js`,
 * so `pnpm start` runs plain JavaScript on Node with no TypeScript loader. Packages with native
 * code or files of their own stay external and are resolved from `server/node_modules` at run
 * time: `better-sqlite3` (a native addon; the WAL checkpoint worker also resolves it by name) and
 * `playwright-core` (the export renderer's browser driver: 7 MB of sources that every server
 * would otherwise parse and keep, with its source map, whether or not it ever renders).
 */
import { build } from "esbuild";

const serverDir = new URL("..", import.meta.url);

await build({
  absWorkingDir: serverDir.pathname,
  entryPoints: ["src/main.ts"],
  outfile: "dist/main.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20.19",
  sourcemap: true,
  sourcesContent: false,
  external: ["better-sqlite3", "playwright-core"],
  // CommonJS dependencies inside an ES module bundle still call `require` for Node built-ins.
  banner: {
    js: 'import { createRequire as __tableclothCreateRequire } from "node:module"; const require = __tableclothCreateRequire(import.meta.url);',
  },
  logLevel: "warning",
});
