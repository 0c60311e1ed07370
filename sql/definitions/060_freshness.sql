-- How fresh the stored figures are, for analysts (DESIGN.md, "Analysts can see how fresh the
-- stored figures are"). Participation figures and the tie matrix are computed when read and are
-- always current; mm_metrics.network_monthly is stored by `mmadmin metrics refresh`. Triggers
-- on sessions and roster history record the first day a change affects (mm.metrics_state,
-- migration 0005); this view shows that state without opening mm to mm_reporting.
--
--   refreshed_at          when the stored figures were last computed (NULL: never)
--   stale                 whether data changed since, so some stored months are out of date
--   stale_from_month      the first month whose stored figures are out of date (NULL: none;
--                         the first month with a session when everything is)
--   months_affected       complete months from stale_from_month on, which a refresh recomputes

CREATE OR REPLACE FUNCTION mm_metrics.freshness_state()
RETURNS TABLE (metric text, refreshed_at timestamptz, stale boolean, stale_from_month date, months_affected integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    WITH state AS (
        SELECT s.name, s.refreshed_at, s.dirty_from IS NOT NULL AS stale,
               CASE WHEN s.dirty_from = '-infinity'
                    THEN (SELECT date_trunc('month', min(x.started_at) AT TIME ZONE 'UTC')::date
                          FROM mm.sessions AS x WHERE x.status = 'completed')
                    ELSE date_trunc('month', s.dirty_from)::date END AS stale_from_month,
               (date_trunc('month', now() AT TIME ZONE 'UTC') - interval '1 month')::date AS last_complete
        FROM mm.metrics_state AS s
    )
    SELECT s.name, s.refreshed_at, s.stale, CASE WHEN s.stale THEN s.stale_from_month END,
           CASE WHEN s.stale AND s.stale_from_month <= s.last_complete
                THEN ((extract(year FROM s.last_complete) - extract(year FROM s.stale_from_month)) * 12
                      + extract(month FROM s.last_complete) - extract(month FROM s.stale_from_month) + 1)::integer
                ELSE 0 END
    FROM state AS s
$$;

CREATE OR REPLACE VIEW mm_metrics.freshness AS SELECT * FROM mm_metrics.freshness_state();

COMMENT ON VIEW mm_metrics.freshness IS
    'Whether the stored network figures are current: last refresh, whether data changed since, and from which month.';
REVOKE ALL ON FUNCTION mm_metrics.freshness_state() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION mm_metrics.freshness_state() TO mm_reporting;
GRANT SELECT ON mm_metrics.freshness TO mm_reporting;
