-- Program administration: cohorts, their members, mentor profiles, sessions and outcomes.
--
-- Length limits (characters): cohort and session external ids 100, cohort name 200, cohort
-- description 2000, topic 200, outcome note 4000; session format is a lower-case word.
--
-- Decisions (see README):
--   * A person has one membership per cohort, as mentor or as mentee.
--   * A session's people must exist in mm.employees, its cohort in mm.cohorts, and both people
--     must be members of that cohort. Statement-level triggers check all three set-based: per-row
--     foreign keys cost three row-locking lookups per session, which dominates a million-row
--     import. The other direction of a foreign key (the referenced row disappearing) cannot
--     happen: employees and cohorts are never deleted (DESIGN.md: nothing about a person is
--     ever deleted; cohorts are closed, not removed), which triggers below enforce.

CREATE TABLE mm.cohorts (
    cohort_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    external_id  text UNIQUE CHECK (length(external_id) BETWEEN 1 AND 100),
    name         text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
    description  text CHECK (length(description) <= 2000),
    cohort_type  text CHECK (length(cohort_type) <= 100),
    department   text CHECK (length(department) <= 200),
    starts_on    date NOT NULL,
    ends_on      date NOT NULL,
    closed_on    date,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_on >= starts_on)
);

CREATE TABLE mm.cohort_members (
    cohort_id    bigint NOT NULL REFERENCES mm.cohorts,
    employee_id  text NOT NULL REFERENCES mm.employees,
    role         text NOT NULL CHECK (role IN ('mentor', 'mentee')),
    enrolled_on  date NOT NULL,
    left_on      date,
    PRIMARY KEY (cohort_id, employee_id),
    CHECK (left_on IS NULL OR left_on >= enrolled_on)
);
CREATE INDEX cohort_members_employee_idx ON mm.cohort_members (employee_id);

CREATE TABLE mm.mentors (
    employee_id       text PRIMARY KEY REFERENCES mm.employees,
    topics            text[] NOT NULL DEFAULT '{}',
    monthly_capacity  integer NOT NULL DEFAULT 4 CHECK (monthly_capacity BETWEEN 0 AND 100),
    active            boolean NOT NULL DEFAULT true,
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mentors_topics_idx ON mm.mentors USING gin (topics);

CREATE TABLE mm.sessions (
    session_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    external_id       text UNIQUE CHECK (length(external_id) BETWEEN 1 AND 100),
    mentor_id         text NOT NULL,   -- an mm.employees id, checked per statement (see above)
    mentee_id         text NOT NULL,   -- likewise
    started_at        timestamptz NOT NULL,
    duration_minutes  integer NOT NULL CHECK (duration_minutes BETWEEN 1 AND 480),
    format            text NOT NULL DEFAULT 'coffee_chat' CHECK (format ~ '^[a-z][a-z_]{0,39}$'),
    topic             text CHECK (length(topic) <= 200),
    cohort_id         bigint,          -- an mm.cohorts id, checked per statement
    status            text NOT NULL DEFAULT 'completed'
                      CHECK (status IN ('scheduled', 'completed', 'cancelled', 'no_show')),
    created_at        timestamptz NOT NULL DEFAULT now(),
    CHECK (mentor_id <> mentee_id)
);
-- The same pair meeting at the same instant twice is a duplicate, which also makes re-imports
-- of files without session ids idempotent.
CREATE UNIQUE INDEX sessions_pair_time_key ON mm.sessions (mentor_id, mentee_id, started_at);
CREATE INDEX sessions_started_idx ON mm.sessions (started_at);
CREATE INDEX sessions_mentee_idx ON mm.sessions (mentee_id, started_at);
CREATE INDEX sessions_cohort_idx ON mm.sessions (cohort_id) WHERE cohort_id IS NOT NULL;

COMMENT ON COLUMN mm.sessions.status IS
    'scheduled, completed, cancelled or no_show; only completed sessions count as having met';

-- The people of new or changed sessions exist, their cohort exists, and both are its members.
CREATE FUNCTION mm.check_session_references() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    offending record;
BEGIN
    SELECT n.session_id, p.person INTO offending
    FROM new_sessions AS n
    CROSS JOIN LATERAL (VALUES (n.mentor_id), (n.mentee_id)) AS p(person)
    WHERE NOT EXISTS (SELECT 1 FROM mm.employees AS e WHERE e.employee_id = p.person)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'session % names %, who is not in mm.employees', offending.session_id, offending.person
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    SELECT n.session_id, n.cohort_id INTO offending
    FROM new_sessions AS n
    WHERE n.cohort_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM mm.cohorts AS c WHERE c.cohort_id = n.cohort_id)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'session % names cohort %, which does not exist', offending.session_id, offending.cohort_id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    SELECT n.session_id, n.cohort_id, p.person INTO offending
    FROM new_sessions AS n
    CROSS JOIN LATERAL (VALUES (n.mentor_id), (n.mentee_id)) AS p(person)
    WHERE n.cohort_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM mm.cohort_members AS m
                      WHERE m.cohort_id = n.cohort_id AND m.employee_id = p.person)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'session % names cohort %, but % is not a member of it',
            offending.session_id, offending.cohort_id, offending.person
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER sessions_references_on_insert AFTER INSERT ON mm.sessions
    REFERENCING NEW TABLE AS new_sessions FOR EACH STATEMENT EXECUTE FUNCTION mm.check_session_references();
