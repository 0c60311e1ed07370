-- Completed sessions placed in the roster: every completed session with both people's
-- department and location as of its day (UTC), i.e. the roster history period containing the
-- day or, for a day before a person's first period, their earliest recorded values
-- (DESIGN.md, "roster history"). The one place that places sessions in the roster: the
-- participation breakdowns, the department tie matrix and `metrics refresh` all read it.
--
-- A view in mm (it holds employee ids): mm_reporting has no right on it; the mm_metrics
-- functions read it with their owner's rights.

CREATE OR REPLACE VIEW mm.completed_sessions_placed AS
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
