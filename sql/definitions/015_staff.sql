-- Who was on staff, when, and in which department and location: one row per stretch of days
-- [staff_from, staff_to) a person was employed within one roster period (DESIGN.md,
-- "participation_rate" and "Breakdowns": headcount at a month's end comes from roster history).
--
-- Each roster period contributes the days it covers on which the roster of that period had the
-- person employed: hired by then (no hire date: from the period's start), not yet left, and not
-- inactive without a termination date. The days before a person's first period take their
-- earliest recorded values (DESIGN.md), from the hire date on. Because every period keeps the
-- dates its own roster gave (migration 0012), a later roster that re-hires someone, corrects a
-- hire date or reports a past termination starts a new period and changes no month that ended
-- before it.
--
-- A person counts at the end of month M when staff_from <= M's last day < staff_to. A view in
-- mm (it holds employee ids); the mm_metrics functions read it with their owner's rights.

CREATE OR REPLACE VIEW mm.staff_intervals AS
WITH periods AS (
    SELECT h.*, row_number() OVER (PARTITION BY h.employee_id ORDER BY h.valid_from) AS n
    FROM mm.employee_history AS h
),
stretches AS (
    SELECT p.employee_id, p.department, p.location,
           greatest(p.valid_from, coalesce(p.hire_date, p.valid_from)) AS staff_from,
           least(coalesce(p.valid_to, 'infinity'), coalesce(p.left_on, 'infinity')) AS staff_to
    FROM periods AS p
    WHERE p.status = 'active' OR p.left_on IS NOT NULL
    UNION ALL
    SELECT p.employee_id, p.department, p.location, p.hire_date, least(p.valid_from, coalesce(p.left_on, 'infinity'))
    FROM periods AS p
    WHERE p.n = 1 AND p.hire_date < p.valid_from
)
SELECT s.employee_id, s.department, s.location, s.staff_from, s.staff_to
FROM stretches AS s
WHERE s.staff_from < s.staff_to;
