/**
 * Compiles the server for production: `src/main.ts` and every workspace package it imports
 * (which export their TypeScript sources) bundled by esbuild into ES modules under `dist/`, entry
 * `dist/main.js`, so `pnpm start` runs plain JavaScript on Node with no TypeScript loader.
 * Packages with native code or files of their own stay external and are resolved from
 * `server/node_modules` at run time: `better-sqlite3` (a native addon; the WAL checkpoint worker
 * also resolves it by name) and `playwright-core` (the export renderer's browser driver: 7 MB of
 * sources that every server would otherwise parse and keep, with its source map, whether or not
 * it ever renders).
 *
 * The largest dependencies each go to a module of their own (`dist/chunks/`, {@link CHUNKS}),
 * not into one 2.8 MB file: V8 parses a module in one go, and for the single file its parser's
 * scratch memory peaked at 13 MB, which glibc then kept (the freed 2.8 MB read buffer of the file
 * had raised its trim threshold past it): ≈ 4 MiB of an idle server's RSS, with the modules split
 * (idle VmHWM 100.6 → 97.8 MiB, `tests/load/README.md` "Server memory"). Node loads them all at
 * start, as before; only the module boundaries differ.
 *
 * The output is ASCII only. esbuild escapes non-ASCII characters in strings, templates and
 * regular expressions, but keeps the comments it preserves as they are (an em dash, a "café"): a
 * single such character makes V8 hold the whole source of its module as a two-byte string (twice
 * its size, resident for the process's life). They are escaped as `\uXXXX` after the build, which
 * means the same in any place of a JavaScript source; every one of them sits in a comment that
 * ends its line, so no mapped column moves and the source maps stay exact.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { build } from "esbuild";

const serverDir = new URL("..", import.meta.url);
const distDir = new URL("dist/", serverDir);

/** Dependencies bundled into a module of their own each (see above), by that module's name. */
const CHUNKS = {
  zod: ["zod"],
  yjs: ["yjs"],
  tldraw: ["@tldraw/tlschema"],
  ws: ["ws"],
  hono: ["hono", "@hono/node-server"],
  metrics: ["prom-client"],
  pino: ["pino"],
};
const CHUNK_PREFIX = "chunk:";

rmSync(distDir, { recursive: true, force: true });
await build({
  absWorkingDir: serverDir.pathname,
  // One extra entry per chunk, importing only its packages: esbuild puts the modules main.js
  // shares with it into a chunk of their own. The entries' own tiny outputs are removed below.
  entryPoints: [
    { in: "src/main.ts", out: "main" },
    ...Object.keys(CHUNKS).map((name) => ({
      in: `${CHUNK_PREFIX}${name}`,
      out: `entries/${name}`,
    })),
  ],
  outdir: "dist",
  chunkNames: "chunks/[name]-[hash]",
  splitting: true,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20.19",
  sourcemap: true,
  sourcesContent: false,
  external: ["better-sqlite3", "playwright-core"],
  plugins: [
    {
      name: "chunk-entries",
      setup(build) {
        build.onResolve({ filter: /^chunk:/ }, (args) => ({ path: args.path, namespace: "chunk" }));
        build.onLoad({ filter: /.*/, namespace: "chunk" }, (args) => ({
          contents: CHUNKS[args.path.slice(CHUNK_PREFIX.length)]
            .map((pkg, i) => `export * as m${i} from ${JSON.stringify(pkg)};`)
            .join("\n"),
          resolveDir: serverDir.pathname,
          loader: "js",
        }));
      },
    },
  ],
  // CommonJS dependencies inside an ES module bundle still call `require` for Node built-ins.
  banner: {
    js: 'import { createRequire as __tableclothCreateRequire } from "node:module"; const require = __tableclothCreateRequire(import.meta.url);',
  },
  logLevel: "warning",
});
rmSync(new URL("entries/", distDir), { recursive: true, force: true });

for (const dir of [distDir, new URL("chunks/", distDir)]) {
  for (const name of readdirSync(dir)) {
    if (!name.endsWith(".js")) continue;
    const file = new URL(name, dir);
    const source = readFileSync(file, "utf8");
    // Every UTF-16 code unit above 0x7f, one escape each (a pair for a character past 0xffff).
    const ascii = source.replace(
      /[\u0080-\uffff]/g,
      (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
    if (ascii !== source) writeFileSync(file, ascii);
  }
}
