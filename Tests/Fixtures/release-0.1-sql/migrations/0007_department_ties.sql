-- New ties per month between departments (department of each person as of the pair's first
-- completed session), for the report's heatmap and for analysts. Pairs of departments are
-- unordered (department_a <= department_b). A cell involving fewer than k distinct people shows
-- no figure, and a month with exactly one such cell also hides its next-smallest cell, as in the
-- participation breakdowns (migration 0006).

CREATE VIEW mm_metrics.department_ties_monthly AS
WITH threshold AS (
    SELECT greatest(3, coalesce((SELECT value::integer FROM mm.settings WHERE key = 'small_group_threshold'), 5)) AS k
),
placed AS (
    -- Each pair's first completed session, with both people's departments on that day.
    SELECT DISTINCT ON (least(mentor_id, mentee_id), greatest(mentor_id, mentee_id))
           month, least(mentor_id, mentee_id) AS a, greatest(mentor_id, mentee_id) AS b,
           coalesce(mentor_department, '(unknown)') AS da, coalesce(mentee_department, '(unknown)') AS db
    FROM mm.completed_sessions_placed
    ORDER BY least(mentor_id, mentee_id), greatest(mentor_id, mentee_id), started_at, session_id
),
cells AS (
    SELECT month, least(da, db) AS department_a, greatest(da, db) AS department_b, count(*) AS new_ties,
           (SELECT count(DISTINCT person) FROM unnest(array_agg(a) || array_agg(b)) AS person) AS people
    FROM placed GROUP BY 1, 2, 3
),
ranked AS (
    SELECT c.*, c.people < t.k AS small,
           count(*) FILTER (WHERE c.people < t.k) OVER (PARTITION BY c.month) AS small_cells,
           count(*) OVER (PARTITION BY c.month) AS all_cells,
           row_number() OVER (PARTITION BY c.month, c.people < t.k ORDER BY c.people, c.department_a, c.department_b) AS size_rank
    FROM cells AS c CROSS JOIN threshold AS t
)
SELECT month, department_a, department_b,
       CASE WHEN NOT (small OR (small_cells = 1 AND all_cells > 1 AND size_rank = 1)) THEN new_ties::integer END AS new_ties
FROM ranked;

COMMENT ON VIEW mm_metrics.department_ties_monthly IS
    'New mentoring ties per month between pairs of departments; cells under the small-group threshold show no figure.';

GRANT SELECT ON mm_metrics.department_ties_monthly TO mm_reporting;
