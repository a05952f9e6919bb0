-- AlterTable
ALTER TABLE "TimelineEvent" ADD COLUMN "attribution" TEXT;
ALTER TABLE "TimelineEvent" ADD COLUMN "editedAt" DATETIME;
ALTER TABLE "TimelineEvent" ADD COLUMN "editedById" TEXT;
ALTER TABLE "TimelineEvent" ADD COLUMN "editedByName" TEXT;

-- AlterTable
ALTER TABLE "TimelineEventRevision" ADD COLUMN "attribution" TEXT;

-- Until now every change bumped the version and showed "edited", starring
-- included. Entries whose text, time, kind or milestone differ from an
-- earlier version were really edited: mark them, as of their last change.
UPDATE "TimelineEvent" SET "editedAt" = "updatedAt", "editedById" = "editorId", "editedByName" = "editorName"
WHERE "version" > 1 AND EXISTS (
    SELECT 1 FROM "TimelineEventRevision" r
    WHERE r."eventId" = "TimelineEvent"."id"
      AND (r."body" IS NOT "TimelineEvent"."body" OR r."occurredAt" IS NOT "TimelineEvent"."occurredAt"
        OR r."endedAt" IS NOT "TimelineEvent"."endedAt" OR r."kind" IS NOT "TimelineEvent"."kind"
        OR r."milestone" IS NOT "TimelineEvent"."milestone")
);
