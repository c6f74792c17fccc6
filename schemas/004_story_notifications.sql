-- reconcile schema, version 4: say which stories a write touched.
--
-- With 003 every write made every cached answer stale, so while articles keep arriving every
-- cluster page is rebuilt after each one, whatever its story. A cluster, an article or a
-- conflict is read from its own story only (plus the outlet weights, which the server
-- process itself announces when it learns new ones), so the notification now carries the
-- stories the statement's rows belong to, as a JSON array; the listener
-- (reconcile/store/changes.py) then invalidates those stories' answers and the lists. An empty
-- payload still means "anything may have changed" (TRUNCATE, or more stories than fit in a
-- notification: PostgreSQL refuses payloads of 8000 bytes or more). A statement that changed
-- no row sends nothing.
--
-- A page is scoped by its parent row's story (a cluster's, an article's) but built from its
-- child rows (claims, conflicts): that is only right while they agree, so the schema now says
-- so. Every claim is in the story of its article and of its cluster, every conflict in the
-- story of its cluster (the service never writes otherwise); moving rows between stories
-- takes one transaction that moves them all, with SET CONSTRAINTS ALL DEFERRED.

ALTER TABLE articles ADD CONSTRAINT articles_id_story UNIQUE (id, story);
ALTER TABLE clusters ADD CONSTRAINT clusters_id_story UNIQUE (id, story);
ALTER TABLE claims DROP CONSTRAINT claims_article_id_fkey,
    ADD CONSTRAINT claims_article_story FOREIGN KEY (article_id, story)
        REFERENCES articles (id, story) ON DELETE CASCADE DEFERRABLE;
ALTER TABLE claims DROP CONSTRAINT claims_cluster_id_fkey,
    ADD CONSTRAINT claims_cluster_story FOREIGN KEY (cluster_id, story)
        REFERENCES clusters (id, story) DEFERRABLE;
ALTER TABLE conflicts DROP CONSTRAINT conflicts_cluster_id_fkey,
    ADD CONSTRAINT conflicts_cluster_story FOREIGN KEY (cluster_id, story)
        REFERENCES clusters (id, story) DEFERRABLE;

CREATE FUNCTION reconcile_notify_stories() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    stories text;
BEGIN
    IF TG_TABLE_NAME = 'conflict_events' THEN
        -- Events deleted with their conflict find no conflict here; the conflict's own
        -- trigger names its story.
        SELECT json_agg(DISTINCT c.story)::text INTO stories
          FROM changed_rows e JOIN conflicts c ON c.id = e.conflict_id;
    ELSE
        SELECT json_agg(DISTINCT story)::text INTO stories FROM changed_rows;
    END IF;
    IF stories IS NULL THEN
        RETURN NULL;  -- no row changed
    END IF;
    IF octet_length(stories) > 7900 THEN
        stories := '';
    END IF;
    PERFORM pg_notify('reconcile_changes', stories);
    RETURN NULL;
END
$$;

-- An UPDATE can move a row to another story: both are touched.
CREATE FUNCTION reconcile_notify_stories_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    stories text;
BEGIN
    IF TG_TABLE_NAME = 'conflict_events' THEN
        SELECT json_agg(DISTINCT c.story)::text INTO stories
          FROM (SELECT conflict_id FROM old_rows UNION SELECT conflict_id FROM changed_rows) e
          JOIN conflicts c ON c.id = e.conflict_id;
    ELSE
        SELECT json_agg(DISTINCT story)::text INTO stories
          FROM (SELECT story FROM old_rows UNION SELECT story FROM changed_rows) s;
    END IF;
    IF stories IS NULL THEN
        RETURN NULL;
    END IF;
    IF octet_length(stories) > 7900 THEN
        stories := '';
    END IF;
    PERFORM pg_notify('reconcile_changes', stories);
    RETURN NULL;
END
$$;

DROP TRIGGER articles_changed ON articles;
DROP TRIGGER clusters_changed ON clusters;
DROP TRIGGER claims_changed ON claims;
DROP TRIGGER conflicts_changed ON conflicts;
DROP TRIGGER conflict_events_changed ON conflict_events;

-- PostgreSQL allows transition tables only on triggers of one event: three per table, and
-- TRUNCATE keeps 003's payload-less notification.
CREATE TRIGGER articles_inserted AFTER INSERT ON articles REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reconcile_notify_stories();
CREATE TRIGGER articles_updated AFTER UPDATE ON articles
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reconcile_notify_stories_updated();
CREATE TRIGGER articles_deleted AFTER DELETE ON articles REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reconcile_notify_stories();
CREATE TRIGGER articles_truncated AFTER TRUNCATE ON articles
    FOR EACH STATEMENT EXECUTE FUNCTION reconcile_notify_change();

CREATE TRIGGER clusters_inserted AFTER INSERT ON clusters REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reconcile_notify_stories();
CREATE TRIGGER clusters_updated AFTER UPDATE ON clusters
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reconcile_notify_stories_updated();
CREATE TRIGGER clusters_deleted AFTER DELETE ON clusters REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reconcile_notify_stories();
CREATE TRIGGER clusters_truncated AFTER TRUNCATE ON clusters
    FOR EACH STATEMENT EXECUTE FUNCTION reconcile_notify_change();

CREATE TRIGGER claims_inserted AFTER INSERT ON claims REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reconcile_notify_stories();
CREATE TRIGGER claims_updated AFTER UPDATE ON claims
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reconcile_notify_stories_updated();
CREATE TRIGGER claims_deleted AFTER DELETE ON claims REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reconcile_notify_stories();
CREATE TRIGGER claims_truncated AFTER TRUNCATE ON claims
    FOR EACH STATEMENT EXECUTE FUNCTION reconcile_notify_change();

CREATE TRIGGER conflicts_inserted AFTER INSERT ON conflicts REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reconcile_notify_stories();
CREATE TRIGGER conflicts_updated AFTER UPDATE ON conflicts
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reconcile_notify_stories_updated();
CREATE TRIGGER conflicts_deleted AFTER DELETE ON conflicts REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reconcile_notify_stories();
CREATE TRIGGER conflicts_truncated AFTER TRUNCATE ON conflicts
    FOR EACH STATEMENT EXECUTE FUNCTION reconcile_notify_change();

CREATE TRIGGER conflict_events_inserted AFTER INSERT ON conflict_events
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reconcile_notify_stories();
CREATE TRIGGER conflict_events_updated AFTER UPDATE ON conflict_events
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reconcile_notify_stories_updated();
CREATE TRIGGER conflict_events_deleted AFTER DELETE ON conflict_events
    REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reconcile_notify_stories();
CREATE TRIGGER conflict_events_truncated AFTER TRUNCATE ON conflict_events
    FOR EACH STATEMENT EXECUTE FUNCTION reconcile_notify_change();
