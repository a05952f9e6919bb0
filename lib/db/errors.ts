/**
 * True when a write failed on a unique constraint (e.g. a retried client id).
 * Checked by code, not by class: the custom server and the Next.js bundles
 * each load their own copy of the Prisma runtime.
 */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  if ((err as { code?: unknown }).code === "P2002") return true;
  // Inside an interactive transaction the driver adapter's error comes unwrapped.
  const cause = (err as { cause?: unknown }).cause;
  return typeof cause === "object" && cause !== null && (cause as { kind?: unknown }).kind === "UniqueConstraintViolation";
}
