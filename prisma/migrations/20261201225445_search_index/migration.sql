-- Full-text search across incidents, timeline entries, postmortems and
-- action items (lib/search/). Prisma's schema cannot describe any of this
-- (a view, FTS5, triggers): it lives here, and scripts/db.mjs tells the
-- schema engine to leave these tables alone (scripts/search-tables.mjs).
--
-- search_source  a view: what text each live record contributes, one row
--                per searchable document (a postmortem gives one per
--                non-empty section). Deleted incidents and deleted timeline
--                entries give nothing. The one definition used by the
--                backfill and by every trigger below.
-- search_doc     the indexed copy of search_source (its INTEGER PRIMARY KEY
--                keeps rowids stable across VACUUM), kept in step by the
--                triggers on the source tables: every write through any
--                service, import or restore is covered without touching them.
-- search_fts     FTS5 over search_doc (external content), kept in step by
--                search_doc's own triggers. `kind` is indexed too, so a
--                filter on the kind of record is part of the MATCH and the
--                ranked query needs no join (searched text is matched in
--                title, body and people only).
--
-- Private-use characters U+E000/U+E001 are removed from the indexed copy:
-- they mark matches in snippets, so stored text can never fake a highlight.
--
-- A later migration that redefines one of the source tables (DROP TABLE +
-- RENAME, as Prisma does for some SQLite changes) drops its triggers with
-- it and must create them again: test/unit/search-schema.test.ts fails
-- until it does.

CREATE TABLE "search_doc" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "source_id" TEXT NOT NULL,
    "part" TEXT NOT NULL,
    "incident_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "people" TEXT NOT NULL
);
CREATE INDEX "search_doc_source_id_idx" ON "search_doc"("source_id");
CREATE INDEX "search_doc_incident_id_idx" ON "search_doc"("incident_id");

CREATE VIRTUAL TABLE "search_fts" USING fts5(
    title, body, people, kind,
    content='search_doc', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2',
    prefix='2 3'
);

CREATE TRIGGER "search_doc_ai" AFTER INSERT ON "search_doc" BEGIN
    INSERT INTO "search_fts"("rowid", "title", "body", "people", "kind") VALUES (NEW."id", NEW."title", NEW."body", NEW."people", NEW."kind");
END;
CREATE TRIGGER "search_doc_ad" AFTER DELETE ON "search_doc" BEGIN
    INSERT INTO "search_fts"("search_fts", "rowid", "title", "body", "people", "kind") VALUES ('delete', OLD."id", OLD."title", OLD."body", OLD."people", OLD."kind");
END;
CREATE TRIGGER "search_doc_au" AFTER UPDATE ON "search_doc" BEGIN
    INSERT INTO "search_fts"("search_fts", "rowid", "title", "body", "people", "kind") VALUES ('delete', OLD."id", OLD."title", OLD."body", OLD."people", OLD."kind");
    INSERT INTO "search_fts"("rowid", "title", "body", "people", "kind") VALUES (NEW."id", NEW."title", NEW."body", NEW."people", NEW."kind");
END;

CREATE VIEW "search_source" AS
SELECT 'incident' AS "kind", i."id" AS "source_id", '' AS "part", i."id" AS "incident_id",
       replace(replace(i."title", char(57344), ''), char(57345), '') AS "title",
       replace(replace(i."summary", char(57344), ''), char(57345), '') AS "body",
       '' AS "people"
  FROM "Incident" i
 WHERE i."deletedAt" IS NULL
UNION ALL
SELECT 'event', e."id", '', e."incidentId",
       replace(replace(COALESCE(e."statusLabel", ''), char(57344), ''), char(57345), ''),
       replace(replace(e."body", char(57344), ''), char(57345), ''),
       ''
  FROM "TimelineEvent" e JOIN "Incident" i ON i."id" = e."incidentId"
 WHERE e."deletedAt" IS NULL AND i."deletedAt" IS NULL
