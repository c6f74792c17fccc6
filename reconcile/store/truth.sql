-- Truth discovery (reconcile/truth/estimates.py): what it reads, through reconcile/store/truth.py.

-- name: truth_fingerprint
-- Changes whenever a claim is added or a review decision is recorded.
SELECT (SELECT coalesce(max(id), 0) FROM claims) AS claims,
       (SELECT coalesce(max(updated_at)::text, '') FROM conflicts WHERE status = 'resolved') AS reviews;

-- name: numeric_claims
-- Every claim that states a figure, for truth discovery across all clusters.
SELECT c.* FROM claim_rows c
WHERE jsonb_array_length(c."values") > 0;

-- name: accepted_values
-- Values reviewers accepted when resolving numeric conflicts: ground truth per cluster/measure.
SELECT cluster_id, measure, accepted_value FROM conflicts
WHERE status = 'resolved' AND accepted_value IS NOT NULL AND measure IS NOT NULL
  AND (%(cluster_ids)s::bigint[] IS NULL OR cluster_id = ANY(%(cluster_ids)s));
