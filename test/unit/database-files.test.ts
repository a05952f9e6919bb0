import { afterAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync, closeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { migrate } from "../../scripts/db.mjs";
import { checkSqliteDatabase, DatabaseCheckError, secureDatabaseFiles } from "@/lib/db/sqlite-files.mjs";

const root = path.resolve(__dirname, "../..");
const scratch = mkdtempSync(path.join(os.tmpdir(), "debrief-files-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const modeOf = (file: string) => statSync(file).mode & 0o777;
let n = 0;
const freshDir = () => path.join(scratch, `case-${++n}`);

/** Run a command of ours as `npm run …` would, with its own DATABASE_URL; resolves with its exit code and output. */
function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}
const tsx = (script: string, ...args: string[]) => [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--tsconfig", "tsconfig.server.json", script, ...args];

/** Hold the write lock of `file` from another connection for `ms`. */
function holdWriteLock(file: string, ms: number): Promise<void> {
  const db = new Database(file);
  db.exec("BEGIN IMMEDIATE");
  return new Promise((resolve) =>
    setTimeout(() => {
      db.exec("ROLLBACK");
      db.close();
      resolve();
    }, ms),
  );
}

describe("database files are owner-only", () => {
  it("creates the folder 0700 and the database, -wal and -shm 0600", async () => {
    const dir = path.join(freshDir(), "nested", "data");
    const file = path.join(dir, "debrief.db");
    await migrate(`file:${file}`);
    // An open connection in WAL mode keeps the -wal and -shm files.
    const db = new Database(file);
    db.pragma("journal_mode = WAL");
    db.exec("CREATE TABLE probe (x); INSERT INTO probe VALUES (1)");
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(path.dirname(dir))).toBe(0o700);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(modeOf(f)).toBe(0o600);
    db.close();
  });

  it("tightens files and a folder left world-readable by an earlier version", async () => {
    const dir = freshDir();
    const file = path.join(dir, "debrief.db");
    await migrate(`file:${file}`);
    const db = new Database(file);
    db.pragma("journal_mode = WAL");
    db.exec("CREATE TABLE probe (x); INSERT INTO probe VALUES (1)");
    writeFileSync(path.join(dir, "auth-secret"), "secret");
    for (const f of [file, `${file}-wal`, `${file}-shm`, path.join(dir, "auth-secret")]) chmodSync(f, 0o644);
    chmodSync(dir, 0o755);
    expect(secureDatabaseFiles(file)).toEqual([]);
    expect(modeOf(dir)).toBe(0o700);
    for (const f of [file, `${file}-wal`, `${file}-shm`, path.join(dir, "auth-secret")]) expect(modeOf(f)).toBe(0o600);
    db.close();
  });

  it("leaves a folder shared with other files alone and says so", async () => {
    const dir = freshDir();
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    writeFileSync(path.join(dir, "someone-elses.txt"), "");
    const file = path.join(dir, "debrief.db");
    const warnings = secureDatabaseFiles(file);
    expect(modeOf(dir)).toBe(0o755);
    expect(modeOf(file)).toBe(0o600);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/can be read by other users.*chmod 700/);
  });
});

describe("the start-up check of the database", () => {
  async function migratedCopy(): Promise<string> {
    const dir = freshDir();
    const file = path.join(dir, "debrief.db");
    await migrate(`file:${file}`);
    return file;
  }

  it("passes a healthy database", async () => {
    const file = await migratedCopy();
    expect(() => checkSqliteDatabase(file, { log: () => {} })).not.toThrow();
  });

  it("finds damaged pages with quick_check although the file still opens", async () => {
    const file = await migratedCopy();
    const fd = openSync(file, "r+");
    // Pages 3–5 (the b-trees of the first tables) overwritten with junk; the header stays intact.
    writeSync(fd, Buffer.alloc(3 * 4096, 0xa5), 0, 3 * 4096, 2 * 4096);
    closeSync(fd);
    const err = (() => {
      try {
        checkSqliteDatabase(file, { log: () => {} });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(DatabaseCheckError);
    expect((err as Error).message).toMatch(/is damaged \(restore it from a backup\)/);
    expect((err as Error).message).not.toContain("\n");
  });

  it("refuses a file that is not a database", async () => {
    const file = path.join(freshDir(), "debrief.db");
    mkdirSync(path.dirname(file));
    writeFileSync(file, "this is not a database ".repeat(200));
    expect(() => checkSqliteDatabase(file, { log: () => {} })).toThrow(/the database file is damaged .*SQLITE_NOTADB/);
  });

  it("makes db:migrate exit with one line on a damaged copy, not the schema engine's trace", async () => {
    const file = await migratedCopy();
    const damaged = path.join(path.dirname(file), "damaged.db");
    copyFileSync(file, damaged);
    const fd = openSync(damaged, "r+");
    writeSync(fd, Buffer.alloc(4096, 0xff), 0, 4096, 0);
    closeSync(fd);
    const result = await run(["scripts/db.mjs", "migrate"], { DATABASE_URL: `file:${damaged}` });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split("\n").filter((l) => !l.includes("warning:"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^debrief: cannot use the database .*damaged/);
  });
});

describe("commands on a busy database", () => {
  it("wait for another process's write lock and succeed once it is released", async () => {
    const file = await (async () => {
      const f = path.join(freshDir(), "debrief.db");
      await migrate(`file:${f}`);
      return f;
    })();
    const env = { DATABASE_URL: `file:${file}`, DEBRIEF_DB_BUSY_TIMEOUT_MS: "20000" };
    for (const args of [
      tsx("scripts/token.ts", "create", "--name", "bot", "--role", "responder"),
      tsx("scripts/user.ts", "create", "--email", "a@example.com", "--name", "A", "--role", "viewer", "--password", "correct horse battery"),
      ["scripts/db.mjs", "migrate"],
    ]) {
      const released = holdWriteLock(file, 2500);
      const result = await run(args, env);
      await released;
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
    }
    const db = new Database(file, { readonly: true });
    expect(db.prepare("SELECT count(*) AS n FROM api_key").get()).toEqual({ n: 1 });
    expect(db.prepare("SELECT count(*) AS n FROM user").get()).toEqual({ n: 1 });
    db.close();
  });

  it("give up after the busy timeout with one line in words and a non-zero exit", async () => {
    const f = path.join(freshDir(), "debrief.db");
    await migrate(`file:${f}`);
    const env = { DATABASE_URL: `file:${f}`, DEBRIEF_DB_BUSY_TIMEOUT_MS: "1500" };
    for (const args of [tsx("scripts/token.ts", "create", "--name", "bot", "--role", "responder"), ["scripts/db.mjs", "migrate"]]) {
      const released = holdWriteLock(f, 6000);
      const result = await run(args, env);
      await released;
      expect(result.code).toBe(1);
      const lines = result.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/database is busy: another process holds its write lock.*waited 2 s/);
      expect(result.stderr).not.toMatch(/WASM|SocketTimeout|\n\s+at /);
    }
  });
});
