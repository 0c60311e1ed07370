-- mmadmin: supersedes sha256 36ed94ebf310b4ef7147acd7623be2fd333e2803bf81c233c69e1b22a2b7913e
-- Program settings, starting with the small-group threshold k (default 5; never below 3, see
-- mm.small_group_threshold() in sql/definitions/020_small_group_threshold.sql).
--
-- This migration also created the participation breakdowns and mm.completed_sessions_placed;
-- their current text is in sql/definitions/ (010 and 040), applied after every migration.
-- Databases that ran the earlier text of this file count it as applied.

CREATE TABLE mm.settings (
    key    text PRIMARY KEY,
    value  text NOT NULL
);
INSERT INTO mm.settings (key, value) VALUES ('small_group_threshold', '5');
