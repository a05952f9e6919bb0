// The SQLite file holds password hashes, session tokens and every incident:
// only its owner may read it. Plain JavaScript, shared by scripts/db.mjs
// (migrations and the CLIs, run before the server) and the server itself.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describeStorageProblem, storageProblem } from "./storage-errors.mjs";

const SIDE_SUFFIXES = ["", "-wal", "-shm", "-journal"];
// Files that may sit beside the database in its own folder.
const OWN_FILES = ["auth-secret"];

/** @param {string} file @param {number} mode @returns {string | null} a warning when it could not be tightened */
function tighten(file, mode) {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    return null;
  }
  if ((stat.mode & 0o777 & ~mode) === 0) return null;
  try {
    chmodSync(file, mode);
    return null;
  } catch (err) {
    return `${file} is readable by other users and could not be tightened (${err instanceof Error ? err.message : String(err)})`;
  }
}

/**
 * The database's folder is tightened to 0700 only when it holds nothing but
 * the database's own files: a folder shared with other things (a home, /srv)
 * is not ours to lock down, so the operator is told instead.
 * @param {string} dir @param {string} file @returns {string | null}
 */
function tightenFolder(dir, file) {
  const stat = statSync(dir);
  if ((stat.mode & 0o077) === 0) return null;
  const base = path.basename(file);
  const ours = new Set([...SIDE_SUFFIXES.map((s) => base + s), ...OWN_FILES]);
  const foreign = readdirSync(dir).filter((name) => !ours.has(name));
  if (foreign.length === 0) return tighten(dir, 0o700);
  return `the folder ${dir} holding the database can be read by other users (mode ${(stat.mode & 0o777).toString(8)}); run chmod 700 on it if nothing else needs it`;
}

/**
 * Make the database's folder (0700) and file (0600) before SQLite does, and
 * tighten looser ones left by earlier versions (and the session-signing
 * secret kept beside them). SQLite creates the -wal and
 * -shm files with the mode of the database file, so they follow.
 * @param {string} file
 * @returns {string[]} warnings for the log
 */
export function secureDatabaseFiles(file) {
  const dir = path.dirname(file);
  /** @type {Array<string | null>} */
  const warnings = [];
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  else warnings.push(tightenFolder(dir, file));
  if (!existsSync(file)) closeSync(openSync(file, "a", 0o600));
  for (const suffix of SIDE_SUFFIXES) warnings.push(tighten(file + suffix, 0o600));
  for (const name of OWN_FILES) warnings.push(tighten(path.join(dir, name), 0o600));
  return warnings.filter((w) => w !== null);
}

/**
 * How long to wait for another process's write lock: DEBRIEF_DB_BUSY_TIMEOUT_MS,
 * else the caller's default (the server answers requests, so it waits less
 * than a command run by hand).
 * @param {number} fallbackMs
 * @returns {number}
 */
export function busyTimeoutMs(fallbackMs) {
  const raw = process.env.DEBRIEF_DB_BUSY_TIMEOUT_MS;
  if (raw === undefined || raw === "") return fallbackMs;
  const ms = Number(raw);
  if (!Number.isSafeInteger(ms) || ms < 0 || ms > 600_000) {
    throw new Error(`DEBRIEF_DB_BUSY_TIMEOUT_MS must be a whole number of milliseconds from 0 to 600000, not "${raw}"`);
  }
  return ms;
}

/** A database that cannot be used, with one line that says why. */
export class DatabaseCheckError extends Error {
  /** @param {string} message @param {import("./storage-errors.mjs").StorageProblem | null} problem */
  constructor(message, problem) {
    super(message);
    this.name = "DatabaseCheckError";
    this.problem = problem;
  }
}

/**
 * Before anything else opens it: the file is owner-only, is a database, passes
 * SQLite's quick integrity check, and takes a committed write (which waits up
 * to `busyTimeoutMs` for another process's write lock). Throws a
 * DatabaseCheckError whose message is one line.
 * @param {string} file
 * @param {{ busyTimeoutMs?: number, log?: (line: string) => void }} [opts]
 */
export function checkSqliteDatabase(file, opts = {}) {
  const { busyTimeoutMs = 5000, log = (line) => console.warn(`[debrief] warning: ${line}`) } = opts;
  /** @type {import("better-sqlite3").Database | undefined} */
  let db;
  try {
    for (const warning of secureDatabaseFiles(file)) log(warning);
    db = new Database(file, { timeout: busyTimeoutMs });
    const damage = db
      .prepare("PRAGMA quick_check(3)")
      .pluck()
      .all()
      .filter((line) => line !== "ok");
    if (damage.length) {
      throw new DatabaseCheckError(
        `the database ${file} is damaged (restore it from a backup): ${damage.map(String).join("; ").replace(/\s+/g, " ").slice(0, 300)}`,
        { kind: "corrupt", code: "SQLITE_CORRUPT" },
      );
    }
    db.pragma("journal_mode = WAL");
    // A real, committed write that changes nothing: proves that the file, its
    // journal and its folder can be written, and waits out a busy lock.
    db.exec("BEGIN IMMEDIATE");
    const version = Number(db.pragma("user_version", { simple: true }));
    db.pragma(`user_version = ${Number.isSafeInteger(version) ? version : 0}`);
    db.exec("COMMIT");
  } catch (err) {
    if (err instanceof DatabaseCheckError) throw err;
    const problem = storageProblem(err);
    const why = problem ? describeStorageProblem(problem) : err instanceof Error ? err.message : String(err);
    const waited = problem?.kind === "busy" ? ` (waited ${Math.round(busyTimeoutMs / 1000)} s; is another Debrief or a backup running?)` : "";
    throw new DatabaseCheckError(`cannot use the database ${file}: ${why}${waited}`, problem);
  } finally {
    try {
      db?.close();
    } catch {
      /* closing a broken handle */
    }
  }
}
