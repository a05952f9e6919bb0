-- CreateIndex
CREATE INDEX "Incident_resolvedAt_idx" ON "Incident"("resolvedAt");

-- CreateIndex
CREATE INDEX "TimelineEvent_incidentId_visibility_occurredAt_idx" ON "TimelineEvent"("incidentId", "visibility", "occurredAt");
