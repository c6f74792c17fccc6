-- name: insert_feed
-- A new feed; nothing when its URL is registered already.
INSERT INTO feeds (url, story, outlet, interval_s)
VALUES (%(url)s, %(story)s, %(outlet)s, %(interval_s)s)
ON CONFLICT (url) DO NOTHING
RETURNING *;

-- name: feed_by_url
SELECT * FROM feeds WHERE url = %(url)s;

-- name: list_feeds
-- Feeds in the order they were registered, keyset-paginated by id.
SELECT * FROM feeds
WHERE (%(after_id)s::bigint IS NULL OR id > %(after_id)s)
ORDER BY id
LIMIT %(limit)s;

-- name: delete_feed
DELETE FROM feeds WHERE id = %(id)s RETURNING id;

-- name: claim_due_feeds
-- Feeds due for a poll that no process holds, leased to the caller: the lease is committed with
-- this statement, so other processes pass over them (SKIP LOCKED while it runs, the lease after)
-- until the poll ends or the lease runs out.
UPDATE feeds SET lease_until = now() + make_interval(secs => %(lease_s)s)
WHERE id IN (
    SELECT id FROM feeds
    WHERE next_poll_at <= now() AND (lease_until IS NULL OR lease_until < now())
    ORDER BY next_poll_at
    LIMIT %(limit)s
    FOR UPDATE SKIP LOCKED
)
RETURNING *;

-- name: finish_poll
UPDATE feeds SET lease_until = NULL, last_polled_at = now(), status = %(status)s,
       etag = %(etag)s, last_modified = %(last_modified)s, last_error = %(last_error)s,
       failures = %(failures)s, next_poll_at = now() + make_interval(secs => %(wait_s)s),
       items_seen = items_seen + %(new_items)s,
       articles_ingested = articles_ingested + %(ingested)s
WHERE id = %(id)s;

-- name: feed_items
-- What a feed's entries came to before: ingested, duplicate, or failed (and when to retry).
SELECT key, status, attempts, retry_at, retry_at <= now() AS due
FROM feed_items WHERE feed_id = %(feed_id)s AND key = ANY(%(keys)s);

-- name: record_feed_item
INSERT INTO feed_items (feed_id, key, url, status, article_id, last_error, retry_at)
VALUES (%(feed_id)s, %(key)s, %(url)s, %(status)s, %(article_id)s, %(last_error)s,
        now() + make_interval(secs => %(retry_s)s))
ON CONFLICT (feed_id, key) DO UPDATE
SET status = EXCLUDED.status, article_id = EXCLUDED.article_id,
    last_error = EXCLUDED.last_error, retry_at = EXCLUDED.retry_at,
    attempts = feed_items.attempts + 1;
