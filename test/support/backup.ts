// Helpers for the backup tests: age keys from the real age-keygen, the
// backup/restore CLIs run as `npm run` runs them, and whole-table dumps.
import { execFileSync, spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { SEARCH_TABLES } from "../../scripts/search-tables.mjs";

const root = path.resolve(__dirname, "../..");

export function makeAgeKey(dir: string, name = "key.txt"): { identityFile: string; recipient: string } {
  const identityFile = path.join(dir, name);
  execFileSync("age-keygen", ["-o", identityFile], { stdio: "ignore" });
  const recipient = execFileSync("age-keygen", ["-y", identityFile], { encoding: "utf8" }).trim();
  return { identityFile, recipient };
}

export type CliResult = { code: number | null; stdout: string; stderr: string };

/** Run scripts/<name>.ts (backup or restore) with `args`, as `npm run <name> -- args` does. */
export function runScript(name: "backup" | "restore", args: string[], env: Record<string, string | undefined>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--tsconfig", "tsconfig.server.json", `scripts/${name}.ts`, ...args], {
      cwd: root,
      env: { ...process.env, DEBRIEF_BACKUP_RECIPIENT: undefined, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

// The search index (search_doc, FTS5 and its shadow tables) is rebuilt from the restored rows, not copied.
export const NOT_BACKED_UP = new Set(["session", "verification", "_prisma_migrations", "rateLimit", "live_stream", ...SEARCH_TABLES]);

/** Every row of every backed-up table of a SQLite file, in stored order, as SQLite holds it. */
export function dumpTables(file: string): Record<string, unknown[][]> {
  // query_only rather than readonly: a read-only connection leaves -wal and
  // -shm files behind, which would muddle "nothing was written" checks.
  const db = new Database(file, { fileMustExist: true });
  db.pragma("query_only = ON");
  try {
    const tables = db
      .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
      .pluck()
      .all() as string[];
    return Object.fromEntries(
      tables.filter((t) => !NOT_BACKED_UP.has(t)).map((t) => [t, db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).raw(true).all() as unknown[][]]),
    );
  } finally {
    db.close();
  }
}

/** Names in a folder (to show a failed restore left nothing behind). */
export function filesIn(dir: string): string[] {
  return readdirSync(dir).sort();
}
