import { Prisma } from "../generated/prisma/client";

/** True when a write failed on a unique constraint (e.g. a retried client id). */
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}
