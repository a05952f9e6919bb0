import "server-only";
import { spawn } from "node:child_process";

export type CommandResult = { ok: boolean; code: number | null; signal: string | null; timedOut: boolean; durationMs: number; output: string };

const OUTPUT_KEEP = 4_000;
const KILL_GRACE_MS = 5_000;
// Secrets of this process that a copy command has no use for.
const WITHHELD_ENV = ["BETTER_AUTH_SECRET", "DATABASE_URL"];

/**
 * Run the operator's command after the site is written (to push it to
 * another host: rsync, rclone, an S3 client). The command line is the
 * operator's own setting and runs through /bin/sh; the site's folder is
 * handed over as $1 and $DEBRIEF_STATUS_DIR, never pasted into the command,
 * so no data is ever interpreted by the shell. It runs in its own process
 * group, which is killed when it outlives `timeoutMs`.
 */
export function runStatusCommand(command: string, dir: string, timeoutMs: number): Promise<CommandResult> {
  const started = Date.now();
  const env: NodeJS.ProcessEnv = { ...process.env, DEBRIEF_STATUS_DIR: dir };
  for (const name of WITHHELD_ENV) delete env[name];
  return new Promise((resolve) => {
    let output = "";
    let timedOut = false;
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-OUTPUT_KEEP);
    };
    const child = spawn("/bin/sh", ["-c", command, "debrief-status-command", dir], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    const killGroup = (signal: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup("SIGTERM");
      setTimeout(() => killGroup("SIGKILL"), KILL_GRACE_MS).unref();
    }, timeoutMs);
    timer.unref();
    const finish = (code: number | null, signal: string | null, extra = "") => {
      clearTimeout(timer);
      resolve({ ok: code === 0 && !timedOut, code, signal, timedOut, durationMs: Date.now() - started, output: (output + extra).trim() });
    };
    child.on("error", (err) => finish(null, null, `\n${err.message}`));
    child.on("close", (code, signal) => finish(code, signal));
  });
}
