-- Timeline entries are the one record written in bursts (an alert bot, a
-- busy incident, the group commit), and their search trigger went through
-- search_reindex: a SQL function over the search_source view, planned again
-- for every row (PostgreSQL caches no plan for it), about a millisecond of
-- the server's CPU per entry and most of the ingest's cost. This trigger
-- writes the entry's one document directly, with the same rules as the view
-- (live entry of a live incident; statusLabel as title, body as body), in
-- PL/pgSQL, whose statements keep their plans.
CREATE FUNCTION search_event_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A new id has no document yet: only a change or a removal drops the old one.
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM "search_doc" WHERE "source_id" = OLD."id" AND "kind" = 'event';
    END IF;
    IF TG_OP <> 'DELETE' AND NEW."deletedAt" IS NULL
       AND EXISTS (SELECT 1 FROM "Incident" i WHERE i."id" = NEW."incidentId" AND i."deletedAt" IS NULL) THEN
        INSERT INTO "search_doc"("kind", "source_id", "part", "incident_id", "title", "body", "people")
        VALUES ('event', NEW."id", '', NEW."incidentId", search_clean(NEW."statusLabel"), search_clean(NEW."body"), '');
    END IF;
    RETURN NULL;
END
$$;

DROP TRIGGER "search_event" ON "TimelineEvent";
CREATE TRIGGER "search_event" AFTER INSERT OR DELETE OR UPDATE OF "body", "statusLabel", "deletedAt", "incidentId" ON "TimelineEvent"
    FOR EACH ROW EXECUTE FUNCTION search_event_changed();
