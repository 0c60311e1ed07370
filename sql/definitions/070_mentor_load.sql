-- Mentor profiles and load per month: the one definition of a mentor's load, used by
-- `mentor list`, matching's capacity rule (Sources/MMStore/Matching/MentorLoad.swift) and the
-- metrics below (080–100), so none of them disagrees about who has a free place.
--
-- mm.mentor_loads(first, last): per month of first..last and mentor, the month's (UTC)
-- sessions scheduled or completed as mentor, plus open (proposed or accepted) proposals of
-- rounds in that month whose pair has no such session that month yet (an accepted proposal
-- holds its place once, before and after its session is logged; migration 0008). Mentors
-- without a load have no row. Reads only those months' sessions and proposals.
--
-- mm.mentor_profiles_in_force(first, last): per month and mentor, the profile (topics,
-- capacity, active) in force at the month's end (migration 0016, mm.mentor_profile_history):
-- the last change made by that day; before a mentor's first recorded change, the earliest.

CREATE OR REPLACE FUNCTION mm.mentor_loads(p_first date, p_last date)
RETURNS TABLE (month date, mentor_id text, load integer)
LANGUAGE sql STABLE AS $$
WITH month_sessions AS (
    SELECT date_trunc('month', s.started_at AT TIME ZONE 'UTC')::date AS month, s.mentor_id, s.mentee_id
    FROM mm.sessions AS s
    WHERE s.status IN ('scheduled', 'completed')
      AND s.started_at >= date_trunc('month', p_first)::timestamp AT TIME ZONE 'UTC'
      AND s.started_at < (date_trunc('month', p_last) + interval '1 month')::timestamp AT TIME ZONE 'UTC'
),
counted AS (
    SELECT ms.month, ms.mentor_id FROM month_sessions AS ms
    UNION ALL
    SELECT date_trunc('month', p.round_on)::date, p.mentor_id FROM mm.match_proposals AS p
    WHERE p.status IN ('proposed', 'accepted')
      AND p.round_on >= date_trunc('month', p_first)::date
      AND p.round_on < (date_trunc('month', p_last) + interval '1 month')::date
      AND NOT EXISTS (SELECT 1 FROM month_sessions AS s
                      WHERE s.month = date_trunc('month', p.round_on)::date
                        AND s.mentor_id = p.mentor_id AND s.mentee_id = p.mentee_id)
)
SELECT c.month, c.mentor_id, count(*)::integer FROM counted AS c GROUP BY c.month, c.mentor_id
$$;

CREATE OR REPLACE FUNCTION mm.mentor_profiles_in_force(p_first date, p_last date)
RETURNS TABLE (month date, mentor_id text, topics text[], monthly_capacity integer, active boolean)
LANGUAGE sql STABLE AS $$
WITH months AS (
    SELECT generate_series(date_trunc('month', p_first), date_trunc('month', p_last), interval '1 month')::date AS month
)
SELECT m.month, p.employee_id, p.topics, p.monthly_capacity, p.active
FROM months AS m
CROSS JOIN LATERAL (
    SELECT DISTINCT ON (h.employee_id) h.employee_id, h.topics, h.monthly_capacity, h.active
    FROM mm.mentor_profile_history AS h
    ORDER BY h.employee_id,
             h.valid_from < (m.month + interval '1 month')::date DESC,
             CASE WHEN h.valid_from < (m.month + interval '1 month')::date THEN h.valid_from END DESC NULLS LAST,
             h.valid_from
) AS p
$$;

-- A load against a capacity: idle (no load), under, at or over capacity. The one rule of the
-- bands, for mentor_load_monthly and `mentor list` (LoadBand in Swift).
CREATE OR REPLACE FUNCTION mm.load_band(p_load integer, p_capacity integer) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN p_load = 0 THEN 'idle' WHEN p_load < p_capacity THEN 'under'
                WHEN p_load = p_capacity THEN 'at' ELSE 'over' END
$$;

-- The months of first..last that metric views have rows for (DESIGN.md): from the first month
-- with a concluded session to the last complete month (UTC).
CREATE OR REPLACE FUNCTION mm.metric_months(p_first date, p_last date)
RETURNS TABLE (month date)
LANGUAGE sql STABLE AS $$
    SELECT generate_series(greatest(date_trunc('month', p_first)::date, f.first),
                           least(date_trunc('month', p_last)::date,
                                 (date_trunc('month', now() AT TIME ZONE 'UTC') - interval '1 month')::date),
                           interval '1 month')::date
    FROM (SELECT date_trunc('month', min(s.started_at) AT TIME ZONE 'UTC')::date AS first
          FROM mm.sessions AS s WHERE s.status <> 'scheduled') AS f
    WHERE f.first IS NOT NULL
$$;

-- Mentors per month by load band, with the capacity in force that month. Who counts: every
-- mentor whose profile in force is active, and every mentor with a load that month (a mentor
-- with sessions but no profile has capacity 0). Bands: idle (load 0), under (below capacity),
-- at (equal), over (above). Concentration: the busiest 10 % (rounded up) of the mentors with a
-- completed session in the month, and the share of the month's completed sessions they gave.
--
-- Disclosure control (020): the four bands of a month are one table whose total (mentors) is
-- shown; a band of 1..k-1 mentors is hidden, and mm.hidden_cells hides more until the hidden
-- bands number two and hold k mentors, or hides all four. The session share of the busiest
-- mentors is a figure about them: shown only when they number at least k.
CREATE OR REPLACE FUNCTION mm_metrics.mentor_load_between(first_month date, last_month date)
RETURNS TABLE (month date, mentors integer, idle_mentors integer, under_capacity_mentors integer,
               at_capacity_mentors integer, over_capacity_mentors integer, total_capacity integer, total_load integer,
               busiest_mentors integer, busiest_session_share double precision)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET jit = off AS $$
