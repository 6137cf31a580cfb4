import { readFileSync } from "node:fs";

/**
 * The kernel's count of connections dropped because a listen queue was full
 * (`TcpExt ListenOverflows`, machine-wide). A herd that overflows the accept queue waits for
 * SYN retransmits (1 s, then 3 s), which dominates its sync time. NaN when unreadable.
 */
export function readListenOverflows(): number {
  try {
    const lines = readFileSync("/proc/net/netstat", "utf8").split("\n");
    for (let i = 0; i + 1 < lines.length; i++) {
      const names = lines[i]?.split(" ") ?? [];
      if (names[0] !== "TcpExt:") continue;
      const values = lines[i + 1]?.split(" ") ?? [];
      const at = names.indexOf("ListenOverflows");
      return at === -1 ? Number.NaN : Number(values[at]);
    }
  } catch {
    // not Linux, or no procfs
  }
  return Number.NaN;
}
