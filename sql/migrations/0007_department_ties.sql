-- New ties per month between departments (department of each person as of the pair's first
-- completed session), for the report's heatmap and for analysts. Pairs of departments are
-- unordered (department_a <= department_b). A cell involving fewer than k distinct people shows
-- no figure, and a month with exactly one such cell also hides its next-smallest cell, as in the
-- participation breakdowns (migration 0006).

CREATE VIEW mm_metrics.department_ties_monthly AS
WITH threshold AS (
    SELECT greatest(3, coalesce((SELECT value::integer FROM mm.settings WHERE key = 'small_group_threshold'), 5)) AS k
),
first_period AS (
    SELECT DISTINCT ON (employee_id) employee_id, department FROM mm.employee_history ORDER BY employee_id, valid_from
),
ties AS (
    SELECT least(mentor_id, mentee_id) AS a, greatest(mentor_id, mentee_id) AS b,
           (min(started_at) AT TIME ZONE 'UTC')::date AS day
    FROM mm.sessions WHERE status = 'completed' GROUP BY 1, 2
),
placed AS (
    SELECT date_trunc('month', t.day)::date AS month, t.a, t.b,
           coalesce(ha.department, fa.department, '(unknown)') AS da,
           coalesce(hb.department, fb.department, '(unknown)') AS db
    FROM ties AS t
    LEFT JOIN mm.employee_history AS ha ON ha.employee_id = t.a AND ha.valid_from <= t.day
          AND (ha.valid_to IS NULL OR ha.valid_to > t.day)
    LEFT JOIN first_period AS fa ON fa.employee_id = t.a
    LEFT JOIN mm.employee_history AS hb ON hb.employee_id = t.b AND hb.valid_from <= t.day
          AND (hb.valid_to IS NULL OR hb.valid_to > t.day)
    LEFT JOIN first_period AS fb ON fb.employee_id = t.b
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
