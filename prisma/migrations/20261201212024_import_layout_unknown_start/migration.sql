-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Incident" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL DEFAULT '',
    "severity" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'investigating',
    "postmortemStatus" TEXT NOT NULL DEFAULT 'draft',
    "declaredStartedAt" DATETIME,
    "startedAt" DATETIME,
    "detectedAt" DATETIME,
    "mitigatedAt" DATETIME,
    "resolvedAt" DATETIME,
    "services" TEXT NOT NULL DEFAULT '[]',
    "commander" TEXT,
    "scribe" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "deletedAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    "eventCount" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_Incident" ("commander", "createdAt", "createdById", "declaredStartedAt", "deletedAt", "detectedAt", "eventCount", "id", "mitigatedAt", "number", "postmortemStatus", "resolvedAt", "scribe", "services", "severity", "startedAt", "status", "summary", "title", "updatedAt", "version") SELECT "commander", "createdAt", "createdById", "declaredStartedAt", "deletedAt", "detectedAt", "eventCount", "id", "mitigatedAt", "number", "postmortemStatus", "resolvedAt", "scribe", "services", "severity", "startedAt", "status", "summary", "title", "updatedAt", "version" FROM "Incident";
DROP TABLE "Incident";
ALTER TABLE "new_Incident" RENAME TO "Incident";
CREATE UNIQUE INDEX "Incident_number_key" ON "Incident"("number");
CREATE INDEX "Incident_status_idx" ON "Incident"("status");
CREATE INDEX "Incident_severity_idx" ON "Incident"("severity");
CREATE INDEX "Incident_createdAt_idx" ON "Incident"("createdAt");
CREATE TABLE "new_Postmortem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "incidentId" TEXT NOT NULL,
    "summary" TEXT NOT NULL DEFAULT '',
    "impact" TEXT NOT NULL DEFAULT '',
    "rootCause" TEXT NOT NULL DEFAULT '',
    "trigger" TEXT NOT NULL DEFAULT '',
    "detection" TEXT NOT NULL DEFAULT '',
    "resolution" TEXT NOT NULL DEFAULT '',
    "wentWell" TEXT NOT NULL DEFAULT '',
    "wentWrong" TEXT NOT NULL DEFAULT '',
    "gotLucky" TEXT NOT NULL DEFAULT '',
    "closing" TEXT NOT NULL DEFAULT '',
    "extraSections" TEXT NOT NULL DEFAULT '[]',
    "layout" TEXT NOT NULL DEFAULT '[]',
    "authors" TEXT NOT NULL DEFAULT '[]',
    "updatedAt" DATETIME NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "Postmortem_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Postmortem" ("authors", "closing", "detection", "extraSections", "gotLucky", "id", "impact", "incidentId", "resolution", "rootCause", "summary", "trigger", "updatedAt", "version", "wentWell", "wentWrong") SELECT "authors", "closing", "detection", "extraSections", "gotLucky", "id", "impact", "incidentId", "resolution", "rootCause", "summary", "trigger", "updatedAt", "version", "wentWell", "wentWrong" FROM "Postmortem";
DROP TABLE "Postmortem";
ALTER TABLE "new_Postmortem" RENAME TO "Postmortem";
CREATE UNIQUE INDEX "Postmortem_incidentId_key" ON "Postmortem"("incidentId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
