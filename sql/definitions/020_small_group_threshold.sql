-- The small-group threshold k of disclosure control (DESIGN.md, "Privacy"): a group of fewer
-- than k distinct people shows no figures. k is mm.settings 'small_group_threshold', default 5,
-- never below 3 whatever the setting says. One definition for the range functions below and
-- for the report, so SQL users and the report hide exactly the same groups.

CREATE OR REPLACE FUNCTION mm.small_group_threshold() RETURNS integer
LANGUAGE sql STABLE AS $$
    SELECT greatest(3, coalesce((SELECT value::integer FROM mm.settings WHERE key = 'small_group_threshold'), 5))
$$;
