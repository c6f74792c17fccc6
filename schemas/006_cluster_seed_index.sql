-- reconcile schema, version 6: the global HNSW index holds one vector per cluster, not per claim.
--
-- Keeping an HNSW index current costs every insert a graph search, and the index over every
-- claim was 6 of the 10 ms PostgreSQL spent on an article (bench/RESULTS.md), though only the
-- cross-story similarity search (GET /api/claims/similar) reads it: ingest compares a claim with
-- its own story's claims exactly. A cluster's claims say the same thing, so the search needs
-- one vector a cluster to find the clusters near a query, and then ranks their claims exactly.
-- The seed of a cluster is the claim that started it; a merged cluster keeps the seeds of both
-- (each still locates it). Claims are never deleted one by one, so every cluster keeps one.

DROP INDEX IF EXISTS claims_embedding_hnsw;

ALTER TABLE claims ADD COLUMN seed boolean NOT NULL DEFAULT false;

UPDATE claims SET seed = true
WHERE id IN (SELECT min(id) FROM claims GROUP BY cluster_id);

CREATE INDEX claims_seed_hnsw ON claims USING hnsw (embedding vector_cosine_ops) WHERE seed;
