import { readFileSync } from "node:fs";

/** This process's soft limit on open files (`ulimit -n`), or Infinity when unreadable. */
export function openFilesLimit(): number {
  try {
    const limits = readFileSync("/proc/self/limits", "utf8");
    const match = /^Max open files\s+(\d+|unlimited)/m.exec(limits);
    if (!match || match[1] === "unlimited") return Number.POSITIVE_INFINITY;
    return Number(match[1]);
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Throws a clear error when `sockets` client sockets (plus slack) would not fit the limit. */
export function assertOpenFiles(sockets: number): void {
  const limit = openFilesLimit();
  const needed = sockets * 2 + 500;
  if (limit < needed) {
    throw new Error(`ulimit -n is ${limit}; ${sockets} sockets need about ${needed} (raise it)`);
  }
}
