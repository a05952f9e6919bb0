/**
 * True when a write failed on a unique constraint (e.g. a retried client id).
 * Checked by code, not by class: the custom server and the Next.js bundles
 * each load their own copy of the Prisma runtime.
 */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "P2002";
}
