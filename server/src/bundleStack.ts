import { readFileSync } from "node:fs";
import { SourceMap, type SourceMapPayload } from "node:module";
import { fileURLToPath } from "node:url";

/**
 * Maps stack frames of the production bundle (`dist/main.js`) back to the TypeScript sources,
 * lazily: the source map is read and parsed on the first stack that mentions the bundle, i.e. on
 * the first error logged, not at start. `--enable-source-maps` parsed and kept the whole map in
 * every server from its first second (≈ 7 MiB resident, measured in `tests/load/README.md`) for
 * stacks that a healthy server never prints. Without a map beside the module (tsx, tests) stacks
 * are returned as they are.
 */
interface BundleMap {
  /** The bundle as it appears in stack frames (a `file://` URL for an ES module). */
  readonly url: string;
  readonly path: string;
  readonly map: SourceMap;
  readonly dir: URL;
}

const maps = new Map<string, BundleMap | null>();

function loadMap(bundleUrl: string): BundleMap | null {
  if (maps.has(bundleUrl)) return maps.get(bundleUrl) ?? null;
  let loaded: BundleMap | null = null;
  if (bundleUrl.endsWith(".js")) {
    try {
      const payload = JSON.parse(
        readFileSync(new URL(`${bundleUrl}.map`), "utf8"),
      ) as SourceMapPayload;
      loaded = {
        url: bundleUrl,
        path: fileURLToPath(bundleUrl),
        map: new SourceMap(payload),
        dir: new URL(".", bundleUrl),
      };
    } catch {
      // no map beside the module (not the bundle), or an unreadable one: stacks stay as they are
    }
  }
  maps.set(bundleUrl, loaded);
  return loaded;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * `stack` with every `<bundle>:line:column` frame replaced by `<source path>:line:column` (the
 * frame's function name, as V8 printed it, stays). `bundleUrl` is the module whose map applies:
 * this module's own URL, which in production is the bundle's.
 */
export function mapBundleStack(stack: string, bundleUrl: string = import.meta.url): string {
  if (!bundleUrl.startsWith("file:")) return stack;
  if (!stack.includes(bundleUrl) && !stack.includes(fileURLToPath(bundleUrl))) return stack;
  const bundle = loadMap(bundleUrl);
  if (bundle === null) return stack;
  const frame = new RegExp(
    `(?:${escapeRegExp(bundle.url)}|${escapeRegExp(bundle.path)}):(\\d+):(\\d+)`,
    "g",
  );
  return stack.replace(frame, (whole, line: string, column: string) => {
    // V8's frames count from 1; the map's entries from 0.
    const entry = bundle.map.findEntry(Number(line) - 1, Number(column) - 1) as Partial<{
      originalSource: string;
      originalLine: number;
      originalColumn: number;
    }>;
    if (entry.originalSource === undefined || entry.originalLine === undefined) return whole;
    const source = fileURLToPath(new URL(entry.originalSource, bundle.dir));
    return `${source}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`;
  });
}
