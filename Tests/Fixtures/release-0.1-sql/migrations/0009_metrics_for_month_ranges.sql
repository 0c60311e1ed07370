-- The metric views as functions of a month range, so that a report (or an analyst) asking for
-- two years reads two years of sessions instead of the whole history, and the views become
-- these functions over all months: one definition per metric, the same numbers either way.
--
-- The functions run with their owner's rights (SECURITY DEFINER, fixed search_path): mm_reporting
-- may call them and read the views but still cannot read anything in mm. (Before this
-- migration the breakdown views called a function in mm with the caller's rights, which
-- refused mm_reporting.) They return aggregates only: no names, e-mails or employee ids.

-- The small-group threshold k: mm.settings 'small_group_threshold', default 5, never below 3.
-- One definition for the functions below and the report.
CREATE FUNCTION mm.small_group_threshold() RETURNS integer
LANGUAGE sql STABLE AS $$
    SELECT greatest(3, coalesce((SELECT value::integer FROM mm.settings WHERE key = 'small_group_threshold'), 5))
$$;

-- Participation for the months from first_month to last_month (each truncated to its month,
-- clipped to the first month with a session and the last complete month). Definitions as in
-- migration 0004; sessions are read from the month before first_month (for retention) on.
CREATE FUNCTION mm_metrics.participation_between(first_month date, last_month date)
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

-- Participation per group (department or location as of each session, or cohort) for a month
-- range, with small-group and complementary suppression; definitions as in migration 0006.
CREATE FUNCTION mm_metrics.participation_breakdown_between(dimension text, first_month date, last_month date)
RETURNS TABLE (month date, group_name text, sessions integer, mentoring_minutes integer, active_mentees integer,
               active_mentors integer, active_participants integer, avg_rating double precision,
               goal_met_rate double precision)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    WITH threshold AS (SELECT mm.small_group_threshold() AS k),
    roles AS (
        SELECT p.month, p.session_id, p.duration_minutes, p.cohort_id, r.person, r.role, r.department, r.location
        FROM mm.completed_sessions_placed AS p
        CROSS JOIN LATERAL (VALUES (p.mentor_id, 'mentor', p.mentor_department, p.mentor_location),
                                   (p.mentee_id, 'mentee', p.mentee_department, p.mentee_location))
            AS r (person, role, department, location)
        WHERE p.started_at >= date_trunc('month', first_month)::timestamp AT TIME ZONE 'UTC'
          AND p.started_at < (date_trunc('month', last_month) + interval '1 month')::timestamp AT TIME ZONE 'UTC'
    ),
    grouped AS (
        SELECT r.*,
               CASE dimension
                   WHEN 'department' THEN coalesce(r.department, '(unknown)')
                   WHEN 'location' THEN coalesce(r.location, '(unknown)')
                   ELSE coalesce(c.name, '(no cohort)')
               END AS group_name
        FROM roles AS r
        LEFT JOIN mm.cohorts AS c ON c.cohort_id = r.cohort_id
    ),
    group_sessions AS (
        SELECT DISTINCT g.month, g.group_name, g.session_id, g.duration_minutes FROM grouped AS g
    ),
    session_figures AS (
        SELECT g.month, g.group_name, count(*) AS sessions, sum(g.duration_minutes) AS minutes,
               avg(o.mentee_rating) AS avg_rating,
               count(*) FILTER (WHERE o.goal_met)::numeric / nullif(count(o.goal_met), 0) AS goal_met_rate
        FROM group_sessions AS g LEFT JOIN mm.outcomes AS o ON o.session_id = g.session_id
        GROUP BY g.month, g.group_name
    ),
    people_figures AS (
        SELECT g.month, g.group_name,
               count(DISTINCT g.person) FILTER (WHERE g.role = 'mentee') AS mentees,
               count(DISTINCT g.person) FILTER (WHERE g.role = 'mentor') AS mentors,
               count(DISTINCT g.person) AS people
        FROM grouped AS g GROUP BY g.month, g.group_name
    ),
    ranked AS (
        SELECT p.*, s.sessions, s.minutes, s.avg_rating, s.goal_met_rate, p.people < t.k AS small,
               count(*) FILTER (WHERE p.people < t.k) OVER (PARTITION BY p.month) AS small_groups,
               count(*) OVER (PARTITION BY p.month) AS groups,
               row_number() OVER (PARTITION BY p.month, p.people < t.k ORDER BY p.people, p.group_name) AS size_rank
        FROM people_figures AS p JOIN session_figures AS s USING (month, group_name) CROSS JOIN threshold AS t
    ),
    decided AS (
        SELECT *, small OR (small_groups = 1 AND groups > 1 AND size_rank = 1) AS suppressed FROM ranked
    )
    SELECT d.month, d.group_name,
           CASE WHEN NOT d.suppressed THEN d.sessions::integer END,
           CASE WHEN NOT d.suppressed THEN d.minutes::integer END,
           CASE WHEN NOT d.suppressed THEN d.mentees::integer END,
           CASE WHEN NOT d.suppressed THEN d.mentors::integer END,
           CASE WHEN NOT d.suppressed THEN d.people::integer END,
           CASE WHEN NOT d.suppressed THEN d.avg_rating::double precision END,
           CASE WHEN NOT d.suppressed THEN d.goal_met_rate::double precision END
    FROM decided AS d
    ORDER BY d.month, d.group_name
