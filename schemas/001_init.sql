-- reconcile schema, version 1: articles, claims with embeddings, clusters, conflicts, audit.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE articles (
    id           bigserial PRIMARY KEY,
    story        text        NOT NULL,
    outlet       text        NOT NULL,
    title        text,
    url          text,
    published_at timestamptz,
    text         text        NOT NULL,
    content_hash text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
-- The same article posted twice is stored once: same url, or same outlet and text, per story.
CREATE UNIQUE INDEX articles_story_url ON articles (story, url) WHERE url IS NOT NULL;
CREATE UNIQUE INDEX articles_story_outlet_hash ON articles (story, outlet, content_hash);
CREATE INDEX articles_story ON articles (story, id);

CREATE TABLE clusters (
    id         bigserial PRIMARY KEY,
    story      text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX clusters_story ON clusters (story, id);

CREATE TABLE claims (
    id           bigserial PRIMARY KEY,
    article_id   bigint      NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    cluster_id   bigint      NOT NULL REFERENCES clusters (id),
    story        text        NOT NULL,
    outlet       text        NOT NULL,
    position     int         NOT NULL,
    text         text        NOT NULL,
    start_char   int         NOT NULL,
    end_char     int         NOT NULL,
    "values"     jsonb       NOT NULL DEFAULT '[]',
    source       jsonb,
    citations    jsonb       NOT NULL DEFAULT '[]',
    time_span    jsonb,
    quote        text,
    embedding    vector(384) NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX claims_cluster ON claims (cluster_id, id);
CREATE INDEX claims_article ON claims (article_id, position);
CREATE INDEX claims_story ON claims (story, id);
-- Approximate nearest neighbours across all stories (similar-claim search). Assignment within a
-- story scans that story's claims exactly (see queries.sql: nearest_claims).
CREATE INDEX claims_embedding_hnsw ON claims USING hnsw (embedding vector_cosine_ops);

CREATE TABLE conflicts (
    id          bigserial PRIMARY KEY,
    story       text        NOT NULL,
    cluster_id  bigint      NOT NULL REFERENCES clusters (id),
    key         text        NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('numeric', 'attribution')),
    status      text        NOT NULL DEFAULT 'open'
                            CHECK (status IN ('open', 'confirmed', 'dismissed', 'resolved')),
    active      boolean     NOT NULL DEFAULT true,
    severity    real        NOT NULL,
    explanation text        NOT NULL,
    measure     text,
    positions   jsonb       NOT NULL,
    claim_ids   bigint[]    NOT NULL,
    note        text,
    assignee    text,
    accepted_value double precision,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (cluster_id, key)
);
CREATE INDEX conflicts_queue ON conflicts (status, severity DESC, id);
CREATE INDEX conflicts_story ON conflicts (story, id);

-- Every review action: who, when, what before and after.
CREATE TABLE conflict_events (
    id          bigserial PRIMARY KEY,
    conflict_id bigint      NOT NULL REFERENCES conflicts (id) ON DELETE CASCADE,
    actor       text        NOT NULL,
    action      text        NOT NULL,
    before      jsonb       NOT NULL,
    after       jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conflict_events_conflict ON conflict_events (conflict_id, id);
