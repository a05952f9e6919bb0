// What went wrong with the database's storage, in words an operator can act
// on. Plain JavaScript so that scripts/db.mjs (run by plain `node` before the
// server starts) and the server share one reading of SQLite's error codes.
//
// The codes reach us in several wrappings: better-sqlite3's SqliteError
// (`code: "SQLITE_FULL"`), Prisma's driver-adapter errors (`originalCode`,
// or `kind: "SocketTimeout"` for SQLITE_BUSY), Prisma's request errors
// (`meta.driverAdapterError.cause`), and the schema engine's text.

/** @typedef {"full" | "readonly" | "corrupt" | "io" | "cantopen" | "busy"} StorageProblemKind */
/** @typedef {{ kind: StorageProblemKind, code: string }} StorageProblem */

/** @type {Array<[RegExp, StorageProblemKind]>} */
const KINDS = [
  [/^SQLITE_FULL(?:_|$)/, "full"],
  [/^SQLITE_(?:READONLY|PERM|AUTH)(?:_|$)/, "readonly"],
  [/^SQLITE_(?:CORRUPT|NOTADB)(?:_|$)/, "corrupt"],
  [/^SQLITE_IOERR(?:_|$)/, "io"],
  [/^SQLITE_CANTOPEN(?:_|$)/, "cantopen"],
  [/^SQLITE_(?:BUSY|LOCKED)(?:_|$)/, "busy"],
];

/** @param {string} code @returns {StorageProblemKind | null} */
function kindOfCode(code) {
  for (const [re, kind] of KINDS) if (re.test(code)) return kind;
  return null;
}

/** @param {unknown} value @returns {value is Record<string, unknown>} */
function isObject(value) {
  return typeof value === "object" && value !== null;
}

/**
 * The storage problem behind an error, or null when it is not one (a unique
 * constraint, a validation error, a bug).
 * @param {unknown} err
 * @returns {StorageProblem | null}
 */
export function storageProblem(err) {
  /** @type {unknown[]} */
  const queue = [err];
  for (let seen = 0; queue.length && seen < 12; seen++) {
    const e = queue.shift();
    if (!isObject(e)) continue;
    for (const field of ["code", "originalCode"]) {
      const code = e[field];
      if (typeof code === "string") {
        const kind = kindOfCode(code);
        if (kind) return { kind, code };
      }
    }
    if (e.kind === "SocketTimeout") return { kind: "busy", code: "SQLITE_BUSY" };
    const message = typeof e.message === "string" ? e.message : "";
    const named = /\b(SQLITE_[A-Z_]+)\b/.exec(message)?.[1];
    const kind = named ? kindOfCode(named) : null;
    if (named && kind) return { kind, code: named };
    // The schema engine cannot name the adapter's busy error and says so.
    if (/SocketTimeout/.test(message)) return { kind: "busy", code: "SQLITE_BUSY" };
    if (/database is locked/i.test(message)) return { kind: "busy", code: "SQLITE_BUSY" };
    const meta = e.meta;
    if (isObject(meta)) queue.push(meta.driverAdapterError);
    queue.push(e.cause);
  }
  return null;
}

/** @type {Record<StorageProblemKind, string>} */
const WORDS = {
  full: "the disk holding the database is full",
  readonly: "the database is read-only (check the file's permissions and attributes, and that its file system is mounted read-write)",
  corrupt: "the database file is damaged (restore it from a backup)",
  io: "the database could not be read or written (disk I/O error)",
  cantopen: "the database file cannot be opened (check that its folder exists and is writable)",
  busy: "the database is busy: another process holds its write lock",
};

/** @param {StorageProblem} problem @returns {string} */
export function describeStorageProblem(problem) {
  return `${WORDS[problem.kind]} [${problem.code}]`;
}
