-- mmadmin: supersedes sha256 012898edda9f86910a3c07c6d63e79b968dcbaff5401572c30405b678acbe074
-- Created mm_metrics.department_ties_monthly. Its current text is
-- sql/definitions/050_department_ties.sql, applied after every migration; this file is kept so
-- the numbering stays, and databases that ran its earlier text count it as applied.
SELECT 1;
