-- `reconcile eval` (reconcile/evaluation/evaluate.py): its scratch database and what it reads back,
-- through reconcile/store/evaluate.py.

-- name: drop_eval_database
-- Forget the last evaluation's database, even while a killed run still holds a connection.
DROP DATABASE IF EXISTS reconcile_eval WITH (FORCE);

-- name: create_eval_database
CREATE DATABASE reconcile_eval;

-- name: active_conflicts_of_story
-- How many conflicts a story holds that are still active.
SELECT count(*) AS n FROM conflicts WHERE story = %(s)s AND active;
