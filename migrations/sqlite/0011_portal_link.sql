-- Twin of migrations/postgres/0011_portal_link.sql: the portal link's tables (case files, which
-- portal application each submission is, flags, the quarantine, the outbox, the lease, sync runs).
-- No roles here: the embedded file has one writer, this Sportello.

CREATE TABLE case_file_counters (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);
CREATE TABLE case_files (
    submission_id INTEGER PRIMARY KEY REFERENCES submissions (id),
    year          INTEGER NOT NULL,
    number        INTEGER NOT NULL,
    opened_at     TEXT NOT NULL,
    UNIQUE (year, number)
);

CREATE TABLE portal_links (
    submission_id  INTEGER PRIMARY KEY REFERENCES submissions (id),
    external_id    TEXT NOT NULL UNIQUE,
    portal_status  TEXT NOT NULL,
    payload_sha256 TEXT NOT NULL,
    changed_at     TEXT,
    seen_at        TEXT NOT NULL
);

CREATE TABLE submission_flags (
    id            INTEGER PRIMARY KEY,
    submission_id INTEGER NOT NULL REFERENCES submissions (id),
    field         TEXT NOT NULL,
    message       TEXT NOT NULL,
    raised_at     TEXT NOT NULL
);
CREATE INDEX submission_flags_submission ON submission_flags (submission_id);

CREATE TABLE portal_quarantine (
    id            INTEGER PRIMARY KEY,
    external_id   TEXT NOT NULL UNIQUE,
    payload       TEXT NOT NULL,
    reason        TEXT NOT NULL,
    first_seen_at TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 1,
    resolved_at   TEXT,
    submission_id INTEGER REFERENCES submissions (id)
);

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    submission_id   INTEGER NOT NULL REFERENCES submissions (id),
    external_id     TEXT NOT NULL,
    kind            TEXT NOT NULL,
    payload         TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    created_at      TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    delivered_at    TEXT,
    failed_at       TEXT
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at, id) WHERE delivered_at IS NULL;
CREATE INDEX outbox_submission ON outbox (submission_id, id);

CREATE TABLE leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE TABLE sync_runs (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    full_scan   INTEGER NOT NULL,
    seen        INTEGER NOT NULL DEFAULT 0,
    created     INTEGER NOT NULL DEFAULT 0,
    updated     INTEGER NOT NULL DEFAULT 0,
    quarantined INTEGER NOT NULL DEFAULT 0,
    delivered   INTEGER NOT NULL DEFAULT 0,
    failed      INTEGER NOT NULL DEFAULT 0,
    error       TEXT
);