UNION ALL
SELECT 'postmortem', s."source_id", s."part", s."incident_id", '',
       replace(replace(s."body", char(57344), ''), char(57345), ''),
       ''
  FROM (SELECT p."id" AS "source_id", k."part", p."incidentId" AS "incident_id",
               CASE k."part"
                 WHEN 'summary' THEN p."summary" WHEN 'impact' THEN p."impact"
                 WHEN 'rootCause' THEN p."rootCause" WHEN 'trigger' THEN p."trigger"
                 WHEN 'detection' THEN p."detection" WHEN 'resolution' THEN p."resolution"
                 WHEN 'wentWell' THEN p."wentWell" WHEN 'wentWrong' THEN p."wentWrong"
                 WHEN 'gotLucky' THEN p."gotLucky" WHEN 'closing' THEN p."closing"
               END AS "body"
          FROM "Postmortem" p
          JOIN "Incident" i ON i."id" = p."incidentId"
         CROSS JOIN (SELECT 'summary' AS "part" UNION ALL SELECT 'impact' UNION ALL SELECT 'rootCause'
                     UNION ALL SELECT 'trigger' UNION ALL SELECT 'detection' UNION ALL SELECT 'resolution'
                     UNION ALL SELECT 'wentWell' UNION ALL SELECT 'wentWrong' UNION ALL SELECT 'gotLucky'
                     UNION ALL SELECT 'closing') k
         WHERE i."deletedAt" IS NULL) s
 WHERE s."body" <> ''
UNION ALL
-- Extra sections: a JSON array of { title, body }; anything else in it is skipped.
SELECT 'postmortem', p."id", 'extra:' || x."key", p."incidentId",
       replace(replace(COALESCE(x."value" ->> '$.title', ''), char(57344), ''), char(57345), ''),
       replace(replace(COALESCE(x."value" ->> '$.body', ''), char(57344), ''), char(57345), ''),
       ''
  FROM "Postmortem" p
  JOIN "Incident" i ON i."id" = p."incidentId"
  JOIN json_each(CASE WHEN json_valid(p."extraSections") THEN
                   CASE WHEN json_type(p."extraSections") = 'array' THEN p."extraSections" ELSE '[]' END
                 ELSE '[]' END) x
 WHERE i."deletedAt" IS NULL AND x."type" = 'object'
UNION ALL
SELECT 'postmortem', s."id", 'impacted_service', p."incidentId",
       replace(replace(s."service", char(57344), ''), char(57345), ''),
       replace(replace(s."impact", char(57344), ''), char(57345), ''),
       ''
  FROM "ImpactedService" s
  JOIN "Postmortem" p ON p."id" = s."postmortemId"
  JOIN "Incident" i ON i."id" = p."incidentId"
 WHERE i."deletedAt" IS NULL
UNION ALL
SELECT 'postmortem', f."id", 'contributing_factor', p."incidentId",
       replace(replace(f."title", char(57344), ''), char(57345), ''),
       replace(replace(f."description", char(57344), ''), char(57345), ''),
       ''
  FROM "ContributingFactor" f
  JOIN "Postmortem" p ON p."id" = f."postmortemId"
  JOIN "Incident" i ON i."id" = p."incidentId"
 WHERE i."deletedAt" IS NULL
UNION ALL
SELECT 'action_item', a."id", '', a."incidentId",
       replace(replace(a."title", char(57344), ''), char(57345), ''),
       replace(replace(a."description", char(57344), ''), char(57345), ''),
       replace(replace(COALESCE(a."owner", ''), char(57344), ''), char(57345), '')
  FROM "ActionItem" a JOIN "Incident" i ON i."id" = a."incidentId"
 WHERE i."deletedAt" IS NULL;

-- ------------------------------------------------------------- incidents
CREATE TRIGGER "search_incident_ai" AFTER INSERT ON "Incident" WHEN NEW."deletedAt" IS NULL BEGIN
    INSERT INTO "search_doc"("kind", "source_id", "part", "incident_id", "title", "body", "people")
    SELECT "kind", "source_id", "part", "incident_id", "title", "body", "people" FROM "search_source"
     WHERE "kind" = 'incident' AND "source_id" = NEW."id";
END;
CREATE TRIGGER "search_incident_au" AFTER UPDATE OF "title", "summary" ON "Incident"
WHEN NEW."deletedAt" IS NULL AND OLD."deletedAt" IS NULL AND (NEW."title" IS NOT OLD."title" OR NEW."summary" IS NOT OLD."summary") BEGIN
    DELETE FROM "search_doc" WHERE "source_id" = OLD."id" AND "kind" = 'incident';
    INSERT INTO "search_doc"("kind", "source_id", "part", "incident_id", "title", "body", "people")
    SELECT "kind", "source_id", "part", "incident_id", "title", "body", "people" FROM "search_source"
     WHERE "kind" = 'incident' AND "source_id" = NEW."id";
