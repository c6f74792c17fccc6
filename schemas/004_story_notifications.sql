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

-- changed_rows: the rows a statement inserted or deleted, or an UPDATE's rows as they are now;
-- old_rows: an UPDATE's rows as they were (a row can move to another story: both are touched).
CREATE FUNCTION reconcile_notify_stories() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    stories text;
BEGIN
    IF TG_TABLE_NAME = 'conflict_events' AND TG_OP = 'UPDATE' THEN
        SELECT json_agg(DISTINCT c.story)::text INTO stories
          FROM (SELECT conflict_id FROM old_rows UNION SELECT conflict_id FROM changed_rows) e
          JOIN conflicts c ON c.id = e.conflict_id;
    ELSIF TG_TABLE_NAME = 'conflict_events' THEN
        -- Events deleted with their conflict find no conflict here; the conflict's own
        -- trigger names its story.
        SELECT json_agg(DISTINCT c.story)::text INTO stories
          FROM changed_rows e JOIN conflicts c ON c.id = e.conflict_id;
    ELSIF TG_OP = 'UPDATE' THEN
        SELECT json_agg(DISTINCT story)::text INTO stories
          FROM (SELECT story FROM old_rows UNION SELECT story FROM changed_rows) s;
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

-- PostgreSQL allows transition tables only on triggers of one event: three per table, and
-- TRUNCATE keeps 003's payload-less notification.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['articles', 'clusters', 'claims', 'conflicts', 'conflict_events']
    LOOP
        EXECUTE format('DROP TRIGGER %I ON %I', t || '_changed', t);
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS '
                       'changed_rows FOR EACH STATEMENT EXECUTE FUNCTION '
                       'reconcile_notify_stories()', t || '_inserted', t);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows '
                       'NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION '
                       'reconcile_notify_stories()', t || '_updated', t);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS '
                       'changed_rows FOR EACH STATEMENT EXECUTE FUNCTION '
                       'reconcile_notify_stories()', t || '_deleted', t);
        EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE '
                       'FUNCTION reconcile_notify_change()', t || '_truncated', t);
    END LOOP;
END
$$;
