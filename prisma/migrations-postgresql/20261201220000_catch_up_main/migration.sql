-- The PostgreSQL side of what main's SQLite migrations added while this
-- store was being built: 20261201120000_event_count_counts_live,
-- 20261201210532_status_site_indexes, 20261201210724_api_key_owner and
-- 20261201212024_import_layout_unknown_start (same schema, same data rules).

-- AlterTable: an incident's start may be unknown (imported postmortems).
ALTER TABLE "Incident" ALTER COLUMN "declaredStartedAt" DROP NOT NULL,
ALTER COLUMN "startedAt" DROP NOT NULL;

-- AlterTable: the postmortem keeps its author's section layout.
ALTER TABLE "Postmortem" ADD COLUMN     "layout" TEXT NOT NULL DEFAULT '[]';

-- AlterTable: keys made from a shell (no person) are service keys, keys an
-- admin made in the app are bound to that admin.
ALTER TABLE "api_key" ADD COLUMN     "service" BOOLEAN NOT NULL DEFAULT false;
UPDATE "api_key" SET "service" = ("userId" IS NULL);

-- The per-incident entry cap counts live entries only: deleting one frees its place.
UPDATE "Incident" SET "eventCount" = (
    SELECT COUNT(*) FROM "TimelineEvent"
    WHERE "TimelineEvent"."incidentId" = "Incident"."id" AND "TimelineEvent"."deletedAt" IS NULL
);

-- CreateIndex
CREATE INDEX "Incident_resolvedAt_idx" ON "Incident"("resolvedAt");

-- CreateIndex
CREATE INDEX "TimelineEvent_incidentId_visibility_occurredAt_idx" ON "TimelineEvent"("incidentId", "visibility", "occurredAt");
