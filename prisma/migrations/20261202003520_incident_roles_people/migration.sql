-- Incident roles and people (issue 14, coordination).
--
-- Written by hand rather than as Prisma's table redefinitions: columns are
-- added and dropped in place (SQLite 3.35+), so Incident and ActionItem keep
-- their rows, indexes and any triggers other features put on them.
-- `npm run db:check` confirms the result equals schema.prisma.

-- AlterTable
ALTER TABLE "user" ADD COLUMN "nameKey" TEXT;

-- AlterTable
ALTER TABLE "ActionItem" ADD COLUMN "ownerId" TEXT REFERENCES "user" ("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "ActionItem" ADD COLUMN "ownerKey" TEXT;

-- AlterTable
ALTER TABLE "Incident" ADD COLUMN "rolesVersion" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "IncidentRole" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "builtIn" BOOLEAN NOT NULL DEFAULT false,
    "position" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "archivedAt" DATETIME
);

-- CreateTable
CREATE TABLE "IncidentRoleAssignment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "incidentId" TEXT NOT NULL,
    "roleId" TEXT NOT NULL,
    "userId" TEXT,
    "personName" TEXT NOT NULL,
    "personKey" TEXT,
    "assignedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "assignedById" TEXT NOT NULL,
    "assignedByName" TEXT NOT NULL,
    CONSTRAINT "IncidentRoleAssignment_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "IncidentRoleAssignment_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "IncidentRole" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "IncidentRoleAssignment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- The built-in roles (fixed ids: lib/incident-roles/built-in.ts).
INSERT INTO "IncidentRole" ("id", "key", "name", "description", "builtIn", "position") VALUES
  ('8f5a3c1e-0b6d-4c1a-9e1f-000000000001', 'commander', 'Commander', 'Leads the response and makes the calls.', true, 0),
  ('8f5a3c1e-0b6d-4c1a-9e1f-000000000002', 'scribe', 'Scribe', 'Keeps the timeline.', true, 1),
  ('8f5a3c1e-0b6d-4c1a-9e1f-000000000003', 'communications', 'Communications lead', 'Writes the updates for customers and the rest of the company.', true, 2);

-- The commander and scribe were free text on the incident; they become
-- assignments. personKey stays null: the start-up backfill
-- (lib/people/backfill.ts) computes it and links those that name exactly
-- one account.
INSERT INTO "IncidentRoleAssignment" ("id", "incidentId", "roleId", "personName", "assignedAt", "assignedById", "assignedByName")
  SELECT lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-a' || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))),
         "id", '8f5a3c1e-0b6d-4c1a-9e1f-000000000001', trim("commander"), "updatedAt", 'migration', 'Migration'
  FROM "Incident" WHERE "commander" IS NOT NULL AND trim("commander") <> '';
INSERT INTO "IncidentRoleAssignment" ("id", "incidentId", "roleId", "personName", "assignedAt", "assignedById", "assignedByName")
  SELECT lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-a' || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))),
         "id", '8f5a3c1e-0b6d-4c1a-9e1f-000000000002', trim("scribe"), "updatedAt", 'migration', 'Migration'
  FROM "Incident" WHERE "scribe" IS NOT NULL AND trim("scribe") <> '';
UPDATE "Incident" SET "rolesVersion" = 1 WHERE ("commander" IS NOT NULL AND trim("commander") <> '') OR ("scribe" IS NOT NULL AND trim("scribe") <> '');

-- AlterTable
ALTER TABLE "Incident" DROP COLUMN "commander";
ALTER TABLE "Incident" DROP COLUMN "scribe";

-- CreateIndex
CREATE INDEX "ActionItem_ownerKey_idx" ON "ActionItem"("ownerKey");

-- CreateIndex
CREATE INDEX "ActionItem_ownerId_idx" ON "ActionItem"("ownerId");

-- CreateIndex
CREATE UNIQUE INDEX "IncidentRole_key_key" ON "IncidentRole"("key");

-- CreateIndex
CREATE INDEX "IncidentRoleAssignment_userId_idx" ON "IncidentRoleAssignment"("userId");

-- CreateIndex
CREATE INDEX "IncidentRoleAssignment_personKey_idx" ON "IncidentRoleAssignment"("personKey");

-- CreateIndex
CREATE UNIQUE INDEX "IncidentRoleAssignment_incidentId_roleId_key" ON "IncidentRoleAssignment"("incidentId", "roleId");

-- CreateIndex
CREATE INDEX "user_nameKey_idx" ON "user"("nameKey");
