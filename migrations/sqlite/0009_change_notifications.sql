-- On PostgreSQL this migration makes the server announce changed submissions to the other
-- workstations (LISTEN/NOTIFY). The embedded file has one workstation: nothing to announce. The
-- file keeps the two databases' migration numbers in step.
SELECT 1;
