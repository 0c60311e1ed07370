-- The hand-written PostgreSQL equivalent of `mmadmin import sessions` and `import outcomes`
-- for scripts/bench-sessions.sh: typed tables with the same checks, foreign keys to the same
-- employees and cohorts, and the same indexes as mm.sessions and mm.outcomes, loaded with
-- psql \copy straight from the files.
CREATE TABLE public.hand_sessions (
    session_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    external_id       text UNIQUE CHECK (length(external_id) BETWEEN 1 AND 100),
    mentor_id         text NOT NULL REFERENCES mm.employees,
    mentee_id         text NOT NULL REFERENCES mm.employees,
    started_at        timestamptz NOT NULL,
    duration_minutes  integer NOT NULL CHECK (duration_minutes BETWEEN 1 AND 480),
    format            text NOT NULL CHECK (format ~ '^[a-z][a-z_]{0,39}$'),
    topic             text CHECK (length(topic) <= 200),
    cohort            text REFERENCES mm.cohorts (external_id),
    status            text NOT NULL CHECK (status IN ('scheduled', 'completed', 'cancelled', 'no_show')),
    CHECK (mentor_id <> mentee_id)
);
CREATE UNIQUE INDEX hand_sessions_pair_time_key ON public.hand_sessions (mentor_id, mentee_id, started_at);
CREATE INDEX hand_sessions_started_idx ON public.hand_sessions (started_at);
CREATE INDEX hand_sessions_mentee_idx ON public.hand_sessions (mentee_id, started_at);

CREATE TABLE public.hand_outcomes (
    external_id     text PRIMARY KEY CHECK (length(external_id) BETWEEN 1 AND 100),
    session         text NOT NULL UNIQUE REFERENCES public.hand_sessions (external_id),
    mentee_rating   smallint CHECK (mentee_rating BETWEEN 1 AND 5),
    mentor_rating   smallint CHECK (mentor_rating BETWEEN 1 AND 5),
    goal_met        boolean,
    follow_up       boolean NOT NULL DEFAULT false,
    note            text CHECK (length(note) <= 4000)
);
