-- DropIndex
DROP INDEX "ActionItem_incidentId_idx";

-- CreateIndex
CREATE INDEX "ActionItem_incidentId_status_idx" ON "ActionItem"("incidentId", "status");
