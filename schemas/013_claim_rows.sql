-- 013: claim_rows, a claim as every reader of claims sees it: its columns and its article's
-- publication time. The column list was written out in a dozen statements; now once. A plain
-- view is inlined by the planner, so the statements reading it keep their plans (indexes on
-- claims and articles, the join pruned of columns not asked for).
CREATE VIEW claim_rows AS
SELECT c.id, c.article_id, c.cluster_id, c.story, c.outlet, c.position, c.text, c.start_char,
       c.end_char, c."values", c.source, c.citations, c.time_span, c.quote, a.published_at
FROM claims c JOIN articles a ON a.id = c.article_id;
