-- 20261201212024_import_layout_unknown_start rebuilt "Incident" without the
-- index that 20261201210532_status_site_indexes had added (the two were
-- written in parallel); put it back. IF NOT EXISTS: a database that never
-- lost it is left as it is.
CREATE INDEX IF NOT EXISTS "Incident_resolvedAt_idx" ON "Incident"("resolvedAt");
