import { AppError, notFound } from "../errors";
import type { Db, Tx } from "../db/client";
import type { Incident } from "../generated/prisma/client";

/** The incident if it exists and is not deleted; a 404 otherwise. */
export async function requireIncident(db: Tx | Db, incidentId: string): Promise<Incident> {
  const incident = await db.incident.findFirst({ where: { id: incidentId, deletedAt: null } });
  if (!incident) throw notFound("Incident");
  return incident;
}

/**
 * The 409 of optimistic concurrency: `what` ("incident", "entry", …) was
 * changed since the client read it. With the current record (its wire form),
 * the client can show what changed and retry on top of it.
 */
export function staleVersion(what: string, current?: { version: number }): AppError {
  return new AppError("conflict", `This ${what} was changed by someone else${current ? ` (now version ${current.version})` : ""}`, {
    issues: [{ path: "version", message: "is stale" }],
    ...(current ? { details: { current } } : {}),
  });
}
