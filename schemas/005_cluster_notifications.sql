-- reconcile schema, version 5: say which clusters a write touched, too.
--
-- With 004 a write made every cached page of its story stale: while articles arrive in a story,
-- each of its cluster pages is rebuilt after every one of them, though an article changes a few
-- of its clusters. A cluster's page (and a conflict's, which is read from its cluster) is built
-- from the cluster's row, its claims, its conflicts and their review events, plus the claims'
-- articles and the outlet weights. So a statement on clusters, claims, conflicts or
-- conflict_events now names the clusters its rows belong to as well, as a JSON object
-- {"stories": [...], "clusters": [...]}; the listener (reconcile/store/changes.py) then
-- invalidates those clusters' pages and the stories' other pages (lists, articles), and leaves
-- the story's other cluster pages alone. A new article names no cluster (its claims, inserted
-- next, name theirs); an article updated or deleted still sends a plain array of stories:
-- every page of those stories may show it. A payload naming more clusters
-- than fit falls back to naming the stories only, and then to an empty payload, as in 004.

CREATE OR REPLACE FUNCTION reconcile_notify_stories() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    stories text;
    clusters text;
    payload text;
BEGIN
    IF TG_TABLE_NAME = 'conflict_events' AND TG_OP = 'UPDATE' THEN
        SELECT json_agg(DISTINCT c.story)::text, json_agg(DISTINCT c.cluster_id)::text
          INTO stories, clusters
          FROM (SELECT conflict_id FROM old_rows UNION SELECT conflict_id FROM changed_rows) e
          JOIN conflicts c ON c.id = e.conflict_id;
    ELSIF TG_TABLE_NAME = 'conflict_events' THEN
        -- Events deleted with their conflict find no conflict here; the conflict's own
        -- trigger names its story and cluster.
        SELECT json_agg(DISTINCT c.story)::text, json_agg(DISTINCT c.cluster_id)::text
          INTO stories, clusters
          FROM changed_rows e JOIN conflicts c ON c.id = e.conflict_id;
    ELSIF TG_TABLE_NAME = 'articles' THEN
        IF TG_OP = 'UPDATE' THEN
            SELECT json_agg(DISTINCT story)::text INTO stories
              FROM (SELECT story FROM old_rows UNION SELECT story FROM changed_rows) s;
        ELSE
            SELECT json_agg(DISTINCT story)::text INTO stories FROM changed_rows;
        END IF;
        IF TG_OP = 'INSERT' THEN
            clusters := '[]';  -- a new article is on no cluster's page until its claims are
        END IF;
    ELSIF TG_TABLE_NAME = 'clusters' THEN
        IF TG_OP = 'UPDATE' THEN
            SELECT json_agg(DISTINCT story)::text, json_agg(DISTINCT id)::text
              INTO stories, clusters
              FROM (SELECT story, id FROM old_rows UNION SELECT story, id FROM changed_rows) s;
        ELSE
            SELECT json_agg(DISTINCT story)::text, json_agg(DISTINCT id)::text
              INTO stories, clusters FROM changed_rows;
        END IF;
    ELSE  -- claims, conflicts: rows of a cluster
        IF TG_OP = 'UPDATE' THEN
            SELECT json_agg(DISTINCT story)::text, json_agg(DISTINCT cluster_id)::text
              INTO stories, clusters
              FROM (SELECT story, cluster_id FROM old_rows
                    UNION SELECT story, cluster_id FROM changed_rows) s;
        ELSE
            SELECT json_agg(DISTINCT story)::text, json_agg(DISTINCT cluster_id)::text
              INTO stories, clusters FROM changed_rows;
        END IF;
    END IF;
    IF stories IS NULL THEN
        RETURN NULL;  -- no row changed
    END IF;
    payload := stories;
    IF clusters IS NOT NULL THEN
        payload := json_build_object('stories', stories::json, 'clusters', clusters::json)::text;
    END IF;
    IF octet_length(payload) > 7900 THEN
        payload := stories;  -- the stories alone: all their pages
    END IF;
    IF octet_length(payload) > 7900 THEN
        payload := '';
    END IF;
    PERFORM pg_notify('reconcile_changes', payload);
    RETURN NULL;
END
$$;