END;
-- Deleting an incident takes everything of it out of the index; undeleting puts it back.
CREATE TRIGGER "search_incident_deleted" AFTER UPDATE OF "deletedAt" ON "Incident"
WHEN NEW."deletedAt" IS NOT NULL AND OLD."deletedAt" IS NULL BEGIN
    DELETE FROM "search_doc" WHERE "incident_id" = OLD."id";
END;
CREATE TRIGGER "search_incident_restored" AFTER UPDATE OF "deletedAt" ON "Incident"
WHEN NEW."deletedAt" IS NULL AND OLD."deletedAt" IS NOT NULL BEGIN
    DELETE FROM "search_doc" WHERE "incident_id" = NEW."id";
    INSERT INTO "search_doc"("kind", "source_id", "part", "incident_id", "title", "body", "people")
    SELECT "kind", "source_id", "part", "incident_id", "title", "body", "people" FROM "search_source"
     WHERE "incident_id" = NEW."id";
END;
CREATE TRIGGER "search_incident_ad" AFTER DELETE ON "Incident" BEGIN
    DELETE FROM "search_doc" WHERE "incident_id" = OLD."id";
END;

-- ------------------------------------------------------ timeline entries
CREATE TRIGGER "search_event_ai" AFTER INSERT ON "TimelineEvent" WHEN NEW."deletedAt" IS NULL BEGIN
    INSERT INTO "search_doc"("kind", "source_id", "part", "incident_id", "title", "body", "people")
    SELECT "kind", "source_id", "part", "incident_id", "title", "body", "people" FROM "search_source"
     WHERE "kind" = 'event' AND "source_id" = NEW."id";
END;
-- Edits, soft deletes and restores.
CREATE TRIGGER "search_event_au" AFTER UPDATE OF "body", "statusLabel", "deletedAt", "incidentId" ON "TimelineEvent"
WHEN NEW."body" IS NOT OLD."body" OR NEW."statusLabel" IS NOT OLD."statusLabel"
  OR NEW."deletedAt" IS NOT OLD."deletedAt" OR NEW."incidentId" IS NOT OLD."incidentId" BEGIN
    DELETE FROM "search_doc" WHERE "source_id" = OLD."id" AND "kind" = 'event';
    INSERT INTO "search_doc"("kind", "source_id", "part", "incident_id", "title", "body", "people")
    SELECT "kind", "source_id", "part", "incident_id", "title", "body", "people" FROM "search_source"
     WHERE "kind" = 'event' AND "source_id" = NEW."id";
END;
CREATE TRIGGER "search_event_ad" AFTER DELETE ON "TimelineEvent" BEGIN
    DELETE FROM "search_doc" WHERE "source_id" = OLD."id" AND "kind" = 'event';
END;

-- ------------------------------------------------------------ postmortems
CREATE TRIGGER "search_postmortem_ai" AFTER INSERT ON "Postmortem" BEGIN
    INSERT INTO "search_doc"("kind", "source_id", "part", "incident_id", "title", "body", "people")
    SELECT "kind", "source_id", "part", "incident_id", "title", "body", "people" FROM "search_source"
     WHERE "kind" = 'postmortem' AND "source_id" = NEW."id";
END;
CREATE TRIGGER "search_postmortem_au" AFTER UPDATE OF "summary", "impact", "rootCause", "trigger", "detection", "resolution",
    "wentWell", "wentWrong", "gotLucky", "closing", "extraSections", "incidentId" ON "Postmortem" BEGIN
    DELETE FROM "search_doc" WHERE "source_id" = OLD."id" AND "kind" = 'postmortem';
    INSERT INTO "search_doc"("kind", "source_id", "part", "incident_id", "title", "body", "people")
    SELECT "kind", "source_id", "part", "incident_id", "title", "body", "people" FROM "search_source"
     WHERE "kind" = 'postmortem' AND "source_id" = NEW."id";
