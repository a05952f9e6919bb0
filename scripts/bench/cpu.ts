// CPU time of processes, from /proc (Linux): where a benchmark's cycles went
// when several processes share the machine. Empty elsewhere.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const TICKS_PER_SECOND = 100;

function stat(pid: number): { ppid: number; seconds: number } | null {
  try {
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return { ppid: Number(fields[1]), seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

/** User + system CPU seconds used so far by these processes and all their descendants. */
export function cpuSeconds(pids: number[]): number {
  if (!existsSync("/proc/self/stat")) return NaN;
  const all = readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map(Number);
  const stats = new Map(all.flatMap((pid) => {
    const s = stat(pid);
    return s ? [[pid, s] as const] : [];
  }));
  const wanted = new Set(pids);
  // Descendants: walk up each process's parents.
  for (const pid of stats.keys()) {
    for (let p: number | undefined = pid, hops = 0; p && hops < 20; p = stats.get(p)?.ppid, hops++) {
      if (wanted.has(p)) {
        wanted.add(pid);
        break;
      }
    }
  }
  let total = 0;
  for (const pid of wanted) total += stats.get(pid)?.seconds ?? 0;
  return total;
}

/** The postmaster of a PostgreSQL data directory (its backends are its children). */
export function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
