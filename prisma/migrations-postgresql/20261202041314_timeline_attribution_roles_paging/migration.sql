-- PostgreSQL's twin of three SQLite migrations: 20261202003210_entry_attribution_and_edited,
-- 20261202003520_incident_roles_people and 20261202010011_timeline_paging_indexes.

-- DropIndex
DROP INDEX "TimelineEvent_incidentId_occurredAt_recordedAt_idx";

-- DropIndex
DROP INDEX "TimelineEvent_incidentId_visibility_occurredAt_idx";

-- AlterTable
ALTER TABLE "ActionItem" ADD COLUMN     "ownerId" TEXT,
ADD COLUMN     "ownerKey" TEXT;

-- AlterTable
ALTER TABLE "Incident" ADD COLUMN     "rolesVersion" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "TimelineEvent" ADD COLUMN     "attribution" TEXT,
ADD COLUMN     "editedAt" TIMESTAMP(3),
ADD COLUMN     "editedById" TEXT,
ADD COLUMN     "editedByName" TEXT;

-- AlterTable
ALTER TABLE "TimelineEventRevision" ADD COLUMN     "attribution" TEXT;

-- AlterTable
ALTER TABLE "user" ADD COLUMN     "nameKey" TEXT;

-- CreateTable
CREATE TABLE "IncidentRole" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "builtIn" BOOLEAN NOT NULL DEFAULT false,
    "position" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "archivedAt" TIMESTAMP(3),

    CONSTRAINT "IncidentRole_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IncidentRoleAssignment" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "roleId" TEXT NOT NULL,
    "userId" TEXT,
    "personName" TEXT NOT NULL,
    "personKey" TEXT,
    "assignedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "assignedById" TEXT NOT NULL,
    "assignedByName" TEXT NOT NULL,

    CONSTRAINT "IncidentRoleAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "IncidentRole_key_key" ON "IncidentRole"("key");

-- CreateIndex
CREATE INDEX "IncidentRoleAssignment_userId_idx" ON "IncidentRoleAssignment"("userId");

-- CreateIndex
CREATE INDEX "IncidentRoleAssignment_personKey_idx" ON "IncidentRoleAssignment"("personKey");

-- CreateIndex
CREATE UNIQUE INDEX "IncidentRoleAssignment_incidentId_roleId_key" ON "IncidentRoleAssignment"("incidentId", "roleId");

-- CreateIndex
CREATE INDEX "ActionItem_ownerKey_idx" ON "ActionItem"("ownerKey");

-- CreateIndex
CREATE INDEX "ActionItem_ownerId_idx" ON "ActionItem"("ownerId");

-- CreateIndex
CREATE INDEX "TimelineEvent_incidentId_occurredAt_recordedAt_id_idx" ON "TimelineEvent"("incidentId", "occurredAt", "recordedAt", "id");

-- CreateIndex
CREATE INDEX "TimelineEvent_incidentId_updatedAt_id_idx" ON "TimelineEvent"("incidentId", "updatedAt", "id");

-- CreateIndex
CREATE INDEX "TimelineEvent_incidentId_visibility_occurredAt_recordedAt_i_idx" ON "TimelineEvent"("incidentId", "visibility", "occurredAt", "recordedAt", "id");

-- CreateIndex
CREATE INDEX "TimelineEvent_incidentId_key_occurredAt_recordedAt_id_idx" ON "TimelineEvent"("incidentId", "key", "occurredAt", "recordedAt", "id");

-- CreateIndex
CREATE INDEX "user_nameKey_idx" ON "user"("nameKey");

-- AddForeignKey
ALTER TABLE "ActionItem" ADD CONSTRAINT "ActionItem_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentRoleAssignment" ADD CONSTRAINT "IncidentRoleAssignment_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentRoleAssignment" ADD CONSTRAINT "IncidentRoleAssignment_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "IncidentRole"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentRoleAssignment" ADD CONSTRAINT "IncidentRoleAssignment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Until now every change bumped the version and showed "edited", starring
-- included. Entries whose text, time, kind or milestone differ from an
-- earlier version were really edited: mark them, as of their last change.
UPDATE "TimelineEvent" AS t SET "editedAt" = t."updatedAt", "editedById" = t."editorId", "editedByName" = t."editorName"
WHERE t."version" > 1 AND EXISTS (
    SELECT 1 FROM "TimelineEventRevision" r
    WHERE r."eventId" = t."id"
      AND (r."body" IS DISTINCT FROM t."body" OR r."occurredAt" IS DISTINCT FROM t."occurredAt"
        OR r."endedAt" IS DISTINCT FROM t."endedAt" OR r."kind" IS DISTINCT FROM t."kind"
        OR r."milestone" IS DISTINCT FROM t."milestone")
);
