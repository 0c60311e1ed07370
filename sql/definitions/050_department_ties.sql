-- New mentoring ties per month between pairs of departments (the department of each person as
-- of the pair's first completed session), for the report's heatmap and for analysts. Pairs of
-- departments are unordered (department_a <= department_b).
--
-- Disclosure control (020_small_group_threshold.sql): a cell resting on fewer than k distinct
-- people shows no figure. What else is published about a month's ties: their total
-- (network_monthly.new_ties) and the share between different departments
-- (cross_department_share), so the sum of the diagonal (same department) cells and the sum of the
-- other cells are both known. Each of those two lines is protected on its own with
-- mm.hidden_cells: its hidden cells number at least two and rest on at least k people, or all of
-- its cells are hidden. Row totals (a department's new ties) are published nowhere.
--
-- department_ties_between(first_month, last_month) computes a month range: a pair's first
-- session in the range is its tie when the pair never completed a session before the range
-- (either role), two index probes per pair instead of reading all history.
-- department_ties_monthly is it over all months. Owner's rights, as in 030_participation.sql.

CREATE OR REPLACE FUNCTION mm_metrics.department_ties_between(first_month date, last_month date)
RETURNS TABLE (month date, department_a text, department_b text, new_ties integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
WITH threshold AS (SELECT mm.small_group_threshold() AS k),
range AS (
    SELECT date_trunc('month', first_month)::timestamp AT TIME ZONE 'UTC' AS read_from,
           (date_trunc('month', last_month) + interval '1 month')::timestamp AT TIME ZONE 'UTC' AS read_to
),
first_in_range AS (
    SELECT DISTINCT ON (least(p.mentor_id, p.mentee_id), greatest(p.mentor_id, p.mentee_id))
           p.month, p.mentor_id, p.mentee_id, least(p.mentor_id, p.mentee_id) AS a, greatest(p.mentor_id, p.mentee_id) AS b,
           coalesce(p.mentor_department, '(unknown)') AS da, coalesce(p.mentee_department, '(unknown)') AS db
    FROM mm.completed_sessions_placed AS p
    WHERE p.started_at >= (SELECT read_from FROM range) AND p.started_at < (SELECT read_to FROM range)
    ORDER BY least(p.mentor_id, p.mentee_id), greatest(p.mentor_id, p.mentee_id), p.started_at, p.session_id
),
placed AS (
    SELECT f.* FROM first_in_range AS f
    WHERE NOT EXISTS (SELECT 1 FROM mm.sessions AS s
                      WHERE s.status = 'completed' AND s.started_at < (SELECT read_from FROM range)
                        AND ((s.mentor_id = f.mentor_id AND s.mentee_id = f.mentee_id)
                             OR (s.mentor_id = f.mentee_id AND s.mentee_id = f.mentor_id)))
),
cells AS (
    SELECT pl.month, least(pl.da, pl.db) AS department_a, greatest(pl.da, pl.db) AS department_b, count(*) AS new_ties,
           (SELECT count(DISTINCT person) FROM unnest(array_agg(pl.a) || array_agg(pl.b)) AS person) AS people
    FROM placed AS pl GROUP BY 1, 2, 3
),
lines AS (
    -- Same-department cells and the others, per month: each sums to a published figure.
    SELECT c.*, c.department_a = c.department_b AS diagonal FROM cells AS c
),
decided AS (
    SELECT m.month, x.department_a, x.department_b, x.hidden
    FROM (SELECT l.month, l.diagonal,
                 array_agg(l.department_a ORDER BY l.people, l.department_a, l.department_b) AS firsts,
                 array_agg(l.department_b ORDER BY l.people, l.department_a, l.department_b) AS seconds,
                 array_agg(l.people::integer ORDER BY l.people, l.department_a, l.department_b) AS sizes,
                 array_agg(l.people < t.k ORDER BY l.people, l.department_a, l.department_b) AS small
          FROM lines AS l CROSS JOIN threshold AS t GROUP BY l.month, l.diagonal) AS m
    CROSS JOIN threshold AS t
    CROSS JOIN LATERAL unnest(m.firsts, m.seconds, mm.hidden_cells(m.sizes, m.small, t.k))
        AS x (department_a, department_b, hidden)
)
SELECT c.month, c.department_a, c.department_b, CASE WHEN NOT d.hidden THEN c.new_ties::integer END
FROM cells AS c
JOIN decided AS d ON d.month = c.month AND d.department_a = c.department_a AND d.department_b = c.department_b
ORDER BY c.month, c.department_a, c.department_b
$$;

CREATE OR REPLACE VIEW mm_metrics.department_ties_monthly AS
    SELECT * FROM mm_metrics.department_ties_between('-infinity', 'infinity');

COMMENT ON VIEW mm_metrics.department_ties_monthly IS
    'New mentoring ties per month between pairs of departments; cells under the small-group threshold show no figure.';
COMMENT ON FUNCTION mm_metrics.department_ties_between(date, date) IS
    'department_ties_monthly for a month range.';

REVOKE ALL ON FUNCTION mm_metrics.department_ties_between(date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION mm_metrics.department_ties_between(date, date) TO mm_reporting;
GRANT SELECT ON mm_metrics.department_ties_monthly TO mm_reporting;
