// Database failures the app branches on. Checked by code and shape, never by
// class: the custom server and the Next.js bundles each load their own copy
// of the Prisma runtime. Storage faults and outages (a full disk, PostgreSQL
// unreachable) are read by lib/db/storage-errors.mjs.

type Cause = { kind?: unknown; originalCode?: unknown };
type Shape = { code?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: Cause } } };

function shape(err: unknown): Shape | null {
  return typeof err === "object" && err !== null ? (err as Shape) : null;
}

/**
 * The driver adapter's classification: under `meta` on Prisma's errors
 * (also on raw queries, which Prisma reports as P2010), or as the `cause`
 * itself inside an interactive transaction, where it comes unwrapped.
 */
function adapterCause(err: unknown): Cause {
  const s = shape(err);
  const wrapped = s?.meta?.driverAdapterError?.cause;
  if (wrapped) return wrapped;
  const cause = s?.cause;
  return typeof cause === "object" && cause !== null ? (cause as Cause) : {};
}

/** True when a write failed on a unique constraint (e.g. a retried client id). */
export function isUniqueViolation(err: unknown): boolean {
  return shape(err)?.code === "P2002" || adapterCause(err).kind === "UniqueConstraintViolation";
}

/** PostgreSQL aborted the transaction for a deadlock or a serialisation failure; running it again is safe. */
export function isWriteConflict(err: unknown): boolean {
  return shape(err)?.code === "P2034" || adapterCause(err).kind === "TransactionWriteConflict";
}
