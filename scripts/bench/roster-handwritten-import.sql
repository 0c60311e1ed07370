-- One roster import by hand: \copy into a text staging table, one INSERT … ON CONFLICT DO UPDATE
-- merge, one UPDATE marking the people missing from the file inactive. Run with
-- psql -v as_of=YYYY-MM-DD -f this-file < roster.csv.
\set ON_ERROR_STOP on
BEGIN;
CREATE TEMP TABLE staging (
    employee_id text, email text, given_name text, family_name text, department text, title text,
    location text, manager_id text, hire_date text, status text, termination_date text
) ON COMMIT DROP;
\copy staging FROM pstdin WITH (FORMAT csv, HEADER true)
INSERT INTO employees AS e (employee_id, email, given_name, family_name, department, title, location,
                            manager_id, hire_date, status, left_on)
SELECT employee_id, email, given_name, family_name, department, title, location, nullif(manager_id, ''),
       nullif(hire_date, '')::date,
       CASE WHEN status = 'Terminated' OR nullif(termination_date, '')::date <= :'as_of'::date
            THEN 'inactive' ELSE 'active' END,
       nullif(termination_date, '')::date
FROM staging
ON CONFLICT (employee_id) DO UPDATE
SET email = excluded.email, given_name = excluded.given_name, family_name = excluded.family_name,
    department = excluded.department, title = excluded.title, location = excluded.location,
    manager_id = excluded.manager_id, hire_date = excluded.hire_date, status = excluded.status,
    left_on = excluded.left_on, updated_at = now()
WHERE (e.email, e.given_name, e.family_name, e.department, e.title, e.location, e.manager_id, e.hire_date,
       e.status, e.left_on)
      IS DISTINCT FROM
      (excluded.email, excluded.given_name, excluded.family_name, excluded.department, excluded.title,
       excluded.location, excluded.manager_id, excluded.hire_date, excluded.status, excluded.left_on);
UPDATE employees AS e SET status = 'inactive', left_on = :'as_of'::date, updated_at = now()
WHERE e.status = 'active' AND NOT EXISTS (SELECT 1 FROM staging AS s WHERE s.employee_id = e.employee_id);
COMMIT;
