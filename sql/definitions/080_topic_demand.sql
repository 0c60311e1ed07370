-- Topic demand and supply per month. Topics are compared case- and spacing-insensitively
-- (mm.topic_key: lower case, spaces trimmed and runs of white space made one space), and
-- mm.topic_aliases (`mmadmin topic alias "k8s" "Kubernetes"`) merges spellings: mm.topic_of
-- gives the key a topic is counted under. The one normalisation: the command layer, imports
-- and matching compare topics through these functions too.

CREATE OR REPLACE FUNCTION mm.topic_key(p_topic text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT nullif(lower(btrim(regexp_replace(p_topic, '[[:space:]]+', ' ', 'g'))), '')
$$;

-- The alias keys with the key of the topic each is counted under. Queries over many rows join
-- it (LEFT JOIN … ON alias_key = mm.topic_key(x), then coalesce(topic_key, mm.topic_key(x)));
-- mm.topic_of does the same for one value.
CREATE OR REPLACE VIEW mm.topic_alias_keys AS
    SELECT a.alias_key, mm.topic_key(a.topic) AS topic_key, a.topic FROM mm.topic_aliases AS a;

-- The key a topic is counted under: its alias's topic when it has one, else its own key.
CREATE OR REPLACE FUNCTION mm.topic_of(p_topic text) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT a.topic_key FROM mm.topic_alias_keys AS a WHERE a.alias_key = mm.topic_key(p_topic)),
                    mm.topic_key(p_topic))
$$;

-- Per month of first..last and topic (mm.topic_of):
--   sessions, mentees          completed sessions on the topic; their distinct mentees
--   waiting_mentees            mentees enrolled at the month's end (a mentee membership covering
--                              that day) with the topic among their interests and no completed
--                              session on it (as mentee, any cohort) from the enrolment stating
--                              it (the latest such) through the month's end
--   offering_mentors           mentors whose profile in force at the month's end is active and
--                              offers the topic (mm.mentor_profiles_in_force, 070)
--   free_capacity              their capacity in force minus their load that month
--                              (mm.mentor_loads), never below 0, summed
--   available_mentors          of those, the ones with a free place
--   demand_per_available_mentor  waiting_mentees / available_mentors (NULL without one)
-- Disclosure control (020, mm.hidden_cells), per month, the topics being one table each time:
-- sessions and mentees rest on the topic's distinct participants (both roles), waiting_mentees
-- on the waiting mentees, the mentor figures on the offering mentors; each is hidden when
-- 1..k-1 people, with the secondary rule over the topics of the month. The ratio needs both
-- of its figures shown.
CREATE OR REPLACE FUNCTION mm_metrics.topic_demand_between(first_month date, last_month date)
RETURNS TABLE (month date, topic text, sessions integer, mentees integer, waiting_mentees integer,
               offering_mentors integer, available_mentors integer, free_capacity integer,
               demand_per_available_mentor double precision)