CREATE TRIGGER sessions_references_on_update AFTER UPDATE ON mm.sessions
    REFERENCING NEW TABLE AS new_sessions FOR EACH STATEMENT EXECUTE FUNCTION mm.check_session_references();

-- Employees and cohorts are never deleted (people become inactive, cohorts are closed).
CREATE FUNCTION mm.refuse_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows are never deleted (%)', TG_TABLE_NAME,
        CASE TG_TABLE_NAME WHEN 'employees' THEN 'a roster import marks people inactive'
                           ELSE 'close a cohort instead' END
        USING ERRCODE = 'restrict_violation';
END
$$;

CREATE TRIGGER employees_never_deleted BEFORE DELETE OR TRUNCATE ON mm.employees
    FOR EACH STATEMENT EXECUTE FUNCTION mm.refuse_delete();
CREATE TRIGGER cohorts_never_deleted BEFORE DELETE OR TRUNCATE ON mm.cohorts
    FOR EACH STATEMENT EXECUTE FUNCTION mm.refuse_delete();

-- A membership that sessions rely on cannot be deleted (people leave a cohort by left_on).
CREATE FUNCTION mm.check_cohort_member_removal() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM old_members AS o
               JOIN mm.sessions AS s ON s.cohort_id = o.cohort_id
                                    AND (s.mentor_id = o.employee_id OR s.mentee_id = o.employee_id)
               WHERE NOT EXISTS (SELECT 1 FROM mm.cohort_members AS m
                                 WHERE m.cohort_id = o.cohort_id AND m.employee_id = o.employee_id)) THEN
        RAISE EXCEPTION 'a cohort membership that sessions refer to cannot be removed'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER cohort_members_removal AFTER DELETE ON mm.cohort_members
    REFERENCING OLD TABLE AS old_members FOR EACH STATEMENT EXECUTE FUNCTION mm.check_cohort_member_removal();

CREATE TABLE mm.outcomes (
    session_id     bigint PRIMARY KEY REFERENCES mm.sessions ON DELETE CASCADE,
    external_id    text UNIQUE CHECK (length(external_id) BETWEEN 1 AND 100),
    mentee_rating  smallint CHECK (mentee_rating BETWEEN 1 AND 5),
    mentor_rating  smallint CHECK (mentor_rating BETWEEN 1 AND 5),
    goal_met       boolean,
    follow_up      boolean NOT NULL DEFAULT false,
    submitted_at   timestamptz,
    note           text CHECK (length(note) <= 4000)
);

ALTER TABLE mm.import_log ADD COLUMN warnings integer NOT NULL DEFAULT 0;
ALTER TABLE mm.import_log ADD COLUMN enrolled integer NOT NULL DEFAULT 0;
