-- The per-incident entry cap counts live entries only: deleting one frees its place.
UPDATE "Incident" SET "eventCount" = (
    SELECT COUNT(*) FROM "TimelineEvent"
    WHERE "TimelineEvent"."incidentId" = "Incident"."id" AND "TimelineEvent"."deletedAt" IS NULL
);
