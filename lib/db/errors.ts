// Database failures the app branches on. Checked by code and shape, never by
// class: the custom server and the Next.js bundles each load their own copy
// of the Prisma runtime.

type Shape = { code?: unknown; message?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown } } } };

function shape(err: unknown): Shape | null {
  return typeof err === "object" && err !== null ? (err as Shape) : null;
}

/** The driver adapter's classification, also on raw queries (which Prisma reports as P2010). */
function adapterCause(err: unknown): { kind?: unknown; originalCode?: unknown } {
  return shape(err)?.meta?.driverAdapterError?.cause ?? {};
}

/** True when a write failed on a unique constraint (e.g. a retried client id). */
export function isUniqueViolation(err: unknown): boolean {
  return shape(err)?.code === "P2002" || adapterCause(err).kind === "UniqueConstraintViolation";
}

/** PostgreSQL aborted the transaction for a deadlock or a serialisation failure; running it again is safe. */
export function isWriteConflict(err: unknown): boolean {
  return shape(err)?.code === "P2034" || adapterCause(err).kind === "TransactionWriteConflict";
}

// What each kind of outage is called in a health answer or a log line. The
// driver's own words stay in the log only: they name hosts and ports.
const REASONS = {
  unreachable: "PostgreSQL is unreachable",
  lost: "the connection to PostgreSQL was lost",
  timeout: "PostgreSQL did not answer in time",
  full: "PostgreSQL has no free connections",
  restarting: "PostgreSQL is shutting down or starting up",
  refused: "PostgreSQL refused the connection (database, user or password)",
} as const;

type Reason = keyof typeof REASONS;

const BY_PRISMA_CODE = new Map<unknown, Reason>([
  ["P1000", "refused"],
  ["P1001", "unreachable"],
  ["P1002", "timeout"],
  ["P1003", "refused"],
  ["P1008", "timeout"],
  ["P1017", "lost"],
  ["P2024", "timeout"],
  ["P2037", "full"],
]);
const BY_ADAPTER_KIND = new Map<unknown, Reason>([
  ["DatabaseNotReachable", "unreachable"],
  ["ConnectionClosed", "lost"],
  ["SocketTimeout", "timeout"],
  ["TooManyConnections", "full"],
  ["TlsConnectionError", "unreachable"],
  ["DatabaseDoesNotExist", "refused"],
  ["DatabaseAccessDenied", "refused"],
  ["AuthenticationFailed", "refused"],
]);

function bySqlState(code: unknown): Reason | null {
  if (typeof code !== "string") return null;
  if (/^08...$/.test(code)) return "lost"; // connection exception
  if (code === "53300") return "full";
  if (/^57P0[123]$/.test(code)) return "restarting"; // admin shutdown, crash shutdown, cannot connect now
  return null;
}

// node-postgres raises plain Errors (no code) for a connection that died
// under a query or could not be opened in time.
function byPgMessage(message: string): Reason | null {
  if (/Connection terminated due to connection timeout|timeout exceeded when trying to connect/.test(message)) return "timeout";
  if (/Connection terminated|Client has encountered a connection error/.test(message)) return "lost";
  if (/connect ECONNREFUSED|Can't reach database server/.test(message)) return "unreachable";
  return null;
}

/**
 * Why the database is unavailable, when `err` says so (PostgreSQL down,
 * unreachable, restarting, out of connections, refusing us); null for any
 * other error. Such failures answer 503 `storage_unavailable` and clear by
 * themselves once the database is back: the pool opens fresh connections.
 */
export function storageUnavailableReason(err: unknown): string | null {
  const s = shape(err);
  if (!s) return null;
  const cause = adapterCause(err);
  const key =
    BY_PRISMA_CODE.get(s.code) ??
    BY_ADAPTER_KIND.get(cause.kind) ??
    bySqlState(cause.originalCode) ??
    bySqlState(s.code) ??
    byPgMessage(typeof s.message === "string" ? s.message : "");
  return key ? REASONS[key] : null;
}
