-- reconcile schema, version 2: storage and indexes for ingest and reads at scale.

-- The global HNSW index (001) stays: it is the index a cross-story similarity search uses.
-- Ingest never reads it (a new claim is compared with its own story's claims exactly, over the
-- claims_story btree), and keeping it current costs each insert a graph search: measured at
-- +5 ms an article at 100k claims and +18 ms at 1M (bench/RESULTS.md).

-- GET /api/conflicts (active conflicts, most severe first, keyset-paginated): read the top of
-- this index instead of sorting every active conflict on each request.
CREATE INDEX conflicts_active_severity ON conflicts (severity DESC, id) WHERE active;

-- A claim row with its 1.5 kB vector is just over the 2 kB at which PostgreSQL moves values out
-- of line, and the vector (storage EXTERNAL) went first: every exact scan of a story then read
-- each vector through the TOAST index. Keep vectors in the row (rows written from now on; the
-- text and JSON columns are compressed or moved out instead).
ALTER TABLE claims ALTER COLUMN embedding SET STORAGE PLAIN;
