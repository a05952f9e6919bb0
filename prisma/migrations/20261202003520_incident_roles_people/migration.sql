-- Incident roles and people (issue 14, coordination).
--
-- Written by hand rather than as Prisma's table redefinitions: columns are
-- added in place, so Incident and ActionItem keep their rows, indexes and
-- any triggers other features put on them. `npm run db:check` confirms the
-- result equals schema.prisma.
--
-- No rows are written here (a freshly migrated database stays empty, which
-- restore relies on): the built-in roles are made on first use
-- (lib/incident-roles/built-in.ts), and the start-up backfill
-- (lib/people/backfill.ts) turns the old free-text commander and scribe
-- into assignments, computes the match keys and links names to accounts.

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
