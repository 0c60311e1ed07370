-- Employment dates per roster period. Headcount at a month's end (the denominator of
-- participation_rate, and each group's headcount) is read from the roster period covering that
-- day, with the hire and termination dates that roster gave (sql/definitions/015_staff.sql). A
-- later roster that re-hires someone, corrects a hire date or reports a past termination starts
-- a new period at its as-of date, so it changes no month that ended before it.
ALTER TABLE mm.employee_history
    ADD COLUMN hire_date date,
    ADD COLUMN left_on date;

-- Periods recorded before this migration get the person's current dates: the best that is
-- known, and exactly what the figures used until now.
UPDATE mm.employee_history AS h
SET hire_date = e.hire_date, left_on = e.left_on
FROM mm.employees AS e
WHERE e.employee_id = h.employee_id;

COMMENT ON COLUMN mm.employee_history.hire_date IS 'hire date as the roster of this period gave it';
COMMENT ON COLUMN mm.employee_history.left_on IS 'termination date as the roster of this period gave it';

-- The participation functions gain columns (headcount, rated_sessions and the rest of
-- DESIGN.md's breakdown columns). A function's result columns cannot be changed in place, so
-- the old ones and the views over them go here; sql/definitions/ creates the new ones right
-- after the migrations.
DROP VIEW IF EXISTS mm_metrics.participation_monthly, mm_metrics.participation_by_department,
    mm_metrics.participation_by_location, mm_metrics.participation_by_cohort;
DROP FUNCTION IF EXISTS mm_metrics.participation_between(date, date);
DROP FUNCTION IF EXISTS mm_metrics.participation_breakdown_between(text, date, date);
