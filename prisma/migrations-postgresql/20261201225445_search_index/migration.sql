-- Full-text search (lib/search/postgres.ts): the PostgreSQL twin of
-- prisma/migrations/20261201225445_search_index (SQLite FTS5). Same
-- documents, same rules: a view says what text each live record
-- contributes, search_doc holds it with a stored tsvector under a GIN
-- index, and triggers on the source tables keep it in step with every
-- write. Prisma's schema cannot describe these; scripts/search-tables.mjs
-- tells the schema engine to leave search_doc alone.
--
-- Private-use characters U+E000/U+E001 are removed from the indexed copy:
-- they mark matches in snippets, so stored text can never fake a highlight.
--
-- Words are read as SQLite's tokenizer reads them (porter unicode61
-- remove_diacritics): English stems, accents and case folded, and no stop
-- words ("the" is a word like any other) — the 'debrief_search'
-- configuration below — and punctuation always separates words
-- (search_words): PostgreSQL's parser would otherwise keep
-- "db-01.example.com", "v2.3.1", "user@example.com" or "deploy-4411" as
-- single host, version, email or compound tokens that a search for
-- "example" or "deploy 4411" never finds. unaccent is a trusted extension (PostgreSQL 13+):
-- the database owner may create it.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH DICTIONARY debrief_search_stem (TEMPLATE = snowball, Language = english);
CREATE TEXT SEARCH CONFIGURATION debrief_search (COPY = english);
ALTER TEXT SEARCH CONFIGURATION debrief_search
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, debrief_search_stem;

-- Stored JSON is outside data: NULL instead of an error for what does not parse.
CREATE FUNCTION search_try_jsonb(t text) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN t::jsonb;
EXCEPTION WHEN others THEN
    RETURN NULL;
END
$$;

CREATE FUNCTION search_clean(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT replace(replace(COALESCE(t, ''), chr(57344), ''), chr(57345), '')
$$;

-- Every ASCII punctuation character as a space: one character for one, so
-- positions in the result are positions in the text (search_headline
-- relies on it). Letters, digits and everything outside ASCII stay.
CREATE FUNCTION search_words(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT translate(t, '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~', '                                ')
$$;

CREATE TABLE "search_doc" (
    "id" BIGSERIAL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "source_id" TEXT NOT NULL,
    "part" TEXT NOT NULL,
    "incident_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "people" TEXT NOT NULL,
    -- Weights: title A, names B, body D (ts_rank: 1.0, 0.4, 0.1).
    "tsv" tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('debrief_search'::regconfig, search_words("title")), 'A') ||
        setweight(to_tsvector('debrief_search'::regconfig, search_words("people")), 'B') ||
        setweight(to_tsvector('debrief_search'::regconfig, search_words("body")), 'D')
    ) STORED
);
CREATE INDEX "search_doc_source_id_idx" ON "search_doc"("source_id");
CREATE INDEX "search_doc_incident_id_idx" ON "search_doc"("incident_id");
CREATE INDEX "search_doc_tsv_idx" ON "search_doc" USING GIN ("tsv");

CREATE VIEW "search_source" AS
SELECT 'incident' AS "kind", i."id" AS "source_id", '' AS "part", i."id" AS "incident_id",
       search_clean(i."title") AS "title", search_clean(i."summary") AS "body", '' AS "people"
  FROM "Incident" i
 WHERE i."deletedAt" IS NULL
UNION ALL
SELECT 'event', e."id", '', e."incidentId", search_clean(e."statusLabel"), search_clean(e."body"), ''
  FROM "TimelineEvent" e JOIN "Incident" i ON i."id" = e."incidentId"
 WHERE e."deletedAt" IS NULL AND i."deletedAt" IS NULL
