-- The current schema: what migrations 001 to 014 build together, as pg_dump prints it.
-- Generated; do not edit. After adding a migration, regenerate it with one command:
--     .venv/bin/python -m reconcile.store.schema_dump
-- tests/integration/test_schema_file.py checks that the migrations build exactly this.

CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public;

COMMENT ON EXTENSION vector IS 'vector data type and ivfflat and hnsw access methods';

CREATE FUNCTION public.reconcile_notify_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM pg_notify('reconcile_changes', '');
    RETURN NULL;
END
$$;

CREATE FUNCTION public.reconcile_notify_stories() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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

CREATE TABLE public.article_leads (
    article_id bigint NOT NULL,
    embedding public.vector(384) NOT NULL,
    names text[] NOT NULL,
    figures text[] NOT NULL,
    at timestamp with time zone NOT NULL
);

CREATE TABLE public.articles (
    id bigint NOT NULL,
    story text NOT NULL,
    outlet text NOT NULL,
    title text,
    url text,
    published_at timestamp with time zone,
    text text NOT NULL,
    content_hash text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE SEQUENCE public.articles_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.articles_id_seq OWNED BY public.articles.id;

CREATE TABLE public.claims (
    id bigint NOT NULL,
    article_id bigint NOT NULL,
    cluster_id bigint NOT NULL,
    story text NOT NULL,
    outlet text NOT NULL,
    "position" integer NOT NULL,
    text text NOT NULL,
    start_char integer NOT NULL,
    end_char integer NOT NULL,
    "values" jsonb DEFAULT '[]'::jsonb NOT NULL,
    source jsonb,
    citations jsonb DEFAULT '[]'::jsonb NOT NULL,
    time_span jsonb,
    quote text,
    embedding public.vector(384) NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    seed boolean DEFAULT false NOT NULL,
    head boolean DEFAULT true NOT NULL
);
ALTER TABLE ONLY public.claims ALTER COLUMN embedding SET STORAGE PLAIN;

CREATE VIEW public.claim_rows AS
 SELECT c.id,
    c.article_id,
    c.cluster_id,
    c.story,
    c.outlet,
    c."position",
    c.text,
    c.start_char,
    c.end_char,
    c."values",
    c.source,
    c.citations,
    c.time_span,
    c.quote,
    a.published_at
   FROM (public.claims c
     JOIN public.articles a ON ((a.id = c.article_id)));

CREATE SEQUENCE public.claims_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.claims_id_seq OWNED BY public.claims.id;

CREATE TABLE public.clusters (
    id bigint NOT NULL,
    story text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE SEQUENCE public.clusters_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.clusters_id_seq OWNED BY public.clusters.id;

CREATE TABLE public.conflict_events (
    id bigint NOT NULL,
    conflict_id bigint NOT NULL,
    actor text NOT NULL,
    action text NOT NULL,
    before jsonb NOT NULL,
    after jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE SEQUENCE public.conflict_events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.conflict_events_id_seq OWNED BY public.conflict_events.id;

CREATE TABLE public.conflicts (
    id bigint NOT NULL,
    story text NOT NULL,
    cluster_id bigint NOT NULL,
    key text NOT NULL,
    kind text NOT NULL,
    status text DEFAULT 'open'::text NOT NULL,
    active boolean DEFAULT true NOT NULL,
    severity real NOT NULL,
    explanation text NOT NULL,
    measure text,
    positions jsonb NOT NULL,
    claim_ids bigint[] NOT NULL,
    note text,
    assignee text,
    accepted_value double precision,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    frame text,
    CONSTRAINT conflicts_kind_check CHECK ((kind = ANY (ARRAY['numeric'::text, 'attribution'::text]))),
    CONSTRAINT conflicts_status_check CHECK ((status = ANY (ARRAY['open'::text, 'confirmed'::text, 'dismissed'::text, 'resolved'::text])))
);

CREATE SEQUENCE public.conflicts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.conflicts_id_seq OWNED BY public.conflicts.id;

CREATE TABLE public.feed_items (
    feed_id bigint NOT NULL,
    key text NOT NULL,
    url text NOT NULL,
    status text NOT NULL,
    article_id bigint,
    attempts integer DEFAULT 1 NOT NULL,
    last_error text,
    retry_at timestamp with time zone,
    first_seen_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT feed_items_status_check CHECK ((status = ANY (ARRAY['ingested'::text, 'duplicate'::text, 'failed'::text])))
);

CREATE TABLE public.feeds (
    id bigint NOT NULL,
    url text NOT NULL,
    story text,
    outlet text,
    interval_s integer DEFAULT 900 NOT NULL,
    status text DEFAULT 'new'::text NOT NULL,
    etag text,
    last_modified text,
    next_poll_at timestamp with time zone DEFAULT now() NOT NULL,
    lease_until timestamp with time zone,
    last_polled_at timestamp with time zone,
    last_error text,
    failures integer DEFAULT 0 NOT NULL,
    items_seen integer DEFAULT 0 NOT NULL,
    articles_ingested integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT feeds_interval_s_check CHECK ((interval_s > 0)),
    CONSTRAINT feeds_status_check CHECK ((status = ANY (ARRAY['new'::text, 'ok'::text, 'unchanged'::text, 'failed'::text])))
);

CREATE SEQUENCE public.feeds_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.feeds_id_seq OWNED BY public.feeds.id;

CREATE TABLE public.figure_keys (
    claim_id bigint NOT NULL,
    story text NOT NULL,
    key text NOT NULL
);

CREATE TABLE public.reviewer_sessions (
    id_hash bytea NOT NULL,
    reviewer text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL
);

CREATE TABLE public.schema_migrations (
    version integer NOT NULL,
    name text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE SEQUENCE public.story_activity
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

CREATE TABLE public.stories (
    id text NOT NULL,
    title text,
    found boolean DEFAULT false NOT NULL,
    activity bigint DEFAULT nextval('public.story_activity'::regclass) NOT NULL,
    merged_into text,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.story_events (
    id bigint NOT NULL,
    story text NOT NULL,
    actor text NOT NULL,
    action text NOT NULL,
    before jsonb NOT NULL,
    after jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT story_events_action_check CHECK ((action = ANY (ARRAY['move'::text, 'merge'::text])))
);

CREATE SEQUENCE public.story_events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.story_events_id_seq OWNED BY public.story_events.id;

CREATE VIEW public.story_rows AS
 SELECT s.id,
    s.title,
    s.activity,
    s.merged_into,
    s.created_at,
    n.articles,
    n.outlets,
    n.first_seen,
    n.last_seen,
    ( SELECT count(*) AS count
           FROM public.conflicts f
          WHERE ((f.story = s.id) AND f.active AND (f.status = 'open'::text))) AS open_conflicts
   FROM (public.stories s
     CROSS JOIN LATERAL ( SELECT count(*) AS articles,
            count(DISTINCT a.outlet) AS outlets,
            min(COALESCE(a.published_at, a.created_at)) AS first_seen,
            max(COALESCE(a.published_at, a.created_at)) AS last_seen
           FROM public.articles a
          WHERE (a.story = s.id)) n);

ALTER TABLE ONLY public.articles ALTER COLUMN id SET DEFAULT nextval('public.articles_id_seq'::regclass);

ALTER TABLE ONLY public.claims ALTER COLUMN id SET DEFAULT nextval('public.claims_id_seq'::regclass);

ALTER TABLE ONLY public.clusters ALTER COLUMN id SET DEFAULT nextval('public.clusters_id_seq'::regclass);

ALTER TABLE ONLY public.conflict_events ALTER COLUMN id SET DEFAULT nextval('public.conflict_events_id_seq'::regclass);

ALTER TABLE ONLY public.conflicts ALTER COLUMN id SET DEFAULT nextval('public.conflicts_id_seq'::regclass);

ALTER TABLE ONLY public.feeds ALTER COLUMN id SET DEFAULT nextval('public.feeds_id_seq'::regclass);

ALTER TABLE ONLY public.story_events ALTER COLUMN id SET DEFAULT nextval('public.story_events_id_seq'::regclass);

ALTER TABLE ONLY public.article_leads
    ADD CONSTRAINT article_leads_pkey PRIMARY KEY (article_id);

ALTER TABLE ONLY public.articles
    ADD CONSTRAINT articles_id_story UNIQUE (id, story);

ALTER TABLE ONLY public.articles
    ADD CONSTRAINT articles_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.claims
    ADD CONSTRAINT claims_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.clusters
    ADD CONSTRAINT clusters_id_story UNIQUE (id, story);

ALTER TABLE ONLY public.clusters
    ADD CONSTRAINT clusters_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.conflict_events
    ADD CONSTRAINT conflict_events_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.conflicts
    ADD CONSTRAINT conflicts_cluster_id_key_key UNIQUE (cluster_id, key);

ALTER TABLE ONLY public.conflicts
    ADD CONSTRAINT conflicts_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.feed_items
    ADD CONSTRAINT feed_items_pkey PRIMARY KEY (feed_id, key);

ALTER TABLE ONLY public.feeds
    ADD CONSTRAINT feeds_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.feeds
    ADD CONSTRAINT feeds_url_key UNIQUE (url);

ALTER TABLE ONLY public.figure_keys
    ADD CONSTRAINT figure_keys_pkey PRIMARY KEY (story, key, claim_id);

ALTER TABLE ONLY public.reviewer_sessions
    ADD CONSTRAINT reviewer_sessions_pkey PRIMARY KEY (id_hash);

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);

ALTER TABLE ONLY public.stories
    ADD CONSTRAINT stories_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.story_events
    ADD CONSTRAINT story_events_pkey PRIMARY KEY (id);

CREATE INDEX article_leads_hnsw ON public.article_leads USING hnsw (embedding public.vector_cosine_ops);

CREATE INDEX articles_outlet ON public.articles USING btree (outlet, id);

CREATE INDEX articles_story ON public.articles USING btree (story, id);

CREATE UNIQUE INDEX articles_story_outlet_hash ON public.articles USING btree (story, outlet, content_hash);

CREATE UNIQUE INDEX articles_story_url ON public.articles USING btree (story, url) WHERE (url IS NOT NULL);

CREATE INDEX claims_article ON public.claims USING btree (article_id, "position");

CREATE INDEX claims_cluster ON public.claims USING btree (cluster_id, id);

CREATE INDEX claims_seed_hnsw ON public.claims USING hnsw (embedding public.vector_cosine_ops) WHERE seed;

CREATE INDEX claims_story ON public.claims USING btree (story, id);

CREATE INDEX claims_story_heads ON public.claims USING btree (story, id) WHERE head;

CREATE INDEX clusters_story ON public.clusters USING btree (story, id);

CREATE INDEX conflict_events_conflict ON public.conflict_events USING btree (conflict_id, id);

CREATE INDEX conflicts_active_severity ON public.conflicts USING btree (severity DESC, id) WHERE active;

CREATE INDEX conflicts_queue ON public.conflicts USING btree (status, severity DESC, id);

CREATE INDEX conflicts_story ON public.conflicts USING btree (story, id);

CREATE INDEX conflicts_story_key ON public.conflicts USING btree (story, key);

CREATE INDEX feeds_due ON public.feeds USING btree (next_poll_at);

CREATE INDEX figure_keys_claim ON public.figure_keys USING btree (claim_id);

CREATE INDEX reviewer_sessions_expires ON public.reviewer_sessions USING btree (expires_at);

CREATE UNIQUE INDEX stories_activity ON public.stories USING btree (activity);

CREATE INDEX story_events_story ON public.story_events USING btree (story, id);

CREATE TRIGGER articles_deleted AFTER DELETE ON public.articles REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION public.reconcile_notify_stories();

CREATE TRIGGER articles_inserted AFTER INSERT ON public.articles REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION public.reconcile_notify_stories();

CREATE TRIGGER articles_truncated AFTER TRUNCATE ON public.articles FOR EACH STATEMENT EXECUTE FUNCTION public.reconcile_notify_change();

CREATE TRIGGER articles_updated AFTER UPDATE ON public.articles REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION public.reconcile_notify_stories();

CREATE TRIGGER claims_deleted AFTER DELETE ON public.claims REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION public.reconcile_notify_stories();

CREATE TRIGGER claims_inserted AFTER INSERT ON public.claims REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION public.reconcile_notify_stories();

CREATE TRIGGER claims_truncated AFTER TRUNCATE ON public.claims FOR EACH STATEMENT EXECUTE FUNCTION public.reconcile_notify_change();

CREATE TRIGGER claims_updated AFTER UPDATE ON public.claims REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION public.reconcile_notify_stories();

CREATE TRIGGER clusters_deleted AFTER DELETE ON public.clusters REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION public.reconcile_notify_stories();

CREATE TRIGGER clusters_inserted AFTER INSERT ON public.clusters REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION public.reconcile_notify_stories();

CREATE TRIGGER clusters_truncated AFTER TRUNCATE ON public.clusters FOR EACH STATEMENT EXECUTE FUNCTION public.reconcile_notify_change();

CREATE TRIGGER clusters_updated AFTER UPDATE ON public.clusters REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION public.reconcile_notify_stories();

CREATE TRIGGER conflict_events_deleted AFTER DELETE ON public.conflict_events REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION public.reconcile_notify_stories();

CREATE TRIGGER conflict_events_inserted AFTER INSERT ON public.conflict_events REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION public.reconcile_notify_stories();

CREATE TRIGGER conflict_events_truncated AFTER TRUNCATE ON public.conflict_events FOR EACH STATEMENT EXECUTE FUNCTION public.reconcile_notify_change();

CREATE TRIGGER conflict_events_updated AFTER UPDATE ON public.conflict_events REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION public.reconcile_notify_stories();

CREATE TRIGGER conflicts_deleted AFTER DELETE ON public.conflicts REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION public.reconcile_notify_stories();

CREATE TRIGGER conflicts_inserted AFTER INSERT ON public.conflicts REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION public.reconcile_notify_stories();

CREATE TRIGGER conflicts_truncated AFTER TRUNCATE ON public.conflicts FOR EACH STATEMENT EXECUTE FUNCTION public.reconcile_notify_change();

CREATE TRIGGER conflicts_updated AFTER UPDATE ON public.conflicts REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION public.reconcile_notify_stories();

ALTER TABLE ONLY public.article_leads
    ADD CONSTRAINT article_leads_article_id_fkey FOREIGN KEY (article_id) REFERENCES public.articles(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.claims
    ADD CONSTRAINT claims_article_story FOREIGN KEY (article_id, story) REFERENCES public.articles(id, story) ON DELETE CASCADE DEFERRABLE;

ALTER TABLE ONLY public.claims
    ADD CONSTRAINT claims_cluster_story FOREIGN KEY (cluster_id, story) REFERENCES public.clusters(id, story) DEFERRABLE;

ALTER TABLE ONLY public.conflict_events
    ADD CONSTRAINT conflict_events_conflict_id_fkey FOREIGN KEY (conflict_id) REFERENCES public.conflicts(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.conflicts
    ADD CONSTRAINT conflicts_cluster_story FOREIGN KEY (cluster_id, story) REFERENCES public.clusters(id, story) DEFERRABLE;

ALTER TABLE ONLY public.feed_items
    ADD CONSTRAINT feed_items_article_id_fkey FOREIGN KEY (article_id) REFERENCES public.articles(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.feed_items
    ADD CONSTRAINT feed_items_feed_id_fkey FOREIGN KEY (feed_id) REFERENCES public.feeds(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.figure_keys
    ADD CONSTRAINT figure_keys_claim_id_fkey FOREIGN KEY (claim_id) REFERENCES public.claims(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.stories
    ADD CONSTRAINT stories_merged_into_fkey FOREIGN KEY (merged_into) REFERENCES public.stories(id);
