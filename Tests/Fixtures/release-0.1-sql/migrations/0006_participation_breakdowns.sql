-- Participation by cohort, by department and by location, with small-group suppression.
--
-- A completed session counts in the group of each of its two people: their department or
-- location as of the session day (roster history; their earliest recorded values for a day
-- before their first period), or the session's cohort. A group of fewer than k distinct people
-- in a month shows no figures (all NULL); k is mm.settings 'small_group_threshold', default 5,
-- never below 3. So that a figure cannot be recovered by subtracting the shown groups from the
-- overall total, a month with exactly one suppressed group also suppresses its next-smallest
-- group (complementary suppression).

-- Every completed session with both people's department and location as of its day (UTC):
-- the roster history period containing the day or, for a day before a person's first period,
-- their earliest recorded values (DESIGN.md). The one place that places sessions in the roster;
-- the breakdowns, the department tie matrix and `metrics refresh` all read it.
CREATE VIEW mm.completed_sessions_placed AS
WITH first_period AS (
    SELECT DISTINCT ON (employee_id) employee_id, department, location
    FROM mm.employee_history ORDER BY employee_id, valid_from
),
completed AS (
    SELECT s.*, (s.started_at AT TIME ZONE 'UTC')::date AS day FROM mm.sessions AS s WHERE s.status = 'completed'
)
SELECT c.session_id, c.started_at, c.day, date_trunc('month', c.day)::date AS month, c.mentor_id, c.mentee_id,
       c.duration_minutes, c.cohort_id,
       coalesce(hr.department, fr.department) AS mentor_department, coalesce(hr.location, fr.location) AS mentor_location,
       coalesce(he.department, fe.department) AS mentee_department, coalesce(he.location, fe.location) AS mentee_location
FROM completed AS c
LEFT JOIN mm.employee_history AS hr
       ON hr.employee_id = c.mentor_id AND hr.valid_from <= c.day AND (hr.valid_to IS NULL OR hr.valid_to > c.day)
LEFT JOIN first_period AS fr ON fr.employee_id = c.mentor_id
LEFT JOIN mm.employee_history AS he
       ON he.employee_id = c.mentee_id AND he.valid_from <= c.day AND (he.valid_to IS NULL OR he.valid_to > c.day)
LEFT JOIN first_period AS fe ON fe.employee_id = c.mentee_id;

CREATE TABLE mm.settings (
    key    text PRIMARY KEY,
    value  text NOT NULL
);
INSERT INTO mm.settings (key, value) VALUES ('small_group_threshold', '5');

CREATE FUNCTION mm.participation_breakdown(dimension text)
RETURNS TABLE (month date, group_name text, sessions integer, mentoring_minutes integer, active_mentees integer,
               active_mentors integer, active_participants integer, avg_rating double precision,
               goal_met_rate double precision)
LANGUAGE sql STABLE AS $$
    WITH threshold AS (
        SELECT greatest(3, coalesce((SELECT value::integer FROM mm.settings WHERE key = 'small_group_threshold'), 5)) AS k
    ),
    roles AS (
        SELECT p.month, p.session_id, p.duration_minutes, p.cohort_id, r.person, r.role, r.department, r.location
        FROM mm.completed_sessions_placed AS p
        CROSS JOIN LATERAL (VALUES (p.mentor_id, 'mentor', p.mentor_department, p.mentor_location),
                                   (p.mentee_id, 'mentee', p.mentee_department, p.mentee_location))
            AS r(person, role, department, location)
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
        SELECT DISTINCT month, group_name, session_id, duration_minutes FROM grouped
    ),
    session_figures AS (
        SELECT g.month, g.group_name, count(*) AS sessions, sum(g.duration_minutes) AS minutes,
               avg(o.mentee_rating) AS avg_rating,
               count(*) FILTER (WHERE o.goal_met)::numeric / nullif(count(o.goal_met), 0) AS goal_met_rate
        FROM group_sessions AS g LEFT JOIN mm.outcomes AS o ON o.session_id = g.session_id
        GROUP BY g.month, g.group_name
    ),
    people_figures AS (
        SELECT month, group_name,
               count(DISTINCT person) FILTER (WHERE role = 'mentee') AS mentees,
               count(DISTINCT person) FILTER (WHERE role = 'mentor') AS mentors,
               count(DISTINCT person) AS people
        FROM grouped GROUP BY month, group_name
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
    SELECT month, group_name,
           CASE WHEN NOT suppressed THEN sessions::integer END,
           CASE WHEN NOT suppressed THEN minutes::integer END,
           CASE WHEN NOT suppressed THEN mentees::integer END,
           CASE WHEN NOT suppressed THEN mentors::integer END,
           CASE WHEN NOT suppressed THEN people::integer END,
           CASE WHEN NOT suppressed THEN avg_rating::double precision END,
           CASE WHEN NOT suppressed THEN goal_met_rate::double precision END
    FROM decided
    ORDER BY month, group_name
$$;

CREATE VIEW mm_metrics.participation_by_department AS
    SELECT month, group_name AS department, sessions, mentoring_minutes, active_mentees, active_mentors,
           active_participants, avg_rating, goal_met_rate
    FROM mm.participation_breakdown('department');
CREATE VIEW mm_metrics.participation_by_location AS
    SELECT month, group_name AS location, sessions, mentoring_minutes, active_mentees, active_mentors,
           active_participants, avg_rating, goal_met_rate
    FROM mm.participation_breakdown('location');
CREATE VIEW mm_metrics.participation_by_cohort AS
    SELECT month, group_name AS cohort, sessions, mentoring_minutes, active_mentees, active_mentors,
           active_participants, avg_rating, goal_met_rate
    FROM mm.participation_breakdown('cohort');

COMMENT ON VIEW mm_metrics.participation_by_department IS
    'Participation per month and department (as of each session); groups under the small-group threshold show no figures.';
COMMENT ON VIEW mm_metrics.participation_by_location IS
    'Participation per month and location (as of each session); groups under the small-group threshold show no figures.';
COMMENT ON VIEW mm_metrics.participation_by_cohort IS
    'Participation per month and cohort; groups under the small-group threshold show no figures.';

GRANT SELECT ON mm_metrics.participation_by_department, mm_metrics.participation_by_location,
                mm_metrics.participation_by_cohort TO mm_reporting;
