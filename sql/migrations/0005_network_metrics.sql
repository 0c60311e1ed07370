-- Network-growth metrics per calendar month (UTC), computed by `mmadmin metrics refresh`
-- (graph algorithms in Swift: union-find for components, adjacency lists for two-hop reach,
-- sliding 12-month windows) and stored here. Columns follow DESIGN.md, "Network growth".

CREATE TABLE mm_metrics.network_monthly (
    month                     date PRIMARY KEY,
    new_ties                  integer NOT NULL,
    cumulative_ties           integer NOT NULL,
    cross_department_share    double precision,
    avg_degree                double precision,
    components                integer NOT NULL,
    largest_component_share   double precision,
    mean_two_hop_reach        double precision,
    avg_distinct_mentors_12m  double precision,
    avg_network_breadth_12m   double precision
);

COMMENT ON TABLE mm_metrics.network_monthly IS
    'Mentoring network per month (UTC): new and cumulative ties, cross-department share, degree, components, two-hop reach, 12-month breadth.';

GRANT SELECT ON mm_metrics.network_monthly TO mm_reporting;

-- What the stored metrics were computed from, so a refresh with nothing new does nothing.
CREATE TABLE mm.metrics_state (
    name          text PRIMARY KEY,
    fingerprint   text NOT NULL,
    refreshed_at  timestamptz NOT NULL DEFAULT now()
);
