-- DropIndex
DROP INDEX "TimelineEvent_incidentId_visibility_occurredAt_idx";

-- DropIndex
DROP INDEX "TimelineEvent_incidentId_occurredAt_recordedAt_idx";

-- CreateIndex
CREATE INDEX "TimelineEvent_incidentId_occurredAt_recordedAt_id_idx" ON "TimelineEvent"("incidentId", "occurredAt", "recordedAt", "id");

-- CreateIndex
CREATE INDEX "TimelineEvent_incidentId_updatedAt_id_idx" ON "TimelineEvent"("incidentId", "updatedAt", "id");

-- CreateIndex
CREATE INDEX "TimelineEvent_incidentId_visibility_occurredAt_recordedAt_id_idx" ON "TimelineEvent"("incidentId", "visibility", "occurredAt", "recordedAt", "id");

-- CreateIndex
CREATE INDEX "TimelineEvent_incidentId_key_occurredAt_recordedAt_id_idx" ON "TimelineEvent"("incidentId", "key", "occurredAt", "recordedAt", "id");
