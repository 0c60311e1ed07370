-- Participation metrics, per calendar month in UTC (DESIGN.md, "Metric definitions").
--
-- A session "in month M" is a completed session whose started_at falls in M. Cancelled and
-- no-show sessions count only in completion_rate; scheduled ones in nothing. One row per month
-- from the first month with any session to the last complete month (the month before the
-- current one), months without sessions included with zeros. Rates are fractions in [0, 1],
-- NULL when their denominator is 0.

CREATE VIEW mm_metrics.participation_monthly AS
WITH session_months AS (
    -- Each session's month, computed once; the range scan on started_at stays index-friendly.
    SELECT date_trunc('month', s.started_at AT TIME ZONE 'UTC')::date AS month,
           s.session_id, s.mentor_id, s.mentee_id, s.duration_minutes, s.status
    FROM mm.sessions AS s
    WHERE s.status <> 'scheduled'
),
months AS (
    SELECT generate_series(min(month),
                           (date_trunc('month', now() AT TIME ZONE 'UTC') - interval '1 month')::date,
                           interval '1 month')::date AS month
    FROM session_months
),
participants AS (
    -- Who took part in a completed session, in which month, in which role(s): one row per
    -- person and month, so the counts below need no DISTINCT over millions of rows.
    SELECT month, person, bool_or(role = 'mentor') AS as_mentor, bool_or(role = 'mentee') AS as_mentee
    FROM (SELECT month, mentor_id AS person, 'mentor' AS role FROM session_months WHERE status = 'completed'
          UNION ALL
          SELECT month, mentee_id, 'mentee' FROM session_months WHERE status = 'completed') AS roles
    GROUP BY month, person
),
first_months AS (
    SELECT person, min(month) AS first_month FROM participants GROUP BY person
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
people_figures AS (
    SELECT month,
           count(*) FILTER (WHERE as_mentee) AS active_mentees,
           count(*) FILTER (WHERE as_mentor) AS active_mentors,
           count(*) AS active_participants
    FROM participants GROUP BY month
),
new_figures AS (
    SELECT first_month AS month, count(*) AS new_participants FROM first_months GROUP BY first_month
),
retention AS (
    -- Of last month's active participants, how many are active this month.
    SELECT m.month, count(p.person) AS previous, count(c.person) AS retained
    FROM months AS m
    JOIN participants AS p ON p.month = (m.month - interval '1 month')::date
    LEFT JOIN participants AS c ON c.month = m.month AND c.person = p.person
    GROUP BY m.month
),
staff_start AS (
    -- When each person joined the staff: their hire date, or, when the roster gives none, the
    -- start of their first roster period (so a later roster never adds people to closed months).
    SELECT e.employee_id, coalesce(e.hire_date, f.first_day) AS joined, e.left_on
    FROM mm.employees AS e
    LEFT JOIN (SELECT employee_id, min(valid_from) AS first_day FROM mm.employee_history GROUP BY employee_id) AS f
           ON f.employee_id = e.employee_id
),
staff_changes AS (
    -- Employees on staff at the end of month M: joined by M's last day and not left by then. A
    -- joining adds one from its month on, a leaving removes one from its month on; changes
    -- before the first month count from it.
    SELECT greatest(date_trunc('month', coalesce(s.joined, '-infinity'::date))::date, b.first_month) AS month, 1 AS delta
    FROM staff_start AS s CROSS JOIN (SELECT min(month) AS first_month FROM months) AS b
    WHERE s.left_on IS NULL OR s.joined IS NULL OR s.left_on > s.joined
    UNION ALL
    SELECT greatest(date_trunc('month', s.left_on)::date, b.first_month), -1
    FROM staff_start AS s CROSS JOIN (SELECT min(month) AS first_month FROM months) AS b
    WHERE s.left_on IS NOT NULL AND (s.joined IS NULL OR s.left_on > s.joined)
),
staff AS (
    SELECT m.month, sum(coalesce(c.delta, 0)) OVER (ORDER BY m.month) AS on_staff
    FROM months AS m
    LEFT JOIN (SELECT month, sum(delta) AS delta FROM staff_changes GROUP BY month) AS c ON c.month = m.month
)
SELECT m.month,
       coalesce(sf.sessions, 0)::integer AS sessions,
       (sf.sessions::numeric / nullif(sf.concluded, 0))::double precision AS completion_rate,
       coalesce(sf.mentoring_minutes, 0)::integer AS mentoring_minutes,
       coalesce(pf.active_mentees, 0)::integer AS active_mentees,
       coalesce(pf.active_mentors, 0)::integer AS active_mentors,
       coalesce(pf.active_participants, 0)::integer AS active_participants,
       coalesce(nf.new_participants, 0)::integer AS new_participants,
       (r.retained::numeric / nullif(r.previous, 0))::double precision AS retention_rate,
       (coalesce(pf.active_participants, 0)::numeric / nullif(st.on_staff, 0))::double precision AS participation_rate,
       sf.avg_rating::double precision AS avg_rating,
       (sf.goal_met::numeric / nullif(sf.goal_known, 0))::double precision AS goal_met_rate
FROM months AS m
LEFT JOIN session_figures AS sf ON sf.month = m.month
LEFT JOIN people_figures AS pf ON pf.month = m.month
LEFT JOIN new_figures AS nf ON nf.month = m.month
LEFT JOIN retention AS r ON r.month = m.month
LEFT JOIN staff AS st ON st.month = m.month;

COMMENT ON VIEW mm_metrics.participation_monthly IS
    'Program participation per calendar month (UTC): sessions, completion, minutes, active and new people, retention, participation, ratings.';

GRANT SELECT ON mm_metrics.participation_monthly TO mm_reporting;
