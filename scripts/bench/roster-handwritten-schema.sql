-- The hand-written PostgreSQL equivalent of a roster import, for scripts/bench-roster.sh:
-- a typed table with the same constraints and indexes as mm.employees.
CREATE TABLE employees (
    employee_id  text PRIMARY KEY CHECK (length(employee_id) BETWEEN 1 AND 64),
    email        text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    given_name   text CHECK (length(given_name) <= 200),
    family_name  text CHECK (length(family_name) <= 200),
    department   text CHECK (length(department) <= 200),
    title        text CHECK (length(title) <= 200),
    location     text CHECK (length(location) <= 200),
    manager_id   text CHECK (length(manager_id) <= 64),
    hire_date    date,
    status       text NOT NULL CHECK (status IN ('active', 'inactive')),
    left_on      date,
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX employees_email_lower_key ON employees (lower(email));
CREATE INDEX employees_manager_idx ON employees (manager_id);
