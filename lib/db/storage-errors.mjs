// What went wrong with the database's storage, in words an operator can act
// on. Plain JavaScript so that scripts/db.mjs (run by plain `node` before the
// server starts) and the server share one reading of SQLite's error codes
// and of PostgreSQL's outages.
//
// The codes reach us in several wrappings: better-sqlite3's SqliteError
// (`code: "SQLITE_FULL"`), Prisma's driver-adapter errors (`originalCode`,
// or `kind: "SocketTimeout"` for SQLITE_BUSY), Prisma's request errors
// (`meta.driverAdapterError.cause`), and the schema engine's text. On
// PostgreSQL: SQLSTATEs (`code` of node-postgres, `originalCode` of the
// adapter), the adapter's kinds, Prisma's P1xxx codes, and node-postgres's
// plain Errors for a connection that died or could not be opened.

/**
 * SQLite: full, readonly, corrupt, io, cantopen, busy. PostgreSQL: full,
 * readonly, unreachable, lost, timeout, connections, restarting, refused.
 * @typedef {"full" | "readonly" | "corrupt" | "io" | "cantopen" | "busy" | "unreachable" | "lost" | "timeout" | "connections" | "restarting" | "refused"} StorageProblemKind
 */
/** @typedef {{ kind: StorageProblemKind, code: string }} StorageProblem */
/** @typedef {"sqlite" | "postgresql"} StoreProvider */

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

/** @type {Map<unknown, StorageProblemKind>} */
const PG_BY_PRISMA_CODE = new Map([
  ["P1000", "refused"],
  ["P1001", "unreachable"],
  ["P1002", "timeout"],
  ["P1003", "refused"],
  ["P1008", "timeout"],
  ["P1017", "lost"],
  ["P2024", "timeout"],
  ["P2037", "connections"],
]);
/** @type {Map<unknown, StorageProblemKind>} */
const PG_BY_ADAPTER_KIND = new Map([
  ["DatabaseNotReachable", "unreachable"],
  ["ConnectionClosed", "lost"],
  ["SocketTimeout", "timeout"],
  ["TooManyConnections", "connections"],
  ["TlsConnectionError", "unreachable"],
  ["DatabaseDoesNotExist", "refused"],
  ["DatabaseAccessDenied", "refused"],
  ["AuthenticationFailed", "refused"],
]);

/** Node's socket errors (also an AggregateError's `code` when every address failed). */
/** @type {Map<unknown, StorageProblemKind>} */
const PG_BY_SOCKET_CODE = new Map([
  ["ECONNREFUSED", "unreachable"],
  ["ENOTFOUND", "unreachable"],
  ["EAI_AGAIN", "unreachable"],
  ["EHOSTUNREACH", "unreachable"],
  ["ENETUNREACH", "unreachable"],
  ["ECONNRESET", "lost"],
  ["EPIPE", "lost"],
  ["ETIMEDOUT", "timeout"],
]);

/** @param {unknown} code @returns {StorageProblemKind | null} */
function pgKindOfSqlState(code) {
  if (typeof code !== "string" || !/^[0-9A-Z]{5}$/.test(code)) return null;
  if (code.startsWith("08")) return "lost"; // connection exception
  if (code === "53300" || code === "53400") return "connections"; // too many connections, configuration limit
  if (code === "53100") return "full"; // disk full
  if (code === "25006") return "readonly"; // read-only transaction (a standby, default_transaction_read_only)
  if (/^57P0[1-4]$/.test(code)) return "restarting"; // admin/crash shutdown, cannot connect now, database dropped
  if (code === "28000" || code === "28P01" || code === "3D000") return "refused";
  return null;
}

/** @param {string} message @returns {StorageProblemKind | null} */
function pgKindOfMessage(message) {
  if (/Connection terminated due to connection timeout|timeout exceeded when trying to connect|Query read timeout/.test(message)) return "timeout";
  if (/Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|ECONNRESET|EPIPE/.test(message)) return "lost";
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|Can't reach database server/.test(message)) return "unreachable";
  if (/the database system is (?:starting up|shutting down|in recovery mode)|terminating connection due to administrator command/.test(message)) return "restarting";
  return null;
}

/** @param {Record<string, unknown>} e @returns {StorageProblem | null} */
function pgProblemOf(e) {
  for (const field of ["code", "originalCode"]) {
    const code = e[field];
    const byPrisma = PG_BY_PRISMA_CODE.get(code);
    if (byPrisma) return { kind: byPrisma, code: String(code) };
    const bySocket = PG_BY_SOCKET_CODE.get(code);
    if (bySocket) return { kind: bySocket, code: String(code) };
    const bySqlState = pgKindOfSqlState(code);
    if (bySqlState) return { kind: bySqlState, code: String(code) };
  }
  const byKind = PG_BY_ADAPTER_KIND.get(e.kind);
  if (byKind) return { kind: byKind, code: String(e.kind) };
  const message = typeof e.message === "string" ? e.message : "";
  const byMessage = pgKindOfMessage(message);
  if (byMessage) {
    const code = /\b(E[A-Z]{4,})\b/.exec(message)?.[1] ?? "connection";
    return { kind: byMessage, code };
  }
  return null;
}

/** The provider of DATABASE_URL, which callers that do not say are working on. */
function providerOfEnv() {
  return /^postgres(?:ql)?:\/\//.test(process.env.DATABASE_URL ?? "") ? "postgresql" : "sqlite";
}

/**
 * The storage problem behind an error, or null when it is not one (a unique
 * constraint, a validation error, a bug). `provider` says how to read what
 * both drivers report alike (a socket timeout is SQLite's busy lock, but a
 * network timeout on PostgreSQL); DATABASE_URL's when not given.
 * @param {unknown} err
 * @param {StoreProvider} [provider]
 * @returns {StorageProblem | null}
 */
export function storageProblem(err, provider = providerOfEnv()) {
  return provider === "postgresql" ? postgresProblem(err) : sqliteProblem(err);
}

/** @param {unknown} err @returns {StorageProblem | null} */
function postgresProblem(err) {
  /** @type {unknown[]} */
  const queue = [err];
  for (let seen = 0; queue.length && seen < 12; seen++) {
    const e = queue.shift();
    if (!isObject(e)) continue;
    const problem = pgProblemOf(e);
    if (problem) return problem;
    const meta = e.meta;
    if (isObject(meta)) queue.push(meta.driverAdapterError);
    queue.push(e.cause);
  }
  return null;
}

/** @param {unknown} err @returns {StorageProblem | null} */
function sqliteProblem(err) {
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
  unreachable: "PostgreSQL is unreachable",
  lost: "the connection to PostgreSQL was lost",
  timeout: "PostgreSQL did not answer in time",
  connections: "PostgreSQL has no free connections",
  restarting: "PostgreSQL is shutting down or starting up",
  refused: "PostgreSQL refused the connection (check the database, user and password in DATABASE_URL)",
};

/** Where PostgreSQL's words differ from SQLite's for the same kind. */
/** @type {Partial<Record<StorageProblemKind, string>>} */
const PG_WORDS = {
  full: "PostgreSQL's disk is full",
  readonly: "PostgreSQL accepts no writes (a standby, or default_transaction_read_only is on)",
};

/**
 * The problem in words, with its code. The driver's own message stays in
 * the log: it may name hosts and ports.
 * @param {StorageProblem} problem @returns {string}
 */
export function describeStorageProblem(problem) {
  const words = problem.code.startsWith("SQLITE") ? WORDS[problem.kind] : (PG_WORDS[problem.kind] ?? WORDS[problem.kind]);
  return `${words} [${problem.code}]`;
}
