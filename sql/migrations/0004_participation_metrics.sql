-- mmadmin: supersedes sha256 b6aa0f3b594d1aff15fcdcb887ad3d5bb79f118f70bfaae0b131055d331749dd
-- Created mm_metrics.participation_monthly. Its current text is
-- sql/definitions/030_participation.sql, applied after every migration; this file is kept so
-- the numbering stays, and databases that ran its earlier text count it as applied.
SELECT 1;
