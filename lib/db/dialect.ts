import "server-only";
import type { Tx } from "./client";
import { databaseUrl, providerOf, type DbProvider } from "./url";

// The few places where SQLite and PostgreSQL need different words for the
// same behaviour. Everything else is one Prisma query for both.
//
// Concurrency: on SQLite every write transaction holds the database's single
// write lock, so transactions never interleave. PostgreSQL runs them at READ
// COMMITTED side by side, from several instances; a transaction that reads
// and then writes on what it read must lock first. Version-checked updates
// (`updateMany where version = n`) need no lock: PostgreSQL re-checks the
// WHERE clause once a concurrent writer commits.

export function dbProvider(): DbProvider {
  return providerOf(databaseUrl());
}

const INSENSITIVE = { mode: "insensitive" } as const;

/**
 * A case-insensitive substring filter for user searches. SQLite's LIKE
 * ignores ASCII case by itself; PostgreSQL needs ILIKE (`mode:
 * "insensitive"`, which the SQLite client does not accept).
 */
export function containsText(text: string): { contains: string } {
  // No stored text holds U+0000 (the API refuses it; PostgreSQL cannot store
  // it), and PostgreSQL would fail the whole query on it.
  const clean = text.replaceAll("\u0000", "");
  // Spread in: the SQLite client's filter type has no `mode`.
  return dbProvider() === "postgresql" ? { contains: clean, ...INSENSITIVE } : { contains: clean };
}

/**
 * Lock an incident's row until the transaction ends, before reading what its
 * derived fields are computed from (key times from milestones): a concurrent
 * transaction on the same incident then waits, and the later one computes
 * from what the earlier one committed. FOR NO KEY UPDATE still lets others
 * insert rows that point at the incident.
 */
export async function lockIncident(tx: Tx, incidentId: string): Promise<void> {
  if (dbProvider() !== "postgresql") return;
  await tx.$executeRaw`SELECT 1 FROM "Incident" WHERE "id" = ${incidentId} FOR NO KEY UPDATE`;
}

// Any constant; the same for every instance.
const INCIDENT_NUMBER_LOCK = 7_204_512_312;

/**
 * Serialise "take the next INC number" across instances until the
 * transaction ends, so two declarations never pick the same number (the
 * unique index would turn that into a retry; under a burst of declarations
 * retries could run out).
 */
export async function lockIncidentNumbering(tx: Tx): Promise<void> {
  if (dbProvider() !== "postgresql") return;
  // $executeRaw: the function returns `void`, a column type the adapter cannot read.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${INCIDENT_NUMBER_LOCK}::bigint)`;
}
