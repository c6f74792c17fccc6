-- reconcile schema, version 11: stories the service finds, and a row for every story.
--
-- Until now a story was only a name written on articles, clusters, claims and conflicts, and an
-- article posted without one went to "default". Now the service places such an article itself
-- (reconcile/stories.py decides, reconcile/ingest.py applies): it joins the story of the stored
-- articles whose leads (title and opening, embedded) are nearest to its own, when their names,
-- figures and times agree, or starts a new story. What that reads of each article is in
-- article_leads, found through an HNSW index, so placing an article costs the same with 1,000
-- stories as with 100,000.
--
-- stories has a row per story, named by a client or found: its readable id, its title (the
-- first headline), `activity` (a number from story_activity taken at each article, so the
-- newest activity sorts first and pages by one unique number), and `merged_into` once a
-- reviewer merged it into another. Articles keep naming their story by id (no foreign key:
-- tools and tests write articles directly, and a story row is made by ingest as it goes).

CREATE SEQUENCE story_activity;

CREATE TABLE stories (
    id          text        PRIMARY KEY,
    title       text,
    found       boolean     NOT NULL DEFAULT false,
    activity    bigint      NOT NULL DEFAULT nextval('story_activity'),
    merged_into text        REFERENCES stories (id),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX stories_activity ON stories (activity);

-- The stories stored before, oldest activity first, each titled by its first headline.
INSERT INTO stories (id, title)
SELECT story, (array_agg(title ORDER BY id) FILTER (WHERE title IS NOT NULL))[1]
FROM articles GROUP BY story ORDER BY max(id);

-- What identifies the event an article reports, for placing the next ones: its lead's vector,
-- the names and figures of its lead, and its time (published, else stored). Articles stored
-- before have none: nothing new joins their stories without a client naming them.
CREATE TABLE article_leads (
    article_id bigint      PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    embedding  vector(384) NOT NULL,
    names      text[]      NOT NULL,
    figures    text[]      NOT NULL,
    at         timestamptz NOT NULL
);
CREATE INDEX article_leads_hnsw ON article_leads USING hnsw (embedding vector_cosine_ops);

-- Moves and merges, who made them, when, before and after: the stories' audit trail.
CREATE TABLE story_events (
    id         bigserial   PRIMARY KEY,
    story      text        NOT NULL,
    actor      text        NOT NULL,
    action     text        NOT NULL CHECK (action IN ('move', 'merge')),
    before     jsonb       NOT NULL,
    after      jsonb       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX story_events_story ON story_events (story, id);
