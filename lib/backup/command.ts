// Runs DEBRIEF_BACKUP_COMMAND after a scheduled backup (to copy it to
// another provider): argv only, no shell, a hard time limit, and its exit
// status and last output kept for Settings and the log.
import { spawn } from "node:child_process";
import { commandFor } from "./command-line";

const OUTPUT_TAIL = 2000;
const KILL_GRACE_MS = 5000;

export type CommandResult = {
  ok: boolean;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  /** The end of what it printed (stdout and stderr together). */
  output: string;
  /** Why it could not start, if it did not. */
  error: string | null;
};

export function runBackupCommand(argv: string[], file: string, timeoutMs: number): Promise<CommandResult> {
  const started = Date.now();
  const [program, ...args] = commandFor(argv, file);
  return new Promise((resolve) => {
    let output = "";
    let timedOut = false;
    let settled = false;
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-OUTPUT_TAIL);
    };
    const finish = (result: Omit<CommandResult, "durationMs" | "output" | "timedOut">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(killer);
      resolve({ ...result, timedOut, durationMs: Date.now() - started, output });
    };
    // Its own process group, so a time-out also stops what it started
    // (rclone, ssh …).
    const child = spawn(program ?? "", args, {
      shell: false,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, DEBRIEF_BACKUP_FILE: file },
    });
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {
        /* already gone */
      }
    };
    let killer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup("SIGTERM");
      killer = setTimeout(() => killGroup("SIGKILL"), KILL_GRACE_MS);
    }, timeoutMs);
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    child.on("error", (err) => finish({ ok: false, exitCode: null, signal: null, error: err.message }));
    child.on("close", (code, signal) => finish({ ok: code === 0 && !timedOut, exitCode: code, signal, error: null }));
  });
}