WITH threshold AS (SELECT mm.small_group_threshold() AS k),
months AS (SELECT * FROM mm.metric_months(first_month, last_month)),
bounds AS (SELECT min(month) AS first, max(month) AS last FROM months),
profiles AS (SELECT p.* FROM bounds AS b, mm.mentor_profiles_in_force(b.first, b.last) AS p),
loads AS (SELECT l.* FROM bounds AS b, mm.mentor_loads(b.first, b.last) AS l),
mentors AS (
    SELECT coalesce(p.month, l.month) AS month, coalesce(p.mentor_id, l.mentor_id) AS mentor_id,
           coalesce(CASE WHEN p.active THEN p.monthly_capacity END, 0) AS capacity, coalesce(l.load, 0) AS load
    FROM (SELECT * FROM profiles WHERE active) AS p
    FULL JOIN loads AS l ON l.month = p.month AND l.mentor_id = p.mentor_id
),
banded AS (
    SELECT m.month, count(*)::integer AS mentors,
           sum(m.capacity)::integer AS total_capacity, sum(m.load)::integer AS total_load,
           ARRAY[count(*) FILTER (WHERE mm.load_band(m.load, m.capacity) = 'idle'),
                 count(*) FILTER (WHERE mm.load_band(m.load, m.capacity) = 'under'),
                 count(*) FILTER (WHERE mm.load_band(m.load, m.capacity) = 'at'),
                 count(*) FILTER (WHERE mm.load_band(m.load, m.capacity) = 'over')]::integer[] AS bands
    FROM mentors AS m GROUP BY m.month
),
decided AS (
    -- The four bands (named 1..4) of each month, hidden by the one rule.
    SELECT b.month, array_agg(x.hidden ORDER BY x.name) AS hidden
    FROM banded AS b CROSS JOIN threshold AS t
    CROSS JOIN LATERAL mm.hidden_named_cells(ARRAY['1', '2', '3', '4'], b.bands,
                                             ARRAY(SELECT size BETWEEN 1 AND t.k - 1 FROM unnest(b.bands) AS size), t.k) AS x
    GROUP BY b.month
),
given AS (
    SELECT date_trunc('month', s.started_at AT TIME ZONE 'UTC')::date AS month, s.mentor_id, count(*) AS sessions
    FROM mm.sessions AS s, bounds AS b
    WHERE s.status = 'completed'
      AND s.started_at >= b.first::timestamp AT TIME ZONE 'UTC'
      AND s.started_at < (b.last + interval '1 month')::timestamp AT TIME ZONE 'UTC'
    GROUP BY 1, 2
),
ranked AS (
    SELECT g.month, g.sessions, row_number() OVER (PARTITION BY g.month ORDER BY g.sessions DESC, g.mentor_id) AS rank,
           count(*) OVER (PARTITION BY g.month) AS active, sum(g.sessions) OVER (PARTITION BY g.month) AS total
    FROM given AS g
),
busiest AS (
    SELECT r.month, ceil(max(r.active) * 0.1)::integer AS busiest,
           sum(r.sessions) FILTER (WHERE r.rank <= ceil(r.active * 0.1))::double precision / max(r.total) AS share
    FROM ranked AS r GROUP BY r.month
)
SELECT mo.month, coalesce(b.mentors, 0),
       CASE WHEN b.month IS NULL THEN 0 WHEN NOT d.hidden[1] THEN b.bands[1] END,
       CASE WHEN b.month IS NULL THEN 0 WHEN NOT d.hidden[2] THEN b.bands[2] END,
       CASE WHEN b.month IS NULL THEN 0 WHEN NOT d.hidden[3] THEN b.bands[3] END,
       CASE WHEN b.month IS NULL THEN 0 WHEN NOT d.hidden[4] THEN b.bands[4] END,
       coalesce(b.total_capacity, 0), coalesce(b.total_load, 0),
       coalesce(bu.busiest, 0), CASE WHEN bu.busiest >= t.k THEN bu.share END
FROM months AS mo
CROSS JOIN threshold AS t
LEFT JOIN banded AS b ON b.month = mo.month
LEFT JOIN decided AS d ON d.month = mo.month
LEFT JOIN busiest AS bu ON bu.month = mo.month
ORDER BY mo.month
$$;

CREATE OR REPLACE VIEW mm_metrics.mentor_load_monthly AS
    SELECT * FROM mm_metrics.mentor_load_between('-infinity', 'infinity');

COMMENT ON VIEW mm_metrics.mentor_load_monthly IS
    'Mentors per month by load band (idle, under, at, over the capacity in force that month) and the session share of the busiest 10 %; small bands hidden (README, Privacy).';
COMMENT ON FUNCTION mm_metrics.mentor_load_between(date, date) IS
    'mentor_load_monthly for the months from the first to the second argument.';
REVOKE ALL ON FUNCTION mm_metrics.mentor_load_between(date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION mm_metrics.mentor_load_between(date, date) TO mm_reporting;
GRANT SELECT ON mm_metrics.mentor_load_monthly TO mm_reporting;
