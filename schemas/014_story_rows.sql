-- 014: story_rows, a story as its readers see it: its row with the counts of its articles,
-- outlets, first and last publication (posting time when undated) and open conflicts. The
-- API's list and single story and the dashboard's Stories page wrote the counting out each;
-- now once. The counts are lateral subqueries of one story each, so a page of stories (the
-- LIMIT on the activity index) or one story (the primary key) counts only what it shows.
CREATE VIEW story_rows AS
SELECT s.id, s.title, s.activity, s.merged_into, s.created_at, n.articles, n.outlets,
       n.first_seen, n.last_seen,
       (SELECT count(*) FROM conflicts f
        WHERE f.story = s.id AND f.active AND f.status = 'open') AS open_conflicts
FROM stories s
CROSS JOIN LATERAL (
    SELECT count(*) AS articles, count(DISTINCT a.outlet) AS outlets,
           min(coalesce(a.published_at, a.created_at)) AS first_seen,
           max(coalesce(a.published_at, a.created_at)) AS last_seen
    FROM articles a WHERE a.story = s.id
) n;
