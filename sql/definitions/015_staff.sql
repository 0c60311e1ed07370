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
-- One row per period: a first period also holds the days before it (its values are the
-- earliest), so its stretch starts at the hire date even when that is earlier.
SELECT s.employee_id, s.department, s.location, s.staff_from, s.staff_to
FROM (SELECT h.employee_id, h.department, h.location,
             CASE WHEN h.valid_from = min(h.valid_from) OVER (PARTITION BY h.employee_id)
                  THEN coalesce(h.hire_date, h.valid_from)
                  ELSE greatest(h.valid_from, coalesce(h.hire_date, h.valid_from)) END AS staff_from,
             least(CASE WHEN h.status = 'active' OR h.left_on IS NOT NULL THEN coalesce(h.valid_to, 'infinity')
                        ELSE h.valid_from END,
                   coalesce(h.left_on, 'infinity')) AS staff_to
      FROM mm.employee_history AS h) AS s
WHERE s.staff_from < s.staff_to;
