-- 20261201212024_import_layout_unknown_start redefined "Incident" (DROP
-- TABLE + RENAME) from a schema that did not have this index yet, so the
-- index that 20261201210532_status_site_indexes made went with the old
-- table. IF NOT EXISTS: a database on which it was made again by hand, or by
-- another branch's fix, is left as it is.
-- CreateIndex
CREATE INDEX IF NOT EXISTS "Incident_resolvedAt_idx" ON "Incident"("resolvedAt");
