-- reconcile schema, version 6: the global HNSW index holds a vector per wording of a cluster,
-- not one per claim.
--
-- Keeping an HNSW index current costs every insert a graph search, and the index over every
-- claim was 6 of the 10 ms PostgreSQL spent on an article (bench/RESULTS.md), though only the
-- cross-story similarity search (GET /api/claims/similar) reads it: ingest compares a claim with
-- its own story's claims exactly. A cluster's claims say the same thing, so the search needs
-- a vector for each wording of a cluster to find the clusters near a query, and then ranks
-- their claims exactly.
-- A claim is a seed unless an earlier seed of its cluster says nearly the same words (cosine at
-- least 0.9, reconcile/ingest.py's SEED_SIMILARITY): every wording of a cluster is findable,
-- and a reprint, or a copy with another figure, costs the index nothing. The claim that started
-- a cluster is always a seed; a merged cluster keeps the seeds of both. Claims are never deleted
-- one by one, so every cluster keeps one.

DROP INDEX IF EXISTS claims_embedding_hnsw;

ALTER TABLE claims ADD COLUMN seed boolean NOT NULL DEFAULT false;

-- The claims stored before: the same rule, in the order they came.
DO $$
DECLARE
    c record;
BEGIN
    FOR c IN SELECT id, cluster_id, embedding FROM claims ORDER BY cluster_id, id LOOP
        IF NOT EXISTS (SELECT 1 FROM claims s
                       WHERE s.cluster_id = c.cluster_id AND s.seed
                         AND s.embedding <=> c.embedding <= 1 - 0.9) THEN
            UPDATE claims SET seed = true WHERE id = c.id;
        END IF;
    END LOOP;
END
$$;

CREATE INDEX claims_seed_hnsw ON claims USING hnsw (embedding vector_cosine_ops) WHERE seed;
