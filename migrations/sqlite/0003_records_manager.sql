-- A fourth role: 'protocollo', the records manager (Responsabile della gestione documentale), who
-- alone annuls and corrects protocol registrations and belongs to no department.
--
-- SQLite cannot alter a CHECK, so the users table is rebuilt. This file runs inside the migrator's
-- transaction with foreign keys ON: sqlx 0.8.6 honours `-- no-transaction` only on PostgreSQL (its
-- SQLite migrator always opens a transaction: sqlx issue #2085; PR #4015 adds it later), so the usual
-- `PRAGMA foreign_keys = OFF` would be a no-op here and a `BEGIN` would fail. Instead:
-- - defer_foreign_keys (valid for this transaction only) turns every foreign key check into one made
--   at COMMIT;
-- - the users are copied aside, `users` is dropped and created again under the same name, and the
--   copy is put back, ids unchanged. Dropping counts the rows of submissions, history and access_log
--   that lose their user; putting each user back counts them off again, so at COMMIT nothing is left
--   and the check passes (a user not put back would make the COMMIT fail, as it should);
-- - no RENAME: the other tables' `REFERENCES users (id)` are never rewritten.
-- The temporary indexes keep those counts from scanning history and access_log once per user.

PRAGMA defer_foreign_keys = ON;

CREATE INDEX migration_0003_history_actor ON history (actor_id);
CREATE INDEX migration_0003_access_log_user ON access_log (user_id);

CREATE TABLE migration_0003_users AS SELECT * FROM users;

DROP TABLE users;

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    full_name     TEXT NOT NULL,
    role          TEXT NOT NULL
                  CHECK (role IN ('operatore', 'responsabile', 'amministratore', 'protocollo')),
    department    TEXT,
    password_hash TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1,
    demo          INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL
);

INSERT INTO users (id, username, full_name, role, department, password_hash, active, demo, created_at)
SELECT id, username, full_name, role, department, password_hash, active, demo, created_at
FROM migration_0003_users ORDER BY id;

DROP TABLE migration_0003_users;
DROP INDEX migration_0003_history_actor;
DROP INDEX migration_0003_access_log_user;