END;
CREATE TRIGGER "search_postmortem_ad" AFTER DELETE ON "Postmortem" BEGIN
    DELETE FROM "search_doc" WHERE "source_id" = OLD."id" AND "kind" = 'postmortem';
END;

CREATE TRIGGER "search_impacted_service_ai" AFTER INSERT ON "ImpactedService" BEGIN
    INSERT INTO "search_doc"("kind", "source_id", "part", "incident_id", "title", "body", "people")
    SELECT "kind", "source_id", "part", "incident_id", "title", "body", "people" FROM "search_source"
     WHERE "kind" = 'postmortem' AND "source_id" = NEW."id";
END;
CREATE TRIGGER "search_impacted_service_au" AFTER UPDATE OF "service", "impact", "postmortemId" ON "ImpactedService" BEGIN
    DELETE FROM "search_doc" WHERE "source_id" = OLD."id" AND "kind" = 'postmortem';
    INSERT INTO "search_doc"("kind", "source_id", "part", "incident_id", "title", "body", "people")
    SELECT "kind", "source_id", "part", "incident_id", "title", "body", "people" FROM "search_source"
     WHERE "kind" = 'postmortem' AND "source_id" = NEW."id";
END;
CREATE TRIGGER "search_impacted_service_ad" AFTER DELETE ON "ImpactedService" BEGIN
    DELETE FROM "search_doc" WHERE "source_id" = OLD."id" AND "kind" = 'postmortem';
END;

CREATE TRIGGER "search_contributing_factor_ai" AFTER INSERT ON "ContributingFactor" BEGIN
    INSERT INTO "search_doc"("kind", "source_id", "part", "incident_id", "title", "body", "people")
    SELECT "kind", "source_id", "part", "incident_id", "title", "body", "people" FROM "search_source"
     WHERE "kind" = 'postmortem' AND "source_id" = NEW."id";
END;
CREATE TRIGGER "search_contributing_factor_au" AFTER UPDATE OF "title", "description", "postmortemId" ON "ContributingFactor" BEGIN
    DELETE FROM "search_doc" WHERE "source_id" = OLD."id" AND "kind" = 'postmortem';
    INSERT INTO "search_doc"("kind", "source_id", "part", "incident_id", "title", "body", "people")
    SELECT "kind", "source_id", "part", "incident_id", "title", "body", "people" FROM "search_source"
     WHERE "kind" = 'postmortem' AND "source_id" = NEW."id";
END;
CREATE TRIGGER "search_contributing_factor_ad" AFTER DELETE ON "ContributingFactor" BEGIN
    DELETE FROM "search_doc" WHERE "source_id" = OLD."id" AND "kind" = 'postmortem';
END;

-- ----------------------------------------------------------- action items
CREATE TRIGGER "search_action_item_ai" AFTER INSERT ON "ActionItem" BEGIN
    INSERT INTO "search_doc"("kind", "source_id", "part", "incident_id", "title", "body", "people")
    SELECT "kind", "source_id", "part", "incident_id", "title", "body", "people" FROM "search_source"
     WHERE "kind" = 'action_item' AND "source_id" = NEW."id";
END;
CREATE TRIGGER "search_action_item_au" AFTER UPDATE OF "title", "description", "owner", "incidentId" ON "ActionItem"
WHEN NEW."title" IS NOT OLD."title" OR NEW."description" IS NOT OLD."description"
  OR NEW."owner" IS NOT OLD."owner" OR NEW."incidentId" IS NOT OLD."incidentId" BEGIN
    DELETE FROM "search_doc" WHERE "source_id" = OLD."id" AND "kind" = 'action_item';
    INSERT INTO "search_doc"("kind", "source_id", "part", "incident_id", "title", "body", "people")
    SELECT "kind", "source_id", "part", "incident_id", "title", "body", "people" FROM "search_source"
     WHERE "kind" = 'action_item' AND "source_id" = NEW."id";
END;
CREATE TRIGGER "search_action_item_ad" AFTER DELETE ON "ActionItem" BEGIN
    DELETE FROM "search_doc" WHERE "source_id" = OLD."id" AND "kind" = 'action_item';
END;

-- Index what is already there.
INSERT INTO "search_doc"("kind", "source_id", "part", "incident_id", "title", "body", "people")
SELECT "kind", "source_id", "part", "incident_id", "title", "body", "people" FROM "search_source";
