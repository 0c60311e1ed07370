-- Matching: proposed mentor-mentee pairs and the weights that rank them.
--
-- `mmadmin match cohort` stores its pairs here as proposals, never as sessions: a program
-- manager (or the people themselves) accept or decline them, and sessions are logged as usual.
-- A proposal that is proposed or accepted holds one of its mentor's places in its round's month
-- until a session between the two people is recorded in that month (then the session counts).

CREATE TABLE mm.match_proposals (
    proposal_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cohort_id    bigint NOT NULL REFERENCES mm.cohorts,
    round_on     date NOT NULL,
    mentee_id    text NOT NULL REFERENCES mm.employees,
    mentor_id    text NOT NULL REFERENCES mm.employees,
    score        double precision NOT NULL,
    reason       text NOT NULL,
    status       text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted', 'declined')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    decided_at   timestamptz,
    CHECK (mentor_id <> mentee_id)
);
-- One open proposal per mentee and round; declined ones stay as history.
CREATE UNIQUE INDEX match_proposals_open_key ON mm.match_proposals (cohort_id, round_on, mentee_id)
    WHERE status <> 'declined';
CREATE INDEX match_proposals_mentor_idx ON mm.match_proposals (mentor_id, round_on);

COMMENT ON TABLE mm.match_proposals IS
    'Pairs proposed by mmadmin match cohort; accepted or declined by people, never turned into sessions automatically';

-- Soft-preference weights (DESIGN.md "Matching"); a score is the sum of weight x fit, each fit
-- between 0 and 1. Change them here for every run, or per run with `--weight name=value`.
INSERT INTO mm.settings (key, value) VALUES
    ('match.weight.topic', '3'),
    ('match.weight.new_tie', '2'),
    ('match.weight.cross_department', '1.5'),
    ('match.weight.cross_location', '0.5'),
    ('match.weight.free_capacity', '1'),
    ('match.weight.seniority', '1'),
    ('match.cooldown_days', '90');
