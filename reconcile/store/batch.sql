-- Set-at-a-time statements of the ingest path (reconcile/store/batch.py): one round trip for
-- what would otherwise be one per claim.

-- name: nearest_claims_many
-- For each vector (1-based `i`, in the order given), the claims of one story with a cosine of
-- at least min_similarity to it, nearest first, at most k of them; exact. Ids, clusters and
-- similarities only: the claims' text and figures are read by `sketches`, for those not known.
-- The story's vectors are read once (MATERIALIZED: never the global HNSW index, whose
-- filtered scan could return nothing for a small story in a large database).
-- A sentence printed many times is one candidate, its head (schemas/012): its reprints have its
-- vector, figures and cluster (a reprint scores 1 against it and joins it), so they would
-- only crowd the k nearest and make a story of wire copy cost a distance per copy.
-- The vectors travel in binary (%b): a list of vectors would otherwise go as text.
WITH story_claims AS MATERIALIZED (
    SELECT id, embedding FROM claims WHERE story = %(story)s AND head
), nearest AS (
    SELECT q.i, n.id, n.similarity
    FROM unnest(%(embeddings)b::vector[]) WITH ORDINALITY AS q(embedding, i)
    CROSS JOIN LATERAL (
        SELECT s.id, 1 - d.distance AS similarity
        FROM story_claims s
        CROSS JOIN LATERAL (SELECT s.embedding <=> q.embedding AS distance) d
        WHERE d.distance <= 1 - %(min_similarity)s
        ORDER BY d.distance
        LIMIT %(k)s
    ) n
)
SELECT n.i, c.id, c.cluster_id, c.seed, n.similarity
FROM nearest n JOIN claims c ON c.id = n.id
ORDER BY n.i, n.similarity DESC;

-- name: sketches
-- What the same-claim decision reads of stored claims (cluster.Sketch), by id: fetched only for
-- the neighbours the ingest process has not read before (ingest.Ingestor keeps them).
SELECT id, text, "values", quote FROM claims WHERE id = ANY(%(ids)s);

-- name: insert_clusters
-- n new clusters of one story; their ids come back in ascending order.
WITH made AS (
    INSERT INTO clusters (story) SELECT %(story)s FROM generate_series(1, %(n)s) RETURNING id
)
SELECT id FROM made ORDER BY id;