-- Not planned with JIT: compiling cost seconds, running it milliseconds (as in 030).
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET jit = off AS $$
WITH threshold AS (SELECT mm.small_group_threshold() AS k),
months AS (SELECT * FROM mm.metric_months(first_month, last_month)),
bounds AS (SELECT min(month) AS first, max(month) AS last FROM months),
aliases AS MATERIALIZED (SELECT alias_key, topic_key FROM mm.topic_alias_keys),
topic_sessions AS (
    SELECT date_trunc('month', s.started_at AT TIME ZONE 'UTC')::date AS month,
           coalesce(a.topic_key, mm.topic_key(s.topic)) AS topic,
           count(*)::integer AS sessions, count(DISTINCT s.mentee_id)::integer AS mentees,
           (SELECT count(DISTINCT p) FROM unnest(array_agg(s.mentor_id) || array_agg(s.mentee_id)) AS p)::integer AS people
    FROM mm.sessions AS s
    CROSS JOIN bounds AS b
    LEFT JOIN aliases AS a ON a.alias_key = mm.topic_key(s.topic)
    WHERE s.status = 'completed' AND mm.topic_key(s.topic) IS NOT NULL
      AND s.started_at >= b.first::timestamp AT TIME ZONE 'UTC'
      AND s.started_at < (b.last + interval '1 month')::timestamp AT TIME ZONE 'UTC'
    GROUP BY 1, 2
),
stated AS MATERIALIZED (
    -- Mentees enrolled at each month's end (a mentee membership covering that day) with the
    -- interests (as given) their memberships state, once each, with the latest enrolment
    -- stating them: an interest is a request from the enrolment that states it.
    SELECT mo.month, cm.employee_id AS mentee_id, i.raw, max(cm.enrolled_on) AS enrolled_on
    FROM months AS mo
    JOIN mm.cohort_members AS cm
      ON cm.role = 'mentee' AND cardinality(cm.interests) > 0 AND cm.enrolled_on < (mo.month + interval '1 month')::date
     AND (cm.left_on IS NULL OR cm.left_on >= (mo.month + interval '1 month')::date)
    CROSS JOIN LATERAL unnest(cm.interests) AS i (raw)
    GROUP BY mo.month, cm.employee_id, i.raw
),
interested AS (
    -- The sessions to look at start with the earliest of those requests.
    SELECT st.month, st.mentee_id, min(st.enrolled_on) AS enrolled_on FROM stated AS st GROUP BY st.month, st.mentee_id
),
met_raw AS (
    -- The topics (as given) of their completed sessions as mentee since then: one index range
    -- per mentee (sessions_mentee_idx; a lateral subquery, so never a scan of all sessions).
    SELECT i.month, i.mentee_id, t.topic, t.since
    FROM interested AS i
    CROSS JOIN LATERAL (
        SELECT s.topic, max(s.started_at) AS since FROM mm.sessions AS s
        WHERE s.mentee_id = i.mentee_id AND s.status = 'completed' AND s.topic IS NOT NULL
          AND s.started_at >= i.enrolled_on::timestamp AT TIME ZONE 'UTC'
          AND s.started_at < (i.month + interval '1 month')::timestamp AT TIME ZONE 'UTC'
        GROUP BY s.topic) AS t
),
raw_keys AS (
    -- Each spelling met or stated, normalised once (few distinct spellings, many rows).
    SELECT r.raw, coalesce(a.topic_key, mm.topic_key(r.raw)) AS topic
    FROM (SELECT m.topic AS raw FROM met_raw AS m UNION SELECT st.raw FROM stated AS st) AS r
    LEFT JOIN aliases AS a ON a.alias_key = mm.topic_key(r.raw)
    WHERE mm.topic_key(r.raw) IS NOT NULL
),
met AS (
    SELECT m.month, m.mentee_id, k.topic, max(m.since) AS since
    FROM met_raw AS m JOIN raw_keys AS k ON k.raw = m.topic GROUP BY 1, 2, 3
),
waiting AS (
    SELECT w.month, w.topic, count(*)::integer AS waiting
    FROM (SELECT st.month, st.mentee_id, k.topic, max(st.enrolled_on) AS requested
          FROM stated AS st JOIN raw_keys AS k ON k.raw = st.raw GROUP BY 1, 2, 3) AS w
    LEFT JOIN met AS m ON m.month = w.month AND m.mentee_id = w.mentee_id AND m.topic = w.topic
    WHERE m.since IS NULL OR m.since < w.requested::timestamp AT TIME ZONE 'UTC'
    GROUP BY w.month, w.topic
),
profiles AS MATERIALIZED (SELECT p.* FROM bounds AS b, mm.mentor_profiles_in_force(b.first, b.last) AS p WHERE p.active),
loads AS MATERIALIZED (SELECT l.* FROM bounds AS b, mm.mentor_loads(b.first, b.last) AS l),
supply AS (
    SELECT p.month, o.topic, count(*)::integer AS offering,
           count(*) FILTER (WHERE p.monthly_capacity > coalesce(l.load, 0))::integer AS available,
           sum(greatest(p.monthly_capacity - coalesce(l.load, 0), 0))::integer AS free_capacity
    FROM profiles AS p
    CROSS JOIN LATERAL (SELECT DISTINCT coalesce(a.topic_key, mm.topic_key(t)) AS topic
                        FROM unnest(p.topics) AS t LEFT JOIN aliases AS a ON a.alias_key = mm.topic_key(t)
                        WHERE mm.topic_key(t) IS NOT NULL) AS o
    LEFT JOIN loads AS l ON l.month = p.month AND l.mentor_id = p.mentor_id
    GROUP BY 1, 2
),
cells AS (
    SELECT coalesce(ts.month, w.month, su.month) AS month, coalesce(ts.topic, w.topic, su.topic) AS topic,
           coalesce(ts.sessions, 0) AS sessions, coalesce(ts.mentees, 0) AS mentees, coalesce(ts.people, 0) AS people,
           coalesce(w.waiting, 0) AS waiting, coalesce(su.offering, 0) AS offering,
           coalesce(su.available, 0) AS available, coalesce(su.free_capacity, 0) AS free_capacity
    FROM topic_sessions AS ts
    FULL JOIN waiting AS w ON w.month = ts.month AND w.topic = ts.topic
    FULL JOIN supply AS su ON su.month = coalesce(ts.month, w.month) AND su.topic = coalesce(ts.topic, w.topic)
),
passes AS (
    -- One pass of mm.hidden_cells per month and measure over the month's topics.
    SELECT c.month, x.topic, x.hidden, ms.measure
    FROM (SELECT DISTINCT month FROM cells) AS c
    CROSS JOIN (VALUES ('people'), ('waiting'), ('mentors')) AS ms (measure)
    CROSS JOIN threshold AS t
    CROSS JOIN LATERAL (
        SELECT array_agg(v.topic) AS topics, array_agg(v.size) AS sizes, array_agg(v.size BETWEEN 1 AND t.k - 1) AS small
        FROM (SELECT ce.topic, CASE ms.measure WHEN 'people' THEN ce.people WHEN 'waiting' THEN ce.waiting
                                               ELSE ce.offering END AS size
              FROM cells AS ce WHERE ce.month = c.month) AS v) AS o
    CROSS JOIN LATERAL mm.hidden_named_cells(o.topics, o.sizes, o.small, t.k) AS x (topic, hidden)
),
decided AS (
    SELECT p.month, p.topic,
           bool_or(p.hidden) FILTER (WHERE p.measure = 'people') AS people_hidden,
           bool_or(p.hidden) FILTER (WHERE p.measure = 'waiting') AS waiting_hidden,
           bool_or(p.hidden) FILTER (WHERE p.measure = 'mentors') AS mentors_hidden
    FROM passes AS p GROUP BY 1, 2
)
-- Shown as the alias list spells it when an alias names the topic, else as its key.
SELECT c.month, coalesce((SELECT min(a.topic) FROM mm.topic_alias_keys AS a WHERE a.topic_key = c.topic), c.topic),
       CASE WHEN NOT d.people_hidden THEN c.sessions END,
       CASE WHEN NOT d.people_hidden THEN c.mentees END,
       CASE WHEN NOT d.waiting_hidden THEN c.waiting END,
       CASE WHEN NOT d.mentors_hidden THEN c.offering END,
       CASE WHEN NOT d.mentors_hidden THEN c.available END,
       CASE WHEN NOT d.mentors_hidden THEN c.free_capacity END,
       CASE WHEN NOT d.waiting_hidden AND NOT d.mentors_hidden THEN c.waiting::double precision / nullif(c.available, 0) END
FROM cells AS c
JOIN decided AS d ON d.month = c.month AND d.topic = c.topic
ORDER BY c.month, c.topic
$$;

CREATE OR REPLACE VIEW mm_metrics.topic_demand_monthly AS
    SELECT * FROM mm_metrics.topic_demand_between('-infinity', 'infinity');

COMMENT ON VIEW mm_metrics.topic_demand_monthly IS
    'Per month and topic (case- and spacing-insensitive, aliases merged): sessions, mentees, mentees waiting with the interest, mentors offering it, their free capacity, demand per available mentor; small groups hidden (README, Privacy).';
COMMENT ON FUNCTION mm_metrics.topic_demand_between(date, date) IS
    'topic_demand_monthly for the months from the first to the second argument.';
REVOKE ALL ON FUNCTION mm_metrics.topic_demand_between(date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION mm_metrics.topic_demand_between(date, date) TO mm_reporting;
GRANT SELECT ON mm_metrics.topic_demand_monthly TO mm_reporting;
