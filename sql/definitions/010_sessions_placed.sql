-- Sessions placed in the roster: every concluded session (completed, cancelled or no-show;
-- scheduled ones count in no metric) with both people's department and location as of its day
-- (UTC), i.e. the roster history period containing the day or, for a day before a person's
-- first period, their earliest recorded values (DESIGN.md, "roster history"). A day inside the
-- history keeps that period's values even when they are empty: the earliest values stand only
-- for the days before the history begins. The one place that places sessions in the roster:
-- the participation figures, the department tie matrix and `metrics refresh` all read it.
--
-- Views in mm (they hold employee ids): mm_reporting has no right on them; the mm_metrics
-- functions read them with their owner's rights.

CREATE OR REPLACE VIEW mm.concluded_sessions_placed AS
WITH first_period AS (
    SELECT DISTINCT ON (employee_id) employee_id, valid_from, department, location
    FROM mm.employee_history ORDER BY employee_id, valid_from
),
concluded AS (
    SELECT s.*, (s.started_at AT TIME ZONE 'UTC')::date AS day
    FROM mm.sessions AS s WHERE s.status IN ('completed', 'cancelled', 'no_show')
)
SELECT c.session_id, c.started_at, c.day, date_trunc('month', c.day)::date AS month, c.mentor_id, c.mentee_id,
       c.duration_minutes, c.cohort_id,
       CASE WHEN c.day < fr.valid_from THEN fr.department ELSE hr.department END AS mentor_department,
       CASE WHEN c.day < fr.valid_from THEN fr.location ELSE hr.location END AS mentor_location,
       CASE WHEN c.day < fe.valid_from THEN fe.department ELSE he.department END AS mentee_department,
       CASE WHEN c.day < fe.valid_from THEN fe.location ELSE he.location END AS mentee_location,
       c.status
FROM concluded AS c
LEFT JOIN mm.employee_history AS hr
       ON hr.employee_id = c.mentor_id AND hr.valid_from <= c.day AND (hr.valid_to IS NULL OR hr.valid_to > c.day)
LEFT JOIN first_period AS fr ON fr.employee_id = c.mentor_id
LEFT JOIN mm.employee_history AS he
       ON he.employee_id = c.mentee_id AND he.valid_from <= c.day AND (he.valid_to IS NULL OR he.valid_to > c.day)
LEFT JOIN first_period AS fe ON fe.employee_id = c.mentee_id;

CREATE OR REPLACE VIEW mm.completed_sessions_placed AS
    SELECT session_id, started_at, day, month, mentor_id, mentee_id, duration_minutes, cohort_id,
           mentor_department, mentor_location, mentee_department, mentee_location
    FROM mm.concluded_sessions_placed WHERE status = 'completed';
