-- reconcile schema, version 10: news feeds the service polls, and articles listed by outlet.
--
-- A feed is polled by one server process at a time: a poller claims due rows with
-- SELECT ... FOR UPDATE SKIP LOCKED and sets a lease (lease_until) before it lets the row go,
-- so the other processes pass over it until the lease ends, also when the poller that took it
-- died mid-poll. next_poll_at moves on after each poll: the feed's interval after a success,
-- a growing backoff after a failure (failures counts them in a row).
CREATE TABLE feeds (
    id                bigserial   PRIMARY KEY,
    url               text        NOT NULL UNIQUE,
    story             text,
    outlet            text,
    interval_s        integer     NOT NULL DEFAULT 900 CHECK (interval_s > 0),
    status            text        NOT NULL DEFAULT 'new'
                                  CHECK (status IN ('new', 'ok', 'unchanged', 'failed')),
    etag              text,
    last_modified     text,
    next_poll_at      timestamptz NOT NULL DEFAULT now(),
    lease_until       timestamptz,
    last_polled_at    timestamptz,
    last_error        text,
    failures          integer     NOT NULL DEFAULT 0,
    items_seen        integer     NOT NULL DEFAULT 0,
    articles_ingested integer     NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX feeds_due ON feeds (next_poll_at);

-- Each entry a feed has listed, by its id (or link): an entry seen before is not fetched again
-- once ingested; one whose page failed is tried again, with backoff, while the feed lists it.
CREATE TABLE feed_items (
    feed_id         bigint      NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    key             text        NOT NULL,
    url             text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('ingested', 'duplicate', 'failed')),
    article_id      bigint      REFERENCES articles (id) ON DELETE SET NULL,
    attempts        integer     NOT NULL DEFAULT 1,
    last_error      text,
    retry_at        timestamptz,
    first_seen_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (feed_id, key)
);

CREATE INDEX articles_outlet ON articles (outlet, id);
