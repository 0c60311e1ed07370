-- Timely guidance: how long enrolled mentees wait for their first session, per month.
--
-- A mentee's wait starts on their earliest enrolment as mentee (mm.cohort_members) and ends with
-- their first completed session as mentee (any cohort) on or after that day. Per month M:
--   first_sessions          mentees whose wait ended in M
--   median_days_to_first_session   the median of their waits in days (NULL when fewer than k:
--                           a figure about those people)
--   waiting_mentees         mentees enrolled at M's end (a mentee membership covering that day)
--                           whose wait has not ended by then
--   waiting_over_30_days    of those, the ones enrolled more than 30 days before M's end
-- Counts are program totals, shown like participation_monthly's (DESIGN.md, "Privacy").
-- Reads the memberships and, per mentee, an index probe for the first session.
CREATE OR REPLACE FUNCTION mm_metrics.time_to_first_session_between(first_month date, last_month date)
RETURNS TABLE (month date, first_sessions integer, median_days_to_first_session double precision,
               waiting_mentees integer, waiting_over_30_days integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET jit = off AS $$
WITH threshold AS (SELECT mm.small_group_threshold() AS k),
months AS (SELECT * FROM mm.metric_months(first_month, last_month)),
bounds AS (SELECT min(month) AS first, max(month) AS last FROM months),
mentees AS (
    SELECT cm.employee_id AS mentee_id, min(cm.enrolled_on) AS enrolled_on
    FROM mm.cohort_members AS cm, bounds AS b
    WHERE cm.role = 'mentee' AND cm.enrolled_on < (b.last + interval '1 month')::date
    GROUP BY cm.employee_id
),
waits AS (
    SELECT m.mentee_id, m.enrolled_on,
           (SELECT min(s.started_at) FROM mm.sessions AS s
            WHERE s.mentee_id = m.mentee_id AND s.status = 'completed'
              AND s.started_at >= m.enrolled_on::timestamp AT TIME ZONE 'UTC') AS first_at
    FROM mentees AS m
),
ended AS (
    SELECT date_trunc('month', w.first_at AT TIME ZONE 'UTC')::date AS month,
           count(*)::integer AS first_sessions,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY (w.first_at AT TIME ZONE 'UTC')::date - w.enrolled_on)::double precision AS median_days
    FROM waits AS w, bounds AS b
    WHERE w.first_at >= b.first::timestamp AT TIME ZONE 'UTC'
      AND w.first_at < (b.last + interval '1 month')::timestamp AT TIME ZONE 'UTC'
    GROUP BY 1
),
waiting AS (
    SELECT mo.month, count(*)::integer AS waiting,
           count(*) FILTER (WHERE (mo.month + interval '1 month - 1 day')::date - w.enrolled_on > 30)::integer AS over_30
    FROM months AS mo
    JOIN waits AS w ON w.enrolled_on < (mo.month + interval '1 month')::date
                   AND (w.first_at IS NULL OR w.first_at >= (mo.month + interval '1 month')::timestamp AT TIME ZONE 'UTC')
    WHERE EXISTS (SELECT 1 FROM mm.cohort_members AS cm
                  WHERE cm.employee_id = w.mentee_id AND cm.role = 'mentee'
                    AND cm.enrolled_on < (mo.month + interval '1 month')::date
                    AND (cm.left_on IS NULL OR cm.left_on >= (mo.month + interval '1 month')::date))
    GROUP BY mo.month
)
SELECT mo.month, coalesce(e.first_sessions, 0), CASE WHEN e.first_sessions >= t.k THEN e.median_days END,
       coalesce(w.waiting, 0), coalesce(w.over_30, 0)
FROM months AS mo
CROSS JOIN threshold AS t
LEFT JOIN ended AS e ON e.month = mo.month
LEFT JOIN waiting AS w ON w.month = mo.month
ORDER BY mo.month
$$;

CREATE OR REPLACE VIEW mm_metrics.time_to_first_session_monthly AS
    SELECT * FROM mm_metrics.time_to_first_session_between('-infinity', 'infinity');

COMMENT ON VIEW mm_metrics.time_to_first_session_monthly IS
    'Per month: mentees whose first session after enrolment fell in it, the median days they waited (hidden under k), and mentees still waiting at its end, over 30 days among them.';
COMMENT ON FUNCTION mm_metrics.time_to_first_session_between(date, date) IS
    'time_to_first_session_monthly for the months from the first to the second argument.';
REVOKE ALL ON FUNCTION mm_metrics.time_to_first_session_between(date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION mm_metrics.time_to_first_session_between(date, date) TO mm_reporting;
GRANT SELECT ON mm_metrics.time_to_first_session_monthly TO mm_reporting;
