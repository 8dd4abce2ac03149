-- Twin of migrations/postgres/0010_database_roles.sql, for what SQLite can share: the register's
-- counter, from which every protocol number is now taken on both databases (one use case), and the
-- column naming a user's login role (always NULL here: the embedded file has no database roles; its
-- users are Sportello's own, behind the workstation's file permissions).
CREATE TABLE protocol_counters (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);
INSERT INTO protocol_counters (year, last)
SELECT year, MAX(number) FROM protocol_registrations GROUP BY year;

-- No guard triggers here, unlike PostgreSQL: the embedded file has one writer, this Sportello, and
-- the bulk demo loader writes registrations and counters in bulk.

ALTER TABLE users ADD COLUMN db_role TEXT;
-- A one-time password (after `migrate-to`, or an administrator's reset) is changed at first login.
ALTER TABLE users ADD COLUMN password_change_due INTEGER NOT NULL DEFAULT 0;