UNION ALL
SELECT 'postmortem', p."id", k."part", p."incidentId", '', search_clean(k."body"), ''
  FROM "Postmortem" p
  JOIN "Incident" i ON i."id" = p."incidentId"
 CROSS JOIN LATERAL (VALUES ('summary', p."summary"), ('impact', p."impact"), ('rootCause', p."rootCause"),
                            ('trigger', p."trigger"), ('detection', p."detection"), ('resolution', p."resolution"),
                            ('wentWell', p."wentWell"), ('wentWrong', p."wentWrong"), ('gotLucky', p."gotLucky"),
                            ('closing', p."closing")) AS k("part", "body")
 WHERE i."deletedAt" IS NULL AND k."body" <> ''
UNION ALL
-- Extra sections: a JSON array of { title, body }; anything else in it is skipped.
SELECT 'postmortem', p."id", 'extra:' || (x."ord" - 1), p."incidentId",
       search_clean(x."value" ->> 'title'), search_clean(x."value" ->> 'body'), ''
  FROM "Postmortem" p
  JOIN "Incident" i ON i."id" = p."incidentId"
 CROSS JOIN LATERAL jsonb_array_elements(
        CASE WHEN jsonb_typeof(search_try_jsonb(p."extraSections")) = 'array'
             THEN search_try_jsonb(p."extraSections") ELSE '[]'::jsonb END) WITH ORDINALITY AS x("value", "ord")
 WHERE i."deletedAt" IS NULL AND jsonb_typeof(x."value") = 'object'
UNION ALL
SELECT 'postmortem', s."id", 'impacted_service', p."incidentId", search_clean(s."service"), search_clean(s."impact"), ''
  FROM "ImpactedService" s
  JOIN "Postmortem" p ON p."id" = s."postmortemId"
  JOIN "Incident" i ON i."id" = p."incidentId"
 WHERE i."deletedAt" IS NULL
UNION ALL
SELECT 'postmortem', f."id", 'contributing_factor', p."incidentId", search_clean(f."title"), search_clean(f."description"), ''
  FROM "ContributingFactor" f
  JOIN "Postmortem" p ON p."id" = f."postmortemId"
  JOIN "Incident" i ON i."id" = p."incidentId"
 WHERE i."deletedAt" IS NULL
UNION ALL
SELECT 'action_item', a."id", '', a."incidentId", search_clean(a."title"), search_clean(a."description"), search_clean(a."owner")
  FROM "ActionItem" a JOIN "Incident" i ON i."id" = a."incidentId"
 WHERE i."deletedAt" IS NULL;

-- The documents of one record, rebuilt from the view.
CREATE FUNCTION search_reindex(p_kind text, p_source_id text) RETURNS void LANGUAGE sql AS $$
    DELETE FROM "search_doc" WHERE "source_id" = p_source_id AND "kind" = p_kind;
    INSERT INTO "search_doc"("kind", "source_id", "part", "incident_id", "title", "body", "people")
    SELECT "kind", "source_id", "part", "incident_id", "title", "body", "people" FROM "search_source"
     WHERE "kind" = p_kind AND "source_id" = p_source_id;
$$;

-- Timeline entries, postmortems, impacted services, contributing factors, action items.
CREATE FUNCTION search_row_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM "search_doc" WHERE "source_id" = OLD."id" AND "kind" = TG_ARGV[0];
    ELSE
        PERFORM search_reindex(TG_ARGV[0], NEW."id");
    END IF;
    RETURN NULL;
END
$$;

-- Incidents: deleting one takes everything of it out of the index; undeleting puts it back.
CREATE FUNCTION search_incident_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM "search_doc" WHERE "incident_id" = OLD."id";
    ELSIF TG_OP = 'UPDATE' AND NEW."deletedAt" IS NOT NULL AND OLD."deletedAt" IS NULL THEN
        DELETE FROM "search_doc" WHERE "incident_id" = OLD."id";
    ELSIF TG_OP = 'UPDATE' AND NEW."deletedAt" IS NULL AND OLD."deletedAt" IS NOT NULL THEN
        DELETE FROM "search_doc" WHERE "incident_id" = NEW."id";
        INSERT INTO "search_doc"("kind", "source_id", "part", "incident_id", "title", "body", "people")
        SELECT "kind", "source_id", "part", "incident_id", "title", "body", "people" FROM "search_source"
         WHERE "incident_id" = NEW."id";
    ELSIF TG_OP = 'INSERT' OR NEW."title" IS DISTINCT FROM OLD."title" OR NEW."summary" IS DISTINCT FROM OLD."summary" THEN
        PERFORM search_reindex('incident', NEW."id");
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER "search_incident" AFTER INSERT OR DELETE OR UPDATE OF "title", "summary", "deletedAt" ON "Incident"
    FOR EACH ROW EXECUTE FUNCTION search_incident_changed();
