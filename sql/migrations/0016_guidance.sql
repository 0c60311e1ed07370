-- Where guidance is needed (issue 14): what mentees want help with, how topics are spelled,
-- and the mentor capacity in force in each month.
--
--   mm.cohort_members.interests   topics a mentee states on enrolment (`cohort enroll --topics`,
--                                 the enrollments file's `interests` column), as given
--   mm.topic_aliases              spellings merged into one topic (`mmadmin topic alias`),
--                                 keyed by mm.topic_key of the alias (sql/definitions/070)
--   mm.mentor_profile_history     every mentor profile as it stood from a day on: a change of
--                                 capacity, topics or active keeps the earlier profile for the
--                                 months before it (mentor_load_monthly uses the one in force)

ALTER TABLE mm.cohort_members ADD COLUMN interests text[] NOT NULL DEFAULT '{}'
    CHECK (cardinality(interests) <= 50);
COMMENT ON COLUMN mm.cohort_members.interests IS
    'Topics the member wants help with (as given; compared through mm.topic_key and mm.topic_aliases)';

CREATE TABLE mm.topic_aliases (
    alias_key   text PRIMARY KEY CHECK (length(alias_key) BETWEEN 1 AND 200),
    alias       text NOT NULL CHECK (length(alias) BETWEEN 1 AND 200),
    topic       text NOT NULL CHECK (length(topic) BETWEEN 1 AND 200),
    created_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE mm.topic_aliases IS
    'Spellings of a topic merged into another (alias -> topic); one level: a topic is never itself an alias';

CREATE TABLE mm.mentor_profile_history (
    employee_id       text NOT NULL REFERENCES mm.employees,
    valid_from        date NOT NULL,
    topics            text[] NOT NULL,
    monthly_capacity  integer NOT NULL,
    active            boolean NOT NULL,
    PRIMARY KEY (employee_id, valid_from)
);
COMMENT ON TABLE mm.mentor_profile_history IS
    'Mentor profiles from a UTC day on; before a mentor''s first row, the earliest row applies';

-- The profiles of today stand for everything before: their history starts here.
INSERT INTO mm.mentor_profile_history (employee_id, valid_from, topics, monthly_capacity, active)
SELECT employee_id, (now() AT TIME ZONE 'UTC')::date, topics, monthly_capacity, active FROM mm.mentors;

-- Every change of a profile's topics, capacity or active flag is kept from its UTC day on (a
-- second change the same day replaces the first). Mentor profiles are few (one per mentor), so
-- a row trigger costs nothing that matters, also in an import of every mentor.
CREATE FUNCTION mm.keep_mentor_profile() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.topics, OLD.monthly_capacity, OLD.active)
                            IS NOT DISTINCT FROM (NEW.topics, NEW.monthly_capacity, NEW.active) THEN
        RETURN NULL;
    END IF;
    INSERT INTO mm.mentor_profile_history (employee_id, valid_from, topics, monthly_capacity, active)
    VALUES (NEW.employee_id, (now() AT TIME ZONE 'UTC')::date, NEW.topics, NEW.monthly_capacity, NEW.active)
    ON CONFLICT (employee_id, valid_from) DO UPDATE
    SET topics = excluded.topics, monthly_capacity = excluded.monthly_capacity, active = excluded.active;
    RETURN NULL;
END
$$;

CREATE TRIGGER mentors_profile_history AFTER INSERT OR UPDATE ON mm.mentors
    FOR EACH ROW EXECUTE FUNCTION mm.keep_mentor_profile();
