-- Participation by department, location and cohort, per month, quarter and year, with
-- disclosure control (DESIGN.md, "Breakdowns" and "Privacy"; README.md, "Privacy", states the
-- rules and why they hold). One row per group with staff (or enrolled members, for a cohort) or
-- sessions in the period, up to the last complete period.
--
-- The hiding of one month's table, per dimension (mm.participation_months_flagged):
--   primary     a group shows no figures when its headcount is under k, or when fewer than k
--               (but some) people had a session in it;
--   secondary   mm.hidden_cells, by people: the hidden groups of the month together number at
--               least two and hold at least k people, or every group is hidden;
--   feedback    rating and goal figures rest on the mentees who gave them: hidden with the
--               group, and also when 1..k-1 mentees rated, with the same secondary rule by
--               raters; goal_met_rate also needs k mentees who reported the goal;
--   retention   shown only when the group is shown in the month and in the month before (it is
--               a figure about the month before's people).
-- A quarter or year hides a group (or its feedback) when any of its months does: an additive
-- figure of a period is then never the sum of shown months and one hidden month.

CREATE OR REPLACE FUNCTION mm.require_breakdown_dimension(dimension text) RETURNS void
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF dimension IS DISTINCT FROM 'department' AND dimension IS DISTINCT FROM 'location'
       AND dimension IS DISTINCT FROM 'cohort' THEN
        RAISE EXCEPTION 'unknown breakdown dimension %', coalesce(quote_literal(dimension), 'NULL')
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use department, location or cohort.';
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION mm.require_period_grain(grain text) RETURNS void
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF grain IS DISTINCT FROM 'quarter' AND grain IS DISTINCT FROM 'year' THEN
        RAISE EXCEPTION 'unknown period %', coalesce(quote_literal(grain), 'NULL')
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use quarter or year.';
    END IF;
END
$$;

-- One dimension's monthly cells with the month's hiding decided (see above).
CREATE OR REPLACE FUNCTION mm.participation_months_flagged(p_dimension text, p_first date, p_last date)
RETURNS TABLE (period date, before_range boolean, group_name text, headcount integer, sessions integer,
               concluded integer, mentoring_minutes integer, active_mentees integer, active_mentors integer,
               active_participants integer, new_participants integer, previous_participants integer,
               retained integer, avg_rating double precision, rated_sessions integer, raters integer,
               goal_known integer, goal_reporters integer, goal_met integer,
               hidden boolean, feedback_hidden boolean, goal_hidden boolean)
LANGUAGE sql STABLE AS $$
WITH threshold AS (SELECT mm.small_group_threshold() AS k),
cells AS (
    SELECT c.*, coalesce(c.headcount < t.k, false) OR c.active_participants BETWEEN 1 AND t.k - 1 AS small
    FROM mm.participation_cells(p_dimension, 'month', p_first, p_last) AS c CROSS JOIN threshold AS t
),
people_pass AS (
    SELECT m.period, x.name AS group_name, x.hidden
    FROM (SELECT c.period, array_agg(c.group_name) AS names, array_agg(c.active_participants) AS sizes,
                 array_agg(c.small) AS small
          FROM cells AS c GROUP BY c.period) AS m
    CROSS JOIN threshold AS t
    CROSS JOIN LATERAL mm.hidden_named_cells(m.names, m.sizes, m.small, t.k) AS x
),
feedback_cells AS (
    SELECT c.*, p.hidden, p.hidden OR c.raters BETWEEN 1 AND t.k - 1 AS feedback_small
    FROM cells AS c JOIN people_pass AS p ON p.period = c.period AND p.group_name = c.group_name
    CROSS JOIN threshold AS t
),
feedback_pass AS (
    SELECT m.period, x.name AS group_name, x.hidden
    FROM (SELECT c.period, array_agg(c.group_name) AS names, array_agg(c.raters) AS sizes,
                 array_agg(c.feedback_small) AS small
          FROM feedback_cells AS c GROUP BY c.period) AS m
    CROSS JOIN threshold AS t
    CROSS JOIN LATERAL mm.hidden_named_cells(m.names, m.sizes, m.small, t.k) AS x
)
SELECT c.period, c.before_range, c.group_name, c.headcount, c.sessions, c.concluded, c.mentoring_minutes,
       c.active_mentees, c.active_mentors, c.active_participants, c.new_participants, c.previous_participants,
       c.retained, c.avg_rating, c.rated_sessions, c.raters, c.goal_known, c.goal_reporters, c.goal_met,
       c.hidden, f.hidden, f.hidden OR c.goal_reporters < t.k
FROM feedback_cells AS c
JOIN feedback_pass AS f ON f.period = c.period AND f.group_name = c.group_name
CROSS JOIN threshold AS t
$$;

-- One dimension's figures per month (p_grain 'month'), quarter or year, disclosure control applied.
CREATE OR REPLACE FUNCTION mm.disclosed_breakdown(p_dimension text, p_grain text, p_first date, p_last date)
RETURNS TABLE (period date, group_name text, headcount integer, sessions integer, completion_rate double precision,
               mentoring_minutes integer, active_mentees integer, active_mentors integer, active_participants integer,
               new_participants integer, retention_rate double precision, participation_rate double precision,
               avg_rating double precision, goal_met_rate double precision, rated_sessions integer)
LANGUAGE sql STABLE AS $$
WITH step AS (SELECT mm.period_step(p_grain) AS step),
months AS (
    -- The months of the asked periods and of the period before each (for retention).
    SELECT * FROM mm.participation_months_flagged(
        p_dimension,
        (date_trunc(p_grain, p_first) - (SELECT step FROM step))::date,
        (date_trunc(p_grain, p_last) + (SELECT step FROM step) - interval '1 day')::date)
),
cells AS (
    SELECT m.period, m.before_range OR m.period < date_trunc('month', p_first) AS before_range, m.group_name, m.headcount,
           m.sessions, m.concluded, m.mentoring_minutes, m.active_mentees, m.active_mentors, m.active_participants,
           m.new_participants, m.previous_participants, m.retained, m.avg_rating, m.rated_sessions, m.goal_known,
           m.goal_met, m.hidden, m.feedback_hidden, m.goal_hidden
    FROM months AS m
    WHERE p_grain = 'month'
    UNION ALL
    SELECT c.period, c.before_range, c.group_name, c.headcount, c.sessions, c.concluded, c.mentoring_minutes,
           c.active_mentees, c.active_mentors, c.active_participants, c.new_participants, c.previous_participants,
           c.retained, c.avg_rating, c.rated_sessions, c.goal_known, c.goal_met,
           coalesce(f.hidden, true), coalesce(f.feedback_hidden, true), coalesce(f.goal_hidden, true)
    FROM mm.participation_cells(p_dimension, p_grain, p_first, p_last) AS c
    LEFT JOIN (SELECT date_trunc(p_grain, m.period)::date AS period, m.group_name, bool_or(m.hidden) AS hidden,
                      bool_or(m.feedback_hidden) AS feedback_hidden, bool_or(m.goal_hidden) AS goal_hidden
               FROM months AS m GROUP BY 1, 2) AS f
           ON f.period = c.period AND f.group_name = c.group_name
    WHERE p_grain <> 'month'
)
SELECT c.period, c.group_name,
       CASE WHEN NOT c.hidden THEN c.headcount END,
       CASE WHEN NOT c.hidden THEN c.sessions END,
       CASE WHEN NOT c.hidden THEN c.sessions::double precision / nullif(c.concluded, 0) END,
       CASE WHEN NOT c.hidden THEN c.mentoring_minutes END,
       CASE WHEN NOT c.hidden THEN c.active_mentees END,
       CASE WHEN NOT c.hidden THEN c.active_mentors END,
       CASE WHEN NOT c.hidden THEN c.active_participants END,
       CASE WHEN NOT c.hidden THEN c.new_participants END,
       CASE WHEN NOT c.hidden AND NOT coalesce(p.hidden, false)
            THEN c.retained::double precision / nullif(c.previous_participants, 0) END,
       CASE WHEN NOT c.hidden THEN c.active_participants::double precision / nullif(c.headcount, 0) END,
       CASE WHEN NOT c.feedback_hidden THEN c.avg_rating END,
       CASE WHEN NOT c.goal_hidden THEN c.goal_met::double precision / nullif(c.goal_known, 0) END,
       CASE WHEN NOT c.feedback_hidden THEN c.rated_sessions END
FROM cells AS c
CROSS JOIN step AS st
LEFT JOIN cells AS p ON p.period = (c.period - st.step)::date AND p.group_name = c.group_name
WHERE NOT c.before_range
ORDER BY c.period, c.group_name
$$;

-- participation_breakdown_between(dimension, first_month, last_month): one dimension
-- ('department', 'location' or 'cohort'; anything else is an error, not a silent default) for
-- a month range; the three views are it over all months. Owner's rights, as in 030.
CREATE OR REPLACE FUNCTION mm_metrics.participation_breakdown_between(dimension text, first_month date, last_month date)
RETURNS TABLE (month date, group_name text, headcount integer, sessions integer, completion_rate double precision,
               mentoring_minutes integer, active_mentees integer, active_mentors integer, active_participants integer,
               new_participants integer, retention_rate double precision, participation_rate double precision,
               avg_rating double precision, goal_met_rate double precision, rated_sessions integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT mm.require_breakdown_dimension(dimension);
    SELECT * FROM mm.disclosed_breakdown(dimension, 'month', first_month, last_month);
$$;

-- participation_period_breakdown(dimension, grain, first, last): one dimension per calendar
-- quarter or year ('quarter' or 'year') for the periods holding first..last; complete periods
-- only. Distinct people count once over the whole period.
CREATE OR REPLACE FUNCTION mm_metrics.participation_period_breakdown(dimension text, grain text, first_day date, last_day date)
RETURNS TABLE (period date, group_name text, headcount integer, sessions integer, completion_rate double precision,
               mentoring_minutes integer, active_mentees integer, active_mentors integer, active_participants integer,
               new_participants integer, retention_rate double precision, participation_rate double precision,
               avg_rating double precision, goal_met_rate double precision, rated_sessions integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT mm.require_breakdown_dimension(dimension);
    SELECT mm.require_period_grain(grain);
    SELECT * FROM mm.disclosed_breakdown(dimension, grain, first_day, last_day);
$$;

-- participation_periods(grain, first, last): the whole program per complete quarter or year.
CREATE OR REPLACE FUNCTION mm_metrics.participation_periods(grain text, first_day date, last_day date)
RETURNS TABLE (period date, sessions integer, completion_rate double precision, mentoring_minutes integer,
               active_mentees integer, active_mentors integer, active_participants integer, new_participants integer,
               retention_rate double precision, participation_rate double precision, avg_rating double precision,
               goal_met_rate double precision, rated_sessions integer, headcount integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT mm.require_period_grain(grain);
    SELECT * FROM mm.disclosed_totals(grain, first_day, last_day);
$$;

CREATE OR REPLACE VIEW mm_metrics.participation_by_department AS
    SELECT month, group_name AS department, headcount, sessions, completion_rate, mentoring_minutes, active_mentees,
           active_mentors, active_participants, new_participants, retention_rate, participation_rate, avg_rating,
           goal_met_rate, rated_sessions
    FROM mm_metrics.participation_breakdown_between('department', '-infinity', 'infinity');
CREATE OR REPLACE VIEW mm_metrics.participation_by_location AS
    SELECT month, group_name AS location, headcount, sessions, completion_rate, mentoring_minutes, active_mentees,
           active_mentors, active_participants, new_participants, retention_rate, participation_rate, avg_rating,
           goal_met_rate, rated_sessions
    FROM mm_metrics.participation_breakdown_between('location', '-infinity', 'infinity');
CREATE OR REPLACE VIEW mm_metrics.participation_by_cohort AS
    SELECT month, group_name AS cohort, headcount, sessions, completion_rate, mentoring_minutes, active_mentees,
           active_mentors, active_participants, new_participants, retention_rate, participation_rate, avg_rating,
           goal_met_rate, rated_sessions
    FROM mm_metrics.participation_breakdown_between('cohort', '-infinity', 'infinity');

CREATE OR REPLACE VIEW mm_metrics.participation_quarterly AS
    SELECT period AS quarter, sessions, completion_rate, mentoring_minutes, active_mentees, active_mentors,
           active_participants, new_participants, retention_rate, participation_rate, avg_rating, goal_met_rate,
           rated_sessions, headcount
    FROM mm_metrics.participation_periods('quarter', '-infinity', 'infinity');
CREATE OR REPLACE VIEW mm_metrics.participation_yearly AS
    SELECT period AS year, sessions, completion_rate, mentoring_minutes, active_mentees, active_mentors,
           active_participants, new_participants, retention_rate, participation_rate, avg_rating, goal_met_rate,
           rated_sessions, headcount
    FROM mm_metrics.participation_periods('year', '-infinity', 'infinity');
CREATE OR REPLACE VIEW mm_metrics.participation_quarterly_by_department AS
    SELECT period AS quarter, group_name AS department, headcount, sessions, completion_rate, mentoring_minutes,
           active_mentees, active_mentors, active_participants, new_participants, retention_rate,
           participation_rate, avg_rating, goal_met_rate, rated_sessions
    FROM mm_metrics.participation_period_breakdown('department', 'quarter', '-infinity', 'infinity');
CREATE OR REPLACE VIEW mm_metrics.participation_quarterly_by_location AS
    SELECT period AS quarter, group_name AS location, headcount, sessions, completion_rate, mentoring_minutes,
           active_mentees, active_mentors, active_participants, new_participants, retention_rate,
           participation_rate, avg_rating, goal_met_rate, rated_sessions
    FROM mm_metrics.participation_period_breakdown('location', 'quarter', '-infinity', 'infinity');
CREATE OR REPLACE VIEW mm_metrics.participation_quarterly_by_cohort AS
    SELECT period AS quarter, group_name AS cohort, headcount, sessions, completion_rate, mentoring_minutes,
           active_mentees, active_mentors, active_participants, new_participants, retention_rate,
           participation_rate, avg_rating, goal_met_rate, rated_sessions
    FROM mm_metrics.participation_period_breakdown('cohort', 'quarter', '-infinity', 'infinity');
CREATE OR REPLACE VIEW mm_metrics.participation_yearly_by_department AS
    SELECT period AS year, group_name AS department, headcount, sessions, completion_rate, mentoring_minutes,
           active_mentees, active_mentors, active_participants, new_participants, retention_rate,
           participation_rate, avg_rating, goal_met_rate, rated_sessions
    FROM mm_metrics.participation_period_breakdown('department', 'year', '-infinity', 'infinity');
CREATE OR REPLACE VIEW mm_metrics.participation_yearly_by_location AS
    SELECT period AS year, group_name AS location, headcount, sessions, completion_rate, mentoring_minutes,
           active_mentees, active_mentors, active_participants, new_participants, retention_rate,
           participation_rate, avg_rating, goal_met_rate, rated_sessions
    FROM mm_metrics.participation_period_breakdown('location', 'year', '-infinity', 'infinity');
CREATE OR REPLACE VIEW mm_metrics.participation_yearly_by_cohort AS
    SELECT period AS year, group_name AS cohort, headcount, sessions, completion_rate, mentoring_minutes,
           active_mentees, active_mentors, active_participants, new_participants, retention_rate,
           participation_rate, avg_rating, goal_met_rate, rated_sessions
    FROM mm_metrics.participation_period_breakdown('cohort', 'year', '-infinity', 'infinity');

COMMENT ON VIEW mm_metrics.participation_by_department IS
    'Participation per month and department (as of each session); hidden groups show no figures (README, Privacy).';
COMMENT ON VIEW mm_metrics.participation_by_location IS
    'Participation per month and location (as of each session); hidden groups show no figures (README, Privacy).';
COMMENT ON VIEW mm_metrics.participation_by_cohort IS
    'Participation per month and cohort; hidden groups show no figures (README, Privacy).';
COMMENT ON VIEW mm_metrics.participation_quarterly IS
    'Program participation per complete calendar quarter (UTC); people counted once per quarter.';
COMMENT ON VIEW mm_metrics.participation_yearly IS
    'Program participation per complete calendar year (UTC); people counted once per year.';
COMMENT ON VIEW mm_metrics.participation_quarterly_by_department IS
    'Participation per complete calendar quarter and department; people counted once per period; hidden groups show no figures.';
COMMENT ON VIEW mm_metrics.participation_quarterly_by_location IS
    'Participation per complete calendar quarter and location; people counted once per period; hidden groups show no figures.';
COMMENT ON VIEW mm_metrics.participation_quarterly_by_cohort IS
    'Participation per complete calendar quarter and cohort; people counted once per period; hidden groups show no figures.';
COMMENT ON VIEW mm_metrics.participation_yearly_by_department IS
    'Participation per complete calendar year and department; people counted once per period; hidden groups show no figures.';
COMMENT ON VIEW mm_metrics.participation_yearly_by_location IS
    'Participation per complete calendar year and location; people counted once per period; hidden groups show no figures.';
COMMENT ON VIEW mm_metrics.participation_yearly_by_cohort IS
    'Participation per complete calendar year and cohort; people counted once per period; hidden groups show no figures.';
COMMENT ON FUNCTION mm_metrics.participation_breakdown_between(text, date, date) IS
    'participation_by_department / _location / _cohort (dimension department, location or cohort) for a month range.';
COMMENT ON FUNCTION mm_metrics.participation_period_breakdown(text, text, date, date) IS
    'Participation per quarter or year (grain) by department, location or cohort for the periods holding a date range.';
COMMENT ON FUNCTION mm_metrics.participation_periods(text, date, date) IS
    'participation_quarterly / participation_yearly (grain quarter or year) for the periods holding a date range.';

REVOKE ALL ON FUNCTION mm_metrics.participation_breakdown_between(text, date, date) FROM PUBLIC;
REVOKE ALL ON FUNCTION mm_metrics.participation_period_breakdown(text, text, date, date) FROM PUBLIC;
REVOKE ALL ON FUNCTION mm_metrics.participation_periods(text, date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION mm_metrics.participation_breakdown_between(text, date, date) TO mm_reporting;
GRANT EXECUTE ON FUNCTION mm_metrics.participation_period_breakdown(text, text, date, date) TO mm_reporting;
GRANT EXECUTE ON FUNCTION mm_metrics.participation_periods(text, date, date) TO mm_reporting;
GRANT SELECT ON mm_metrics.participation_by_department, mm_metrics.participation_by_location,
                mm_metrics.participation_by_cohort, mm_metrics.participation_quarterly, mm_metrics.participation_yearly,
                mm_metrics.participation_quarterly_by_department,
                mm_metrics.participation_quarterly_by_location,
                mm_metrics.participation_quarterly_by_cohort,
                mm_metrics.participation_yearly_by_department,
                mm_metrics.participation_yearly_by_location,
                mm_metrics.participation_yearly_by_cohort TO mm_reporting;
