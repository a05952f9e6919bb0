import "server-only";
import type { PrismaClient } from "../generated/prisma/client";
import { Prisma } from "../generated/prisma/client";
import { LIMITS } from "../validation";
import type { auditRow } from "../audit/write";
import type { EventInsert } from "./bulk-insert";

// Group commit on PostgreSQL in one statement. An interactive transaction
// costs five round trips a batch (BEGIN, count, insert entries, insert audit
// rows, COMMIT), and under load batches are small: the round trips' CPU,
// not the disk, bounded ingest. PostgreSQL runs data-modifying CTEs as one
// atomic statement, so the same three writes go in one round trip with the
// same rules:
//  - each incident's count of live entries goes up by its entries not stored
//    yet, only when it is live and has room (else none of its entries is
//    written);
//  - entries are inserted in id order; ids already stored are skipped (a
//    retry, or the same id committed by another instance meanwhile);
//  - an audit row is written for each entry actually inserted.
// It returns which incidents were counted, which ids were stored before and
// which were inserted; the writer settles the rest (retries, refusals, the
// rare id another instance committed between the two) as on SQLite.

export type BatchRow = EventInsert & { audit: ReturnType<typeof auditRow> };

export type BatchOutcome = { counted: Set<string>; stored: Set<string>; inserted: Set<string> };

/**
 * `notifications`: NOTIFY payloads on `channel` sent by the same statement,
 * so that other instances hear of the entries exactly when they commit.
 */
export async function insertBatchInOneStatement(
  db: PrismaClient,
  rows: BatchRow[],
  recordedAt: Date,
  notify: { channel: string; payloads: string[] },
): Promise<BatchOutcome> {
  if (rows.length === 0) return { counted: new Set(), stored: new Set(), inserted: new Set() };
  const sorted = [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const values = sorted.map(
    (r) =>
      Prisma.sql`(${r.id}, ${r.incidentId}, ${r.occurredAt}::timestamp(3), ${r.endedAt}::timestamp(3), ${r.actor.id}, ${r.actor.name}, ${r.kind}, ${r.milestone}, ${r.statusLabel}, ${r.body}, ${r.attribution ?? null}::text, ${r.key}::boolean, ${r.visibility}, ${r.audit.actorId}, ${r.audit.actorName}, ${r.audit.entity}, ${r.audit.action}, ${r.audit.before}, ${r.audit.after})`,
  );
  const found = await db.$queryRaw<Array<{ k: string; id: string }>>`
    WITH v ("id", "incidentId", "occurredAt", "endedAt", "authorId", "authorName", "kind", "milestone", "statusLabel", "body", "attribution", "key", "visibility",
            "auditActorId", "auditActorName", "auditEntity", "auditAction", "auditBefore", "auditAfter") AS (VALUES ${Prisma.join(values)}),
    stored AS (SELECT v."id" FROM v JOIN "TimelineEvent" AS t ON t."id" = v."id"),
    per AS (SELECT "incidentId", (count(*) FILTER (WHERE "id" NOT IN (SELECT "id" FROM stored)))::int AS n FROM v GROUP BY "incidentId"),
    counted AS (
      UPDATE "Incident" AS i SET "eventCount" = i."eventCount" + per.n, "updatedAt" = ${recordedAt}::timestamp(3)
      FROM per
      WHERE i."id" = per."incidentId" AND i."deletedAt" IS NULL AND i."eventCount" <= ${LIMITS.eventsPerIncident}::int - per.n
      RETURNING i."id"
    ),
    ins AS (
      INSERT INTO "TimelineEvent" ("id", "incidentId", "occurredAt", "endedAt", "recordedAt", "updatedAt", "authorId", "authorName", "kind", "milestone", "statusLabel", "body", "attribution", "key", "visibility", "version")
      SELECT v."id", v."incidentId", v."occurredAt", v."endedAt", ${recordedAt}::timestamp(3), ${recordedAt}::timestamp(3), v."authorId", v."authorName", v."kind", v."milestone", v."statusLabel", v."body", v."attribution", v."key", v."visibility", 1
      FROM v JOIN counted ON counted."id" = v."incidentId"
      ORDER BY v."id"
      ON CONFLICT ("id") DO NOTHING
      RETURNING "id"
    ),
    audit AS (
      INSERT INTO "AuditLog" ("id", "at", "actorId", "actorName", "incidentId", "entity", "entityId", "action", "before", "after")
      SELECT gen_random_uuid()::text, ${recordedAt}::timestamp(3), v."auditActorId", v."auditActorName", v."incidentId", v."auditEntity", v."id", v."auditAction", v."auditBefore", v."auditAfter"
      FROM v JOIN ins ON ins."id" = v."id"
    )
    ${
      notify.payloads.length
        ? Prisma.sql`, notes AS (
      SELECT pg_notify(${notify.channel}, n.p) AS sent FROM (VALUES ${Prisma.join(notify.payloads.map((p) => Prisma.sql`(${p})`))}) AS n(p)
      WHERE EXISTS (SELECT 1 FROM ins)
    )`
        : Prisma.empty
    }
    SELECT 'c' AS k, "id" FROM counted UNION ALL SELECT 's' AS k, "id" FROM stored UNION ALL SELECT 'i' AS k, "id" FROM ins
    ${notify.payloads.length ? Prisma.sql`UNION ALL SELECT 'n' AS k, NULL::text AS "id" FROM notes` : Prisma.empty}`;
  const outcome: BatchOutcome = { counted: new Set(), stored: new Set(), inserted: new Set() };
  for (const row of found) {
    if (row.k === "c") outcome.counted.add(row.id);
    else if (row.k === "s") outcome.stored.add(row.id);
    else if (row.k === "i") outcome.inserted.add(row.id);
  }
  return outcome;
}
