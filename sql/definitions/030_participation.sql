-- Participation per period for the whole program and per group (DESIGN.md, "Metric
-- definitions" and "Breakdowns").
--
-- mm.participation_cells computes every participation figure, before disclosure control, per
-- period (calendar month, quarter or year in UTC) and per group of one dimension: 'all' (one
-- group, the whole program), 'department' and 'location' (each person's as of the session's
-- day, mm.concluded_sessions_placed), or 'cohort' (the session's cohort). A completed session
-- counts in the group of each of its two people. Periods run from the one holding the first
-- concluded session to the last complete one (with p_partial, to the last complete month),
-- clipped to the periods of p_first..p_last, plus the period before (flagged before_range), which
-- retention and disclosure control read. Only those periods' sessions are read, so a report
-- asking for one month does not read the whole history.
--
-- Per period P and group G:
--   sessions, concluded        completed sessions; completed + cancelled + no-show
--   active_*                   distinct mentees / mentors / people with a completed session
--   new_participants           of those, people whose first session ever is in P
--   previous_participants, retained   people of G active in the period before; how many of them
--                              are active (in any group) in P
--   headcount                  G's staff at the end of P (mm.staff_intervals; for a cohort its
--                              enrolled members while it runs; NULL for sessions without a cohort)
--   rated_sessions, raters     completed sessions with a mentee rating; distinct mentees who gave them
--   goal_known, goal_reporters, goal_met   likewise for goal_met
-- Nothing here is suppressed: the functions in mm_metrics below and in 040 apply the rules
-- of 020_small_group_threshold.sql. In mm, so mm_reporting cannot call it.

CREATE OR REPLACE FUNCTION mm.period_step(p_grain text) RETURNS interval
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE p_grain WHEN 'month' THEN interval '1 month' WHEN 'quarter' THEN interval '3 months'
                        WHEN 'year' THEN interval '1 year' END
$$;

CREATE OR REPLACE FUNCTION mm.participation_cells(p_dimension text, p_grain text, p_first date, p_last date,
                                                  p_partial boolean DEFAULT false)
RETURNS TABLE (period date, before_range boolean, group_name text, headcount integer, sessions integer,
               concluded integer, mentoring_minutes integer, active_mentees integer, active_mentors integer,
               active_participants integer, new_participants integer, previous_participants integer,
               retained integer, avg_rating double precision, rated_sessions integer, raters integer,
               goal_known integer, goal_reporters integer, goal_met integer)
-- Planned on its own: the SET clause keeps it from being inlined into its callers, whose bigger
-- queries planned its range scan far worse. The planner cannot know how many sessions the range
-- holds (its bounds are computed when it runs), so its estimates for every step are guesses;
-- hash joins and hash aggregation are right at every size here, merge joins and sorts of a
-- year's sessions were measured 2x slower, and compiling the query (JIT) cost more than it saved.
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp SET jit = off SET enable_mergejoin = off SET enable_sort = off AS $$
WITH step AS (SELECT mm.period_step(p_grain) AS step),
bounds AS (
    -- A partial period (the year to date) has no comparable period before it, so nothing
    -- before it is read: retention is not defined for it.
    SELECT r.first_period, r.last_period, r.read_period, r.cutoff,
           r.read_period::timestamp AT TIME ZONE 'UTC' AS read_from, r.cutoff::timestamp AT TIME ZONE 'UTC' AS read_to
    FROM step AS st,
         LATERAL (SELECT date_trunc('month', now() AT TIME ZONE 'UTC')::date AS current_month) AS now,
         LATERAL (SELECT date_trunc(p_grain, min(s.started_at) AT TIME ZONE 'UTC')::date AS first
                  FROM mm.sessions AS s WHERE s.status <> 'scheduled') AS f,
         LATERAL (SELECT greatest(date_trunc(p_grain, p_first)::date, f.first) AS first_period,
                         CASE WHEN p_partial
                              THEN least(date_trunc(p_grain, p_last)::date,
                                         date_trunc(p_grain, now.current_month - interval '1 month')::date)
                              ELSE least(date_trunc(p_grain, p_last)::date, (date_trunc(p_grain, now.current_month) - st.step)::date)
                         END AS last_period) AS clipped,
         LATERAL (SELECT clipped.first_period, clipped.last_period,
                         CASE WHEN p_partial THEN clipped.first_period
                              ELSE (clipped.first_period - st.step)::date END AS read_period,
                         CASE WHEN p_partial
                              THEN least((clipped.last_period + st.step)::date,
                                         (date_trunc('month', p_last) + interval '1 month')::date, now.current_month)
                              ELSE (clipped.last_period + st.step)::date
                         END AS cutoff) AS r
    WHERE f.first IS NOT NULL AND r.first_period <= r.last_period
),
periods AS (
    SELECT generate_series(b.read_period, b.last_period, st.step)::date AS period FROM bounds AS b, step AS st
),
concluded AS (
    -- The range's concluded sessions: placed in the roster for the dimensions that need it,
    -- read straight from mm.sessions for the others (the branch not taken is never run).
    -- A range scan on started_at; the scalar subqueries become index bounds at run time.
    SELECT p.day, p.session_id, p.status, p.duration_minutes, p.cohort_id, p.mentor_id, p.mentee_id,
           p.mentor_department, p.mentor_location, p.mentee_department, p.mentee_location
    FROM mm.concluded_sessions_placed AS p
    WHERE p_dimension IN ('department', 'location')
      AND p.started_at >= (SELECT read_from FROM bounds) AND p.started_at < (SELECT read_to FROM bounds)
    UNION ALL
    SELECT (s.started_at AT TIME ZONE 'UTC')::date, s.session_id, s.status, s.duration_minutes, s.cohort_id,
           s.mentor_id, s.mentee_id, NULL, NULL, NULL, NULL
    FROM mm.sessions AS s
    WHERE p_dimension NOT IN ('department', 'location') AND s.status IN ('completed', 'cancelled', 'no_show')
      AND s.started_at >= (SELECT read_from FROM bounds) AND s.started_at < (SELECT read_to FROM bounds)
),
placed AS (
    -- Each session with its period and the groups of its two people.
    SELECT date_trunc(p_grain, p.day::timestamp)::date AS period, p.session_id, p.status, p.duration_minutes,
           p.mentor_id, p.mentee_id,
           CASE p_dimension
               WHEN 'all' THEN '(all)'
               WHEN 'department' THEN coalesce(p.mentor_department, '(unknown)')
               WHEN 'location' THEN coalesce(p.mentor_location, '(unknown)')
               ELSE coalesce(c.name, '(no cohort)')
           END AS mentor_group,
           CASE p_dimension
               WHEN 'all' THEN '(all)'
               WHEN 'department' THEN coalesce(p.mentee_department, '(unknown)')
               WHEN 'location' THEN coalesce(p.mentee_location, '(unknown)')
               ELSE coalesce(c.name, '(no cohort)')
           END AS mentee_group
    FROM concluded AS p
    LEFT JOIN mm.cohorts AS c ON c.cohort_id = p.cohort_id
),
roles AS (
    SELECT p.period, p.status, p.mentor_id AS person, 'mentor' AS role, p.mentor_group AS group_name FROM placed AS p
    UNION ALL
    SELECT p.period, p.status, p.mentee_id, 'mentee', p.mentee_group FROM placed AS p
),
active AS (
    -- One row per period, group and person with a completed session there, and their role(s).
    SELECT r.period, r.group_name, r.person, bool_or(r.role = 'mentor') AS as_mentor, bool_or(r.role = 'mentee') AS as_mentee
    FROM roles AS r WHERE r.status = 'completed'
    GROUP BY r.period, r.group_name, r.person
),
person_periods AS (
    SELECT DISTINCT a.period, a.person FROM active AS a
),
newcomers AS (
    -- Each person's first period in the range, when they completed no session before it. People
    -- active in the period before the range (when one is read) are no newcomers in it, whatever
    -- came before: only the others need the two index probes into the history.
    SELECT f.person, f.period
    FROM (SELECT pp.person, min(pp.period) AS period FROM person_periods AS pp GROUP BY pp.person) AS f
    WHERE (f.period > (SELECT read_period FROM bounds) OR (SELECT read_period = first_period FROM bounds))
      AND NOT EXISTS (SELECT 1 FROM mm.sessions AS e WHERE e.mentee_id = f.person AND e.status = 'completed'
                        AND e.started_at < (SELECT read_from FROM bounds))
      AND NOT EXISTS (SELECT 1 FROM mm.sessions AS e WHERE e.mentor_id = f.person AND e.status = 'completed'
                        AND e.started_at < (SELECT read_from FROM bounds))
),
people_figures AS (
    SELECT a.period, a.group_name,
           count(*) FILTER (WHERE a.as_mentee) AS mentees, count(*) FILTER (WHERE a.as_mentor) AS mentors,
           count(*) AS people, count(n.person) AS newcomers
    FROM active AS a LEFT JOIN newcomers AS n ON n.person = a.person AND n.period = a.period
    GROUP BY a.period, a.group_name
),
retention AS (
    SELECT (a.period + st.step)::date AS period, a.group_name, count(*) AS previous, count(pp.person) AS retained
    FROM active AS a CROSS JOIN step AS st
    LEFT JOIN person_periods AS pp ON pp.person = a.person AND pp.period = (a.period + st.step)::date
    GROUP BY 1, 2
),
group_sessions AS (
    -- A session counts once in each group of its people: once when both are in one group.
    SELECT p.period, p.mentor_group AS group_name, p.session_id, p.status, p.duration_minutes, p.mentee_id FROM placed AS p
    UNION ALL
    SELECT p.period, p.mentee_group, p.session_id, p.status, p.duration_minutes, p.mentee_id FROM placed AS p
    WHERE p.mentee_group <> p.mentor_group
),
outcomes AS (
    -- One index probe per session: cheaper than hashing every outcome ever recorded for the
    -- few months a report reads.
    SELECT g.*, o.mentee_rating, o.goal_met
    FROM group_sessions AS g
    LEFT JOIN LATERAL (SELECT x.mentee_rating, x.goal_met FROM mm.outcomes AS x WHERE x.session_id = g.session_id) AS o ON true
),
session_figures AS (
    SELECT g.period, g.group_name,
           count(*) FILTER (WHERE g.status = 'completed') AS sessions,
           count(*) AS concluded,
           coalesce(sum(g.duration_minutes) FILTER (WHERE g.status = 'completed'), 0) AS minutes,
           avg(g.mentee_rating) FILTER (WHERE g.status = 'completed') AS avg_rating,
           count(g.mentee_rating) FILTER (WHERE g.status = 'completed') AS rated_sessions,
           count(g.goal_met) FILTER (WHERE g.status = 'completed') AS goal_known,
           count(*) FILTER (WHERE g.status = 'completed' AND g.goal_met) AS goal_met
    FROM outcomes AS g
    GROUP BY g.period, g.group_name
),
reporters AS (
    -- The distinct mentees behind the ratings and the goal figures.
    SELECT m.period, m.group_name, count(*) FILTER (WHERE m.rated) AS raters, count(*) FILTER (WHERE m.reported) AS goal_reporters
    FROM (SELECT g.period, g.group_name, g.mentee_id, bool_or(g.mentee_rating IS NOT NULL) AS rated,
                 bool_or(g.goal_met IS NOT NULL) AS reported
          FROM outcomes AS g WHERE g.status = 'completed' AND (g.mentee_rating IS NOT NULL OR g.goal_met IS NOT NULL)
          GROUP BY g.period, g.group_name, g.mentee_id) AS m
    GROUP BY m.period, m.group_name
),
staff AS (
    -- Stretches of membership: on staff (dimensions of the roster) or enrolled (cohorts).
    SELECT CASE p_dimension WHEN 'all' THEN '(all)'
                            WHEN 'department' THEN coalesce(i.department, '(unknown)')
                            ELSE coalesce(i.location, '(unknown)') END AS group_name,
           i.staff_from AS from_day, i.staff_to AS to_day
    FROM mm.staff_intervals AS i
    WHERE p_dimension IN ('all', 'department', 'location')
    UNION ALL
    -- A cohort's members are enrolled until they leave it or it ends (or is closed): a cohort
    -- that is over has no headcount, and only cohorts running in the range are read.
    SELECT c.name, m.enrolled_on,
           least(coalesce(m.left_on, 'infinity'), c.ends_on + 1, coalesce(c.closed_on + 1, 'infinity'))
    FROM mm.cohorts AS c JOIN mm.cohort_members AS m ON m.cohort_id = c.cohort_id
    WHERE p_dimension = 'cohort' AND c.ends_on >= (SELECT read_period FROM bounds)
),
staff_changes AS (
    -- A stretch [from, to) counts at the end of every period from the one holding `from` to the
    -- one before the one holding `to`; the last period may end early (the cutoff) when partial.
    -- Changes before the first period count from it. Summed per day first: far fewer rows to
    -- put in periods.
    SELECT d.group_name, greatest(date_trunc(p_grain, d.day::timestamp)::date, b.read_period) AS period, d.delta
    FROM (SELECT s.group_name, x.day, sum(x.delta) AS delta
          FROM staff AS s
          CROSS JOIN bounds AS b
          CROSS JOIN LATERAL (VALUES (s.from_day, 1), (CASE WHEN s.to_day < b.cutoff THEN s.to_day END, -1)) AS x (day, delta)
          WHERE s.from_day < b.cutoff AND s.to_day > b.read_period AND x.day IS NOT NULL
          GROUP BY s.group_name, x.day) AS d
    CROSS JOIN bounds AS b
),
headcounts AS (
    SELECT g.group_name, p.period,
           sum(coalesce(c.delta, 0)) OVER (PARTITION BY g.group_name ORDER BY p.period) AS headcount
    FROM (SELECT DISTINCT sc.group_name FROM staff_changes AS sc) AS g
    CROSS JOIN periods AS p
    LEFT JOIN (SELECT sc.group_name, sc.period, sum(sc.delta) AS delta FROM staff_changes AS sc GROUP BY 1, 2) AS c
           ON c.group_name = g.group_name AND c.period = p.period
),
cells AS (
    SELECT h.period, h.group_name FROM headcounts AS h WHERE h.headcount > 0
    UNION
    SELECT sf.period, sf.group_name FROM session_figures AS sf
    UNION
    SELECT p.period, '(all)' FROM periods AS p WHERE p_dimension = 'all'
)
SELECT c.period, c.period < b.first_period, c.group_name,
       CASE WHEN NOT (p_dimension = 'cohort' AND c.group_name = '(no cohort)') THEN coalesce(h.headcount, 0)::integer END,
       coalesce(sf.sessions, 0)::integer, coalesce(sf.concluded, 0)::integer, coalesce(sf.minutes, 0)::integer,
       coalesce(pf.mentees, 0)::integer, coalesce(pf.mentors, 0)::integer, coalesce(pf.people, 0)::integer,
       coalesce(pf.newcomers, 0)::integer, coalesce(rt.previous, 0)::integer, coalesce(rt.retained, 0)::integer,
       sf.avg_rating::double precision, coalesce(sf.rated_sessions, 0)::integer, coalesce(rp.raters, 0)::integer,
       coalesce(sf.goal_known, 0)::integer, coalesce(rp.goal_reporters, 0)::integer, coalesce(sf.goal_met, 0)::integer
FROM cells AS c
CROSS JOIN bounds AS b
LEFT JOIN headcounts AS h ON h.period = c.period AND h.group_name = c.group_name
LEFT JOIN session_figures AS sf ON sf.period = c.period AND sf.group_name = c.group_name
LEFT JOIN reporters AS rp ON rp.period = c.period AND rp.group_name = c.group_name
LEFT JOIN people_figures AS pf ON pf.period = c.period AND pf.group_name = c.group_name
LEFT JOIN retention AS rt ON rt.period = c.period AND rt.group_name = c.group_name
ORDER BY c.period, c.group_name
$$;

-- The whole program's figures per period: every total is shown, except the rating and goal
-- figures when fewer than k mentees gave them (DESIGN.md, "Privacy"). Rates are fractions in
-- [0, 1], NULL when their denominator is 0.
CREATE OR REPLACE FUNCTION mm.disclosed_totals(p_grain text, p_first date, p_last date, p_partial boolean DEFAULT false)
RETURNS TABLE (period date, sessions integer, completion_rate double precision, mentoring_minutes integer,
               active_mentees integer, active_mentors integer, active_participants integer, new_participants integer,
               retention_rate double precision, participation_rate double precision, avg_rating double precision,
               goal_met_rate double precision, rated_sessions integer, headcount integer)
LANGUAGE sql STABLE AS $$
    SELECT c.period, c.sessions, c.sessions::double precision / nullif(c.concluded, 0), c.mentoring_minutes,
           c.active_mentees, c.active_mentors, c.active_participants, c.new_participants,
           c.retained::double precision / nullif(c.previous_participants, 0),
           c.active_participants::double precision / nullif(c.headcount, 0),
           CASE WHEN c.raters >= k.k THEN c.avg_rating END,
           CASE WHEN c.raters >= k.k AND c.goal_reporters >= k.k THEN c.goal_met::double precision / nullif(c.goal_known, 0) END,
           c.rated_sessions, c.headcount
    FROM mm.participation_cells('all', p_grain, p_first, p_last, p_partial) AS c
    CROSS JOIN (SELECT mm.small_group_threshold() AS k) AS k
    WHERE NOT c.before_range
$$;

-- participation_between(first_month, last_month): the months of a range (each argument
-- truncated to its month, clipped to the first month with a session and the last complete
-- month); participation_monthly is it over all months. Owner's rights (SECURITY DEFINER, fixed
-- search_path): mm_reporting may call it and read the view but still cannot read anything in
-- mm. Aggregates only: no names, e-mails or employee ids.
CREATE OR REPLACE FUNCTION mm_metrics.participation_between(first_month date, last_month date)
RETURNS TABLE (month date, sessions integer, completion_rate double precision, mentoring_minutes integer,
               active_mentees integer, active_mentors integer, active_participants integer, new_participants integer,
               retention_rate double precision, participation_rate double precision, avg_rating double precision,
               goal_met_rate double precision, rated_sessions integer, headcount integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT * FROM mm.disclosed_totals('month', first_month, last_month)
$$;

CREATE OR REPLACE VIEW mm_metrics.participation_monthly AS
    SELECT * FROM mm_metrics.participation_between('-infinity', 'infinity');

-- The year from January through `through_month` (truncated to its month; at most the last
-- complete month), as one row: the monthly report's year-to-date line. Retention is NULL (a
-- part of a year has no comparable period before it).
CREATE OR REPLACE FUNCTION mm_metrics.participation_year_to_date(through_month date)
RETURNS TABLE (year date, through date, sessions integer, completion_rate double precision, mentoring_minutes integer,
               active_mentees integer, active_mentors integer, active_participants integer, new_participants integer,
               participation_rate double precision, avg_rating double precision, goal_met_rate double precision,
               rated_sessions integer, headcount integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT t.period, least(date_trunc('month', through_month)::date,
                           (date_trunc('month', now() AT TIME ZONE 'UTC') - interval '1 month')::date),
           t.sessions, t.completion_rate, t.mentoring_minutes, t.active_mentees, t.active_mentors,
           t.active_participants, t.new_participants, t.participation_rate, t.avg_rating, t.goal_met_rate,
           t.rated_sessions, t.headcount
    FROM mm.disclosed_totals('year', date_trunc('year', through_month)::date, through_month, true) AS t
$$;

COMMENT ON VIEW mm_metrics.participation_monthly IS
    'Program participation per calendar month (UTC): sessions, completion, minutes, active and new people, retention, participation, ratings.';
COMMENT ON FUNCTION mm_metrics.participation_between(date, date) IS
    'participation_monthly for the months from the first to the second argument (fast for short ranges).';
COMMENT ON FUNCTION mm_metrics.participation_year_to_date(date) IS
    'Program participation from January through the given month (at most the last complete month), distinct people over the span.';

REVOKE ALL ON FUNCTION mm_metrics.participation_between(date, date) FROM PUBLIC;
REVOKE ALL ON FUNCTION mm_metrics.participation_year_to_date(date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION mm_metrics.participation_between(date, date) TO mm_reporting;
GRANT EXECUTE ON FUNCTION mm_metrics.participation_year_to_date(date) TO mm_reporting;
GRANT SELECT ON mm_metrics.participation_monthly TO mm_reporting;
