-- Participation per calendar month in UTC for the whole program (DESIGN.md, "Metric
-- definitions").
--
-- A session "in month M" is a completed session whose started_at falls in M. Cancelled and
-- no-show sessions count only in completion_rate; scheduled ones in nothing. One row per month
-- from the first month with any session to the last complete month (the month before the
-- current one), months without sessions included with zeros. Rates are fractions in [0, 1],
-- NULL when their denominator is 0; retention_rate is NULL when nobody was active the month
-- before. An employee with no hire date joined the staff at the start of their first roster
-- period, so a later roster never changes a closed month.
--
-- participation_between(first_month, last_month) computes the months of a range (each argument
-- truncated to its month, clipped to the first month with a session and the last complete
-- month), reading only those months' sessions and the month before (for retention), so a
-- report asking for 13 months does not read the whole history. participation_monthly is the
-- same function over all months: one definition, the same numbers either way.
--
-- The function runs with its owner's rights (SECURITY DEFINER, fixed search_path): mm_reporting
-- may call it and read the view but still cannot read anything in mm. It returns aggregates
-- only: no names, e-mails or employee ids.

CREATE OR REPLACE FUNCTION mm_metrics.participation_between(first_month date, last_month date)
RETURNS TABLE (month date, sessions integer, completion_rate double precision, mentoring_minutes integer,
               active_mentees integer, active_mentors integer, active_participants integer, new_participants integer,
               retention_rate double precision, participation_rate double precision, avg_rating double precision,
               goal_met_rate double precision)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
WITH bounds AS (
    SELECT r.first_month, r.last_month,
           (r.first_month - interval '1 month')::timestamp AT TIME ZONE 'UTC' AS read_from,
           (r.last_month + interval '1 month')::timestamp AT TIME ZONE 'UTC' AS read_to
    FROM (SELECT greatest(date_trunc('month', participation_between.first_month)::date, f.first) AS first_month,
                 least(date_trunc('month', participation_between.last_month)::date,
                       (date_trunc('month', now() AT TIME ZONE 'UTC') - interval '1 month')::date) AS last_month
          FROM (SELECT date_trunc('month', min(s.started_at) AT TIME ZONE 'UTC')::date AS first
                FROM mm.sessions AS s WHERE s.status <> 'scheduled') AS f
          WHERE f.first IS NOT NULL) AS r
),
months AS (
    SELECT generate_series(b.first_month, b.last_month, interval '1 month')::date AS month FROM bounds AS b
),
session_months AS (
    -- A range scan on started_at; the scalar subqueries become index bounds at run time.
    SELECT date_trunc('month', s.started_at AT TIME ZONE 'UTC')::date AS month,
           s.session_id, s.mentor_id, s.mentee_id, s.duration_minutes, s.status
    FROM mm.sessions AS s
    WHERE s.status <> 'scheduled'
      AND s.started_at >= (SELECT read_from FROM bounds) AND s.started_at < (SELECT read_to FROM bounds)
),
participants AS (
    -- One row per person and month with a completed session, and the role(s) they had.
    SELECT sm.month, r.person, bool_or(r.role = 'mentor') AS as_mentor, bool_or(r.role = 'mentee') AS as_mentee
    FROM session_months AS sm
    CROSS JOIN LATERAL (VALUES (sm.mentor_id, 'mentor'), (sm.mentee_id, 'mentee')) AS r (person, role)
    WHERE sm.status = 'completed'
    GROUP BY sm.month, r.person
),
person_months AS (
    -- In each person's months in order: the month before (retention) and whether this is
    -- their first month ever (first in the range, and no completed session before it).
    -- "C" collation: the partitioning needs grouping, not language order, and sorts far faster.
    SELECT p.*, lag(p.month) OVER w AS previous_month,
           CASE WHEN row_number() OVER w = 1 THEN
               NOT EXISTS (SELECT 1 FROM mm.sessions AS e
                           WHERE e.mentee_id = p.person AND e.status = 'completed' AND e.started_at < (SELECT read_from FROM bounds))
               AND NOT EXISTS (SELECT 1 FROM mm.sessions AS e
                               WHERE e.mentor_id = p.person AND e.status = 'completed' AND e.started_at < (SELECT read_from FROM bounds))
           ELSE false END AS first_ever
    FROM participants AS p
    WINDOW w AS (PARTITION BY p.person COLLATE "C" ORDER BY p.month)
),
people_figures AS (
    SELECT pm.month,
           count(*) FILTER (WHERE pm.as_mentee) AS active_mentees,
           count(*) FILTER (WHERE pm.as_mentor) AS active_mentors,
           count(*) AS active_participants,
           count(*) FILTER (WHERE pm.first_ever) AS new_participants,
           count(*) FILTER (WHERE pm.previous_month = (pm.month - interval '1 month')::date) AS retained
    FROM person_months AS pm GROUP BY pm.month
),
session_figures AS (
    SELECT sm.month,
           count(*) FILTER (WHERE sm.status = 'completed') AS sessions,
           count(*) AS concluded,
           coalesce(sum(sm.duration_minutes) FILTER (WHERE sm.status = 'completed'), 0) AS mentoring_minutes,
           avg(o.mentee_rating) FILTER (WHERE sm.status = 'completed') AS avg_rating,
           count(o.goal_met) FILTER (WHERE sm.status = 'completed') AS goal_known,
           count(*) FILTER (WHERE sm.status = 'completed' AND o.goal_met) AS goal_met
    FROM session_months AS sm
    LEFT JOIN mm.outcomes AS o ON o.session_id = sm.session_id
    GROUP BY sm.month
),
staff_start AS (
    -- When each person joined the staff: their hire date, or, when the roster gives none, the
    -- start of their first roster period (so a later roster never adds people to closed months).
    SELECT e.employee_id, coalesce(e.hire_date, f.first_day) AS joined, e.left_on
    FROM mm.employees AS e
    LEFT JOIN (SELECT h.employee_id, min(h.valid_from) AS first_day FROM mm.employee_history AS h GROUP BY h.employee_id) AS f
           ON f.employee_id = e.employee_id
),
staff_changes AS (
    -- On staff at the end of month M: joined by M's last day and not left by then. A joining
    -- adds one from its month on, a leaving removes one; changes before the range count from its start.
    SELECT greatest(date_trunc('month', coalesce(s.joined, '-infinity'::date))::date, b.first_month) AS month, 1 AS delta
    FROM staff_start AS s CROSS JOIN bounds AS b
    WHERE s.left_on IS NULL OR s.joined IS NULL OR s.left_on > s.joined
    UNION ALL
    SELECT greatest(date_trunc('month', s.left_on)::date, b.first_month), -1
    FROM staff_start AS s CROSS JOIN bounds AS b
    WHERE s.left_on IS NOT NULL AND (s.joined IS NULL OR s.left_on > s.joined)
),
staff AS (
    SELECT m.month, sum(coalesce(c.delta, 0)) OVER (ORDER BY m.month) AS on_staff
    FROM months AS m
    LEFT JOIN (SELECT sc.month, sum(sc.delta) AS delta FROM staff_changes AS sc GROUP BY sc.month) AS c ON c.month = m.month
)
SELECT m.month,
       coalesce(sf.sessions, 0)::integer,
       (sf.sessions::numeric / nullif(sf.concluded, 0))::double precision,
       coalesce(sf.mentoring_minutes, 0)::integer,
       coalesce(pf.active_mentees, 0)::integer,
       coalesce(pf.active_mentors, 0)::integer,
       coalesce(pf.active_participants, 0)::integer,
       coalesce(pf.new_participants, 0)::integer,
       (coalesce(pf.retained, 0)::numeric / nullif(pp.active_participants, 0))::double precision,
       (coalesce(pf.active_participants, 0)::numeric / nullif(st.on_staff, 0))::double precision,
       sf.avg_rating::double precision,
       (sf.goal_met::numeric / nullif(sf.goal_known, 0))::double precision
FROM months AS m
LEFT JOIN session_figures AS sf ON sf.month = m.month
LEFT JOIN people_figures AS pf ON pf.month = m.month
LEFT JOIN people_figures AS pp ON pp.month = (m.month - interval '1 month')::date
LEFT JOIN staff AS st ON st.month = m.month
ORDER BY m.month
$$;

CREATE OR REPLACE VIEW mm_metrics.participation_monthly AS
    SELECT * FROM mm_metrics.participation_between('-infinity', 'infinity');

COMMENT ON VIEW mm_metrics.participation_monthly IS
    'Program participation per calendar month (UTC): sessions, completion, minutes, active and new people, retention, participation, ratings.';
COMMENT ON FUNCTION mm_metrics.participation_between(date, date) IS
    'participation_monthly for the months from the first to the second argument (fast for short ranges).';

REVOKE ALL ON FUNCTION mm_metrics.participation_between(date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION mm_metrics.participation_between(date, date) TO mm_reporting;
GRANT SELECT ON mm_metrics.participation_monthly TO mm_reporting;
