-- Participation per month by department, by location and by cohort, with small-group
-- suppression (DESIGN.md, "Breakdowns" and "Privacy").
--
-- A completed session counts in the group of each of its two people: their department or
-- location as of the session day (mm.completed_sessions_placed), or the session's cohort. A
-- group of fewer than k distinct people in a month (mm.small_group_threshold()) shows no
-- figures (all NULL). So that a figure cannot be recovered by subtracting the shown groups from
-- the overall total, a month with exactly one suppressed group also suppresses its
-- next-smallest group (complementary suppression).
--
-- participation_breakdown_between(dimension, first_month, last_month) computes a month range
-- for one dimension ('department', 'location' or 'cohort'; any other value is an error, not a
-- silent cohort breakdown); the three views are it over all months. Owner's rights, as in 030_participation.sql.

CREATE OR REPLACE FUNCTION mm.require_breakdown_dimension(dimension text) RETURNS void
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF dimension IS DISTINCT FROM 'department' AND dimension IS DISTINCT FROM 'location'
       AND dimension IS DISTINCT FROM 'cohort' THEN
        RAISE EXCEPTION 'unknown breakdown dimension %', coalesce(quote_literal(dimension), 'NULL')
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use department, location or cohort.';
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION mm_metrics.participation_breakdown_between(dimension text, first_month date, last_month date)
RETURNS TABLE (month date, group_name text, sessions integer, mentoring_minutes integer, active_mentees integer,
               active_mentors integer, active_participants integer, avg_rating double precision,
               goal_met_rate double precision)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT mm.require_breakdown_dimension(dimension);
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
                   WHEN 'cohort' THEN coalesce(c.name, '(no cohort)')
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

COMMENT ON VIEW mm_metrics.participation_by_department IS
    'Participation per month and department (as of each session); groups under the small-group threshold show no figures.';
COMMENT ON VIEW mm_metrics.participation_by_location IS
    'Participation per month and location (as of each session); groups under the small-group threshold show no figures.';
COMMENT ON VIEW mm_metrics.participation_by_cohort IS
    'Participation per month and cohort; groups under the small-group threshold show no figures.';
COMMENT ON FUNCTION mm_metrics.participation_breakdown_between(text, date, date) IS
    'participation_by_department / _location / _cohort (dimension department, location or cohort) for a month range.';

REVOKE ALL ON FUNCTION mm_metrics.participation_breakdown_between(text, date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION mm_metrics.participation_breakdown_between(text, date, date) TO mm_reporting;
GRANT SELECT ON mm_metrics.participation_by_department, mm_metrics.participation_by_location,
                mm_metrics.participation_by_cohort TO mm_reporting;
