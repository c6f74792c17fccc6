-- reconcile schema, version 3: tell every server process when the data changed.
--
-- Each server process caches the JSON it served for GET requests (reconcile/api/readcache.py) and
-- must drop it as soon as anything it was built from changes, whoever changed it: another
-- server process, `reconcile ingest`, a script writing SQL. A statement trigger on every table a
-- response is built from sends one notification per writing transaction (PostgreSQL folds
-- identical notifications of one transaction into one, delivered at commit); the listener is
-- reconcile/store/changes.py.

CREATE FUNCTION reconcile_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('reconcile_changes', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER articles_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON articles
    FOR EACH STATEMENT EXECUTE FUNCTION reconcile_notify_change();
CREATE TRIGGER clusters_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON clusters
    FOR EACH STATEMENT EXECUTE FUNCTION reconcile_notify_change();
CREATE TRIGGER claims_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON claims
    FOR EACH STATEMENT EXECUTE FUNCTION reconcile_notify_change();
CREATE TRIGGER conflicts_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON conflicts
    FOR EACH STATEMENT EXECUTE FUNCTION reconcile_notify_change();
CREATE TRIGGER conflict_events_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON conflict_events FOR EACH STATEMENT EXECUTE FUNCTION reconcile_notify_change();