CREATE TRIGGER "search_event" AFTER INSERT OR DELETE OR UPDATE OF "body", "statusLabel", "deletedAt", "incidentId" ON "TimelineEvent"
    FOR EACH ROW EXECUTE FUNCTION search_row_changed('event');
CREATE TRIGGER "search_postmortem" AFTER INSERT OR DELETE OR UPDATE OF "summary", "impact", "rootCause", "trigger", "detection",
    "resolution", "wentWell", "wentWrong", "gotLucky", "closing", "extraSections", "incidentId" ON "Postmortem"
    FOR EACH ROW EXECUTE FUNCTION search_row_changed('postmortem');
CREATE TRIGGER "search_impacted_service" AFTER INSERT OR DELETE OR UPDATE OF "service", "impact", "postmortemId" ON "ImpactedService"
    FOR EACH ROW EXECUTE FUNCTION search_row_changed('postmortem');
CREATE TRIGGER "search_contributing_factor" AFTER INSERT OR DELETE OR UPDATE OF "title", "description", "postmortemId" ON "ContributingFactor"
    FOR EACH ROW EXECUTE FUNCTION search_row_changed('postmortem');
CREATE TRIGGER "search_action_item" AFTER INSERT OR DELETE OR UPDATE OF "title", "description", "owner", "incidentId" ON "ActionItem"
    FOR EACH ROW EXECUTE FUNCTION search_row_changed('action_item');

-- Snippets: ts_headline over the words as indexed (search_words), shown
-- with the text's own characters again — the excerpt is a verbatim piece of
-- the translated text, so the same positions of the original hold it — and
-- "…" where it cut text off (ts_headline does not say so itself).
CREATE FUNCTION search_headline(doc text, query tsquery, options text) RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE
    words text := search_words(doc);
    marked text;
    plain text;
    at integer;
    excerpt text;
    result text := '';
    used integer := 0;
    piece text;
    first boolean := true;
BEGIN
    IF doc = '' THEN
        RETURN '';
    END IF;
    marked := ts_headline('debrief_search'::regconfig, words, query, options);
    plain := replace(replace(marked, chr(57344), ''), chr(57345), '');
    at := strpos(words, plain);
    IF at = 0 OR plain = '' THEN
        -- Not a piece of the text after all: the excerpt as the index reads it.
        RETURN marked;
    END IF;
    excerpt := substr(doc, at, length(plain));
    -- The marked excerpt is plain pieces between the markers: each takes
    -- as many characters of the original, in order.
    FOREACH piece IN ARRAY regexp_split_to_array(marked, '[' || chr(57344) || chr(57345) || ']') LOOP
        IF NOT first THEN
            result := result || substr(marked, length(result) + 1, 1);
        END IF;
        first := false;
        result := result || substr(excerpt, used + 1, length(piece));
        used := used + length(piece);
    END LOOP;
    RETURN (CASE WHEN at = 1 THEN '' ELSE '…' END) || result ||
           (CASE WHEN at + length(plain) > length(doc) THEN '' ELSE '…' END);
END
$$;

-- Index what is already there.
INSERT INTO "search_doc"("kind", "source_id", "part", "incident_id", "title", "body", "people")
SELECT "kind", "source_id", "part", "incident_id", "title", "body", "people" FROM "search_source";