$$;

CREATE OR REPLACE VIEW mm_metrics.participation_by_department AS
    SELECT month, group_name AS department, sessions, mentoring_minutes, active_mentees, active_mentors,
           active_participants, avg_rating, goal_met_rate
    FROM mm_metrics.participation_breakdown_between('department', '-infinity', 'infinity');
CREATE OR REPLACE VIEW mm_metrics.participation_by_location AS
    SELECT month, group_name AS location, sessions, mentoring_minutes, active_mentees, active_mentors,
           active_participants, avg_rating, goal_met_rate
    FROM mm_metrics.participation_breakdown_between('location', '-infinity', 'infinity');
CREATE OR REPLACE VIEW mm_metrics.participation_by_cohort AS
    SELECT month, group_name AS cohort, sessions, mentoring_minutes, active_mentees, active_mentors,
           active_participants, avg_rating, goal_met_rate
    FROM mm_metrics.participation_breakdown_between('cohort', '-infinity', 'infinity');
DROP FUNCTION mm.participation_breakdown(text);

-- New ties between departments for a month range; definitions as in migration 0007. A pair's
-- first session in the range is its tie when the pair never completed a session before the
-- range (either role): two index probes per pair instead of reading all history.
CREATE FUNCTION mm_metrics.department_ties_between(first_month date, last_month date)
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
ranked AS (
    SELECT c.*, c.people < t.k AS small,
           count(*) FILTER (WHERE c.people < t.k) OVER (PARTITION BY c.month) AS small_cells,
           count(*) OVER (PARTITION BY c.month) AS all_cells,
           row_number() OVER (PARTITION BY c.month, c.people < t.k ORDER BY c.people, c.department_a, c.department_b) AS size_rank
    FROM cells AS c CROSS JOIN threshold AS t
)
SELECT r.month, r.department_a, r.department_b,
       CASE WHEN NOT (r.small OR (r.small_cells = 1 AND r.all_cells > 1 AND r.size_rank = 1)) THEN r.new_ties::integer END
FROM ranked AS r
ORDER BY r.month, r.department_a, r.department_b
$$;

CREATE OR REPLACE VIEW mm_metrics.department_ties_monthly AS
    SELECT * FROM mm_metrics.department_ties_between('-infinity', 'infinity');

REVOKE ALL ON FUNCTION mm_metrics.participation_between(date, date),
                       mm_metrics.participation_breakdown_between(text, date, date),
                       mm_metrics.department_ties_between(date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION mm_metrics.participation_between(date, date),
                          mm_metrics.participation_breakdown_between(text, date, date),
                          mm_metrics.department_ties_between(date, date) TO mm_reporting;

COMMENT ON FUNCTION mm_metrics.participation_between(date, date) IS
    'participation_monthly for the months from the first to the second argument (fast for short ranges).';
COMMENT ON FUNCTION mm_metrics.participation_breakdown_between(text, date, date) IS
    'participation_by_department / _location / _cohort (dimension department, location or cohort) for a month range.';
COMMENT ON FUNCTION mm_metrics.department_ties_between(date, date) IS
    'department_ties_monthly for a month range.';
