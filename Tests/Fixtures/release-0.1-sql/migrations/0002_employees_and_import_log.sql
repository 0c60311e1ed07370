-- Employees, their dated roster history, and the import log.
--
-- Length limits (characters) are part of the contract; the importer reports longer values as
-- data errors before they reach these checks:
--   employee_id, manager_id 64; email 254; given_name, family_name, department, title, location 200.
--
-- Manager references are validated by the importer (a manager must be in the file or already
-- known) rather than by a foreign key, so that a roster whose managers appear later in the file,
-- or who have left, loads in one set-based statement.

CREATE TABLE mm.import_log (
    import_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind           text NOT NULL
                   CHECK (kind IN ('roster', 'cohorts', 'enrollments', 'mentors', 'sessions', 'outcomes')),
    file_name      text NOT NULL,
    content_sha256 text NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
    as_of          date,
    partial        boolean NOT NULL DEFAULT false,
    rows_read      integer NOT NULL DEFAULT 0,
    inserted       integer NOT NULL DEFAULT 0,
    updated        integer NOT NULL DEFAULT 0,
    reactivated    integer NOT NULL DEFAULT 0,
    deactivated    integer NOT NULL DEFAULT 0,
    unchanged      integer NOT NULL DEFAULT 0,
    started_at     timestamptz NOT NULL DEFAULT now(),
    finished_at    timestamptz,
    db_user        text NOT NULL DEFAULT current_user,
    os_user        text
);
CREATE INDEX import_log_kind_idx ON mm.import_log (kind, import_id DESC);

COMMENT ON TABLE mm.import_log IS
    'Every successful import: file, SHA-256 of its content, as-of date, counts, who ran it and when.';

-- One row per person ever seen in a roster; department, title, location, manager and status
-- here are the current values (those of the open history period).
CREATE TABLE mm.employees (
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
CREATE UNIQUE INDEX employees_email_lower_key ON mm.employees (lower(email));
CREATE INDEX employees_manager_idx ON mm.employees (manager_id);

COMMENT ON COLUMN mm.employees.status IS 'active (employed, on leave included) or inactive';
COMMENT ON COLUMN mm.employees.left_on IS 'termination date; may lie in the future for a known leaver';

-- Roster history: the values each roster import recorded, per validity period
-- [valid_from, valid_to). The open period has valid_to NULL. A period starts at the as-of date
-- of the import that brought a change, so a closed month's report never moves when a later
-- roster arrives.
CREATE TABLE mm.employee_history (
    employee_id text NOT NULL,
    valid_from  date NOT NULL,
    valid_to    date,
    department  text,
    title       text,
    location    text,
    manager_id  text,
    status      text NOT NULL CHECK (status IN ('active', 'inactive')),
    import_id   bigint,
    PRIMARY KEY (employee_id, valid_from),
    CHECK (valid_to IS NULL OR valid_to > valid_from)
);
CREATE UNIQUE INDEX employee_history_open_key ON mm.employee_history (employee_id) WHERE valid_to IS NULL;

-- The roster values of a person on a day: the period containing the day or, for a day before
-- their first recorded period, their earliest recorded values (DESIGN.md). One index scan.
CREATE FUNCTION mm.employee_on(p_employee_id text, p_day date)
RETURNS mm.employee_history
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT h.*
    FROM mm.employee_history AS h
    WHERE h.employee_id = p_employee_id
    ORDER BY (h.valid_from <= p_day) DESC,
             CASE WHEN h.valid_from <= p_day THEN h.valid_from END DESC NULLS LAST,
             h.valid_from
    LIMIT 1
$$;
