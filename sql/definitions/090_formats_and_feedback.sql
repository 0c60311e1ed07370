-- Session formats and feedback per month.
--
-- format_feedback_between(first, last): per month and session format (coffee_chat, call,
-- video, qa, …) the participation of breakdowns (sessions, completion_rate, minutes, active
-- mentees / mentors / participants) and the feedback: avg_rating and rated_sessions (mentee
-- ratings), avg_mentor_rating and mentor_rated_sessions, goal_met_rate, follow_ups (sessions
-- whose outcome asks for a follow-up). Disclosure control as the breakdowns (040): a format
-- with 1..k-1 participants is hidden, with mm.hidden_cells over the formats of the month; the
-- mentee feedback rests on the mentees who gave it and the mentor rating on the mentors who
-- gave it, each hidden with its format and when 1..k-1 people gave it, with the secondary rule
-- again by those people (a hidden format counting as small); goal_met_rate needs k mentees who
-- reported the goal.
--
-- rating_distribution_between(first, last): per month, side ('mentee': mentee_rating,
-- 'mentor': mentor_rating) and rating 1..5, the completed sessions with that rating and the
-- distinct people who gave it (raters). The five ratings of a side are one table (its total
-- is the side's rated sessions): a rating given by 1..k-1 people is hidden, with mm.hidden_cells.

CREATE OR REPLACE FUNCTION mm_metrics.format_feedback_between(first_month date, last_month date)
RETURNS TABLE (month date, format text, sessions integer, completion_rate double precision, mentoring_minutes integer,
               active_mentees integer, active_mentors integer, active_participants integer,
               avg_rating double precision, rated_sessions integer, avg_mentor_rating double precision,
               mentor_rated_sessions integer, goal_met_rate double precision, follow_ups integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET jit = off AS $$
WITH threshold AS (SELECT mm.small_group_threshold() AS k),
months AS (SELECT * FROM mm.metric_months(first_month, last_month)),
bounds AS (SELECT min(month) AS first, max(month) AS last FROM months),
concluded AS (
    SELECT date_trunc('month', s.started_at AT TIME ZONE 'UTC')::date AS month, s.format, s.status, s.mentor_id,
           s.mentee_id, s.duration_minutes, o.mentee_rating, o.mentor_rating, o.goal_met, coalesce(o.follow_up, false) AS follow_up
    FROM mm.sessions AS s
    CROSS JOIN bounds AS b
    LEFT JOIN mm.outcomes AS o ON o.session_id = s.session_id AND s.status = 'completed'
    WHERE s.status IN ('completed', 'cancelled', 'no_show')
      AND s.started_at >= b.first::timestamp AT TIME ZONE 'UTC'
      AND s.started_at < (b.last + interval '1 month')::timestamp AT TIME ZONE 'UTC'
),
cells AS (
    SELECT c.month, c.format,
           count(*) FILTER (WHERE c.status = 'completed')::integer AS sessions, count(*)::integer AS concluded,
           coalesce(sum(c.duration_minutes) FILTER (WHERE c.status = 'completed'), 0)::integer AS minutes,
           count(DISTINCT c.mentee_id) FILTER (WHERE c.status = 'completed')::integer AS mentees,
           count(DISTINCT c.mentor_id) FILTER (WHERE c.status = 'completed')::integer AS mentors,
           (SELECT count(DISTINCT p) FROM unnest(array_agg(c.mentor_id) FILTER (WHERE c.status = 'completed')
                                                 || array_agg(c.mentee_id) FILTER (WHERE c.status = 'completed')) AS p)::integer AS people,
           avg(c.mentee_rating)::double precision AS avg_rating, count(c.mentee_rating)::integer AS rated,
           count(DISTINCT c.mentee_id) FILTER (WHERE c.mentee_rating IS NOT NULL)::integer AS raters,
           avg(c.mentor_rating)::double precision AS avg_mentor_rating, count(c.mentor_rating)::integer AS mentor_rated,
           count(DISTINCT c.mentor_id) FILTER (WHERE c.mentor_rating IS NOT NULL)::integer AS mentor_raters,
           count(c.goal_met)::integer AS goal_known, count(*) FILTER (WHERE c.goal_met)::integer AS goal_met,
           count(DISTINCT c.mentee_id) FILTER (WHERE c.goal_met IS NOT NULL)::integer AS goal_reporters,
           count(*) FILTER (WHERE c.follow_up)::integer AS follow_ups
    FROM concluded AS c GROUP BY 1, 2
),
people_pass AS (
    -- The formats of a month by participants, as the breakdowns' groups.
    SELECT c.month, x.format, x.hidden
    FROM (SELECT ce.month, array_agg(ce.format) AS formats, array_agg(ce.people) AS sizes,
                 array_agg(ce.people BETWEEN 1 AND t.k - 1) AS small
          FROM cells AS ce CROSS JOIN threshold AS t GROUP BY ce.month) AS c
    CROSS JOIN threshold AS t
    CROSS JOIN LATERAL mm.hidden_named_cells(c.formats, c.sizes, c.small, t.k) AS x (format, hidden)
),
feedback_passes AS (
    -- Then by the mentees who rated and by the mentors who rated: a format hidden above counts
    -- as small here too (as in 040), so the hidden ratings of a month rest on k raters.
    SELECT c.month, c.measure, x.format, x.hidden
    FROM (SELECT ce.month, ms.measure, array_agg(ce.format) AS formats,
                 array_agg(CASE ms.measure WHEN 'raters' THEN ce.raters ELSE ce.mentor_raters END) AS sizes,
                 array_agg(p.hidden OR CASE ms.measure WHEN 'raters' THEN ce.raters ELSE ce.mentor_raters END
                                       BETWEEN 1 AND t.k - 1) AS small
          FROM cells AS ce
          JOIN people_pass AS p ON p.month = ce.month AND p.format = ce.format
          CROSS JOIN (VALUES ('raters'), ('mentor_raters')) AS ms (measure)
          CROSS JOIN threshold AS t
          GROUP BY ce.month, ms.measure) AS c
    CROSS JOIN threshold AS t
    CROSS JOIN LATERAL mm.hidden_named_cells(c.formats, c.sizes, c.small, t.k) AS x (format, hidden)
),
decided AS (
    SELECT p.month, p.format, p.hidden,
           bool_or(f.hidden) FILTER (WHERE f.measure = 'raters') AS feedback_hidden,
           bool_or(f.hidden) FILTER (WHERE f.measure = 'mentor_raters') AS mentor_feedback_hidden
    FROM people_pass AS p
    JOIN feedback_passes AS f ON f.month = p.month AND f.format = p.format
    GROUP BY p.month, p.format, p.hidden
)
SELECT c.month, c.format,
       CASE WHEN NOT d.hidden THEN c.sessions END,
       CASE WHEN NOT d.hidden THEN c.sessions::double precision / nullif(c.concluded, 0) END,
       CASE WHEN NOT d.hidden THEN c.minutes END,
       CASE WHEN NOT d.hidden THEN c.mentees END,
       CASE WHEN NOT d.hidden THEN c.mentors END,
       CASE WHEN NOT d.hidden THEN c.people END,
       CASE WHEN NOT d.feedback_hidden THEN c.avg_rating END,
       CASE WHEN NOT d.feedback_hidden THEN c.rated END,
       CASE WHEN NOT d.mentor_feedback_hidden THEN c.avg_mentor_rating END,
       CASE WHEN NOT d.mentor_feedback_hidden THEN c.mentor_rated END,
       CASE WHEN NOT d.feedback_hidden AND c.goal_reporters >= t.k THEN c.goal_met::double precision / nullif(c.goal_known, 0) END,
       CASE WHEN NOT d.hidden THEN c.follow_ups END
FROM cells AS c
JOIN decided AS d ON d.month = c.month AND d.format = c.format
CROSS JOIN threshold AS t
ORDER BY c.month, c.format
$$;

CREATE OR REPLACE FUNCTION mm_metrics.rating_distribution_between(first_month date, last_month date)
RETURNS TABLE (month date, side text, rating integer, sessions integer, raters integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET jit = off AS $$
WITH threshold AS (SELECT mm.small_group_threshold() AS k),
months AS (SELECT * FROM mm.metric_months(first_month, last_month)),
bounds AS (SELECT min(month) AS first, max(month) AS last FROM months),
given AS (
    SELECT date_trunc('month', s.started_at AT TIME ZONE 'UTC')::date AS month, r.side, r.rating, r.rater
    FROM mm.sessions AS s
    CROSS JOIN bounds AS b
    JOIN mm.outcomes AS o ON o.session_id = s.session_id
    CROSS JOIN LATERAL (VALUES ('mentee', o.mentee_rating::integer, s.mentee_id),
                               ('mentor', o.mentor_rating::integer, s.mentor_id)) AS r (side, rating, rater)
    WHERE s.status = 'completed' AND r.rating IS NOT NULL
      AND s.started_at >= b.first::timestamp AT TIME ZONE 'UTC'
      AND s.started_at < (b.last + interval '1 month')::timestamp AT TIME ZONE 'UTC'
),
cells AS (
    -- Every rating 1..5 of both sides in every month, zeros included.
    SELECT mo.month, sd.side, rt.rating,
           (SELECT count(*) FROM given AS g WHERE g.month = mo.month AND g.side = sd.side AND g.rating = rt.rating)::integer AS sessions,
           (SELECT count(DISTINCT g.rater) FROM given AS g WHERE g.month = mo.month AND g.side = sd.side AND g.rating = rt.rating)::integer AS raters
    FROM months AS mo
    CROSS JOIN (VALUES ('mentee'), ('mentor')) AS sd (side)
    CROSS JOIN generate_series(1, 5) AS rt (rating)
),
decided AS (
    SELECT m.month, m.side, x.rating::integer AS rating, x.hidden
    FROM (SELECT c.month, c.side, array_agg(c.rating::text) AS ratings, array_agg(c.raters) AS sizes,
                 array_agg(c.raters BETWEEN 1 AND t.k - 1) AS small
          FROM cells AS c CROSS JOIN threshold AS t GROUP BY c.month, c.side) AS m
    CROSS JOIN threshold AS t
    CROSS JOIN LATERAL mm.hidden_named_cells(m.ratings, m.sizes, m.small, t.k) AS x (rating, hidden)
)
SELECT c.month, c.side, c.rating,
       CASE WHEN NOT d.hidden THEN c.sessions END, CASE WHEN NOT d.hidden THEN c.raters END
FROM cells AS c
JOIN decided AS d ON d.month = c.month AND d.side = c.side AND d.rating = c.rating
ORDER BY c.month, c.side, c.rating
$$;

CREATE OR REPLACE VIEW mm_metrics.format_feedback_monthly AS
    SELECT * FROM mm_metrics.format_feedback_between('-infinity', 'infinity');
CREATE OR REPLACE VIEW mm_metrics.rating_distribution_monthly AS
    SELECT * FROM mm_metrics.rating_distribution_between('-infinity', 'infinity');

COMMENT ON VIEW mm_metrics.format_feedback_monthly IS
    'Per month and session format: participation, mentee and mentor ratings, goals met, follow-ups requested; small groups hidden (README, Privacy).';
COMMENT ON VIEW mm_metrics.rating_distribution_monthly IS
    'Per month, side (mentee or mentor rating) and rating 1-5: sessions and distinct raters; ratings given by fewer than k people hidden.';
COMMENT ON FUNCTION mm_metrics.format_feedback_between(date, date) IS
    'format_feedback_monthly for the months from the first to the second argument.';
COMMENT ON FUNCTION mm_metrics.rating_distribution_between(date, date) IS
    'rating_distribution_monthly for the months from the first to the second argument.';
REVOKE ALL ON FUNCTION mm_metrics.format_feedback_between(date, date) FROM PUBLIC;
REVOKE ALL ON FUNCTION mm_metrics.rating_distribution_between(date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION mm_metrics.format_feedback_between(date, date) TO mm_reporting;
GRANT EXECUTE ON FUNCTION mm_metrics.rating_distribution_between(date, date) TO mm_reporting;
GRANT SELECT ON mm_metrics.format_feedback_monthly, mm_metrics.rating_distribution_monthly TO mm_reporting;
