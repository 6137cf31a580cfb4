/**
 * Compiles the server for production: `src/main.ts` and every workspace package it imports
 * (which export their TypeScript sources) bundled by esbuild into one ES module, `dist/main.js`,
 * so `pnpm start` runs plain JavaScript on Node with no TypeScript loader. Packages with native
 * code or files of their own stay external and are resolved from `server/node_modules` at run
 * time: `better-sqlite3` (a native addon; the WAL checkpoint worker also resolves it by name) and
 * `playwright-core` (the export renderer's browser driver: 7 MB of sources that every server
 * would otherwise parse and keep, with its source map, whether or not it ever renders).
 *
 * The bundle is ASCII only. esbuild escapes non-ASCII characters in strings, templates and regular
 * expressions, but keeps the comments it preserves as they are (an em dash, a "café"): a single
 * such character makes V8 hold the whole 2.8 MB source as a two-byte string (5.6 MB, resident for
 * the process's life). They are escaped as `\uXXXX` after the build, which means the same in any
 * place of a JavaScript source; every one of them sits in a comment that ends its line, so no
 * mapped column moves and the source map stays exact.
 */
import { readFileSync, writeFileSync } from "node:fs";
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

const bundle = new URL("dist/main.js", serverDir);
const source = readFileSync(bundle, "utf8");
// Every UTF-16 code unit above 0x7f, one escape each (a pair for a character past 0xffff).
const ascii = source.replace(
  /[^\x00-\x7f]/g,
  (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`,
);
if (ascii !== source) writeFileSync(bundle, ascii);
