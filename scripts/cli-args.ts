import { busyTimeoutMs } from "../lib/db/sqlite-files.mjs";
import { describeStorageProblem, storageProblem } from "../lib/db/storage-errors.mjs";

/** A command run by hand waits this long for a busy database (DEBRIEF_DB_BUSY_TIMEOUT_MS overrides). */
const CLI_BUSY_TIMEOUT_MS = 30_000;

/** `--name value` pairs after a sub-command, for the small admin CLIs. */
export function parseFlags(argv: string[]): { command: string | undefined; flags: Record<string, string> } {
  const [command, ...rest] = argv;
  const flags: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? "";
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match?.[1]) throw new Error(`unexpected argument: ${arg}`);
    const value = match[2] ?? rest[++i];
    if (value === undefined) throw new Error(`--${match[1]} needs a value`);
    flags[match[1]] = value;
  }
  return { command, flags };
}

/**
 * Run a database step again while another process (a running server, a
 * backup) holds the write lock, until the busy timeout has passed. Each
 * statement already waits for the lock; this covers the transactions SQLite
 * fails at once because their snapshot went stale while they waited.
 */
export async function retryWhileBusy<T>(step: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + busyTimeoutMs(CLI_BUSY_TIMEOUT_MS);
  for (let pause = 50; ; pause = Math.min(pause * 2, 1000)) {
    try {
      return await step();
    } catch (err) {
      if (storageProblem(err)?.kind !== "busy" || Date.now() + pause > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/** One line for an error: storage problems in words, AppError-style messages with their issues, never a stack trace. */
function describeError(err: unknown): string[] {
  const problem = storageProblem(err);
  if (problem && !(err instanceof Error && err.name === "DatabaseCheckError")) {
    const waited = problem.kind === "busy" ? `; gave up after waiting ${Math.round(busyTimeoutMs(CLI_BUSY_TIMEOUT_MS) / 1000)} s (is a server or backup holding it? set DEBRIEF_DB_BUSY_TIMEOUT_MS to wait longer)` : "";
    return [`error: ${describeStorageProblem(problem)}${waited}`];
  }
  const issues = (err as { issues?: { path: string; message: string }[] }).issues;
  return [`error: ${err instanceof Error ? err.message : String(err)}`, ...(issues ?? []).map((i) => `  ${i.path}: ${i.message}`)];
}

/** Run a CLI main, printing errors without a stack trace. Commands wait up to 30 s for a busy database. */
export function runCli(main: () => Promise<void>): void {
  process.env.DEBRIEF_DB_BUSY_TIMEOUT_MS ||= String(CLI_BUSY_TIMEOUT_MS);
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      for (const line of describeError(err)) console.error(line);
      process.exit(1);
    },
  );
}
