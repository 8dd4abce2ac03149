-- Sportello schema for SQLite, version 1. Forward-only: never edit once released; add a new file.
-- Nothing a citizen sent is ever deleted; protocol registrations, history and documents are immutable.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    full_name     TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('operatore', 'responsabile', 'amministratore')),
    department    TEXT,
    password_hash TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1,
    demo          INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL
);

CREATE TABLE submissions (
    id               INTEGER PRIMARY KEY,
    service          TEXT NOT NULL,
    department       TEXT NOT NULL,
    fiscal_code      TEXT NOT NULL,
    given_name       TEXT NOT NULL,
    family_name      TEXT NOT NULL,
    sort_name        TEXT NOT NULL,
    birth_date       TEXT,
    birth_place      TEXT,
    email            TEXT,
    phone            TEXT,
    address          TEXT,
    form             TEXT NOT NULL,
    channel          TEXT NOT NULL,
    external_id      TEXT UNIQUE,
    received_at      TEXT NOT NULL,
    received_on      TEXT NOT NULL,
    protocol_key     INTEGER NOT NULL UNIQUE,
    state            TEXT NOT NULL,
    assignee_id      INTEGER REFERENCES users (id),
    integration_used INTEGER NOT NULL DEFAULT 0,
    notice_sent_on   TEXT,
    observations_on  TEXT,
    -- Denormalised clock for the queue: the deadline assuming open suspensions run to their end,
    -- and the day the current suspension ends (NULL when the clock runs).
    deadline         TEXT,
    suspended_until  TEXT,
    closed_on        TEXT,
    demo             INTEGER NOT NULL DEFAULT 0,
    version          INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX submissions_dept_received ON submissions (department, received_at, id);
CREATE INDEX submissions_dept_state ON submissions (department, state);
CREATE INDEX submissions_service_received ON submissions (service, received_at, id);
CREATE INDEX submissions_assignee ON submissions (assignee_id, state);
CREATE INDEX submissions_dept_deadline ON submissions (department, deadline, id);
CREATE INDEX submissions_sort_name ON submissions (department, sort_name, id);
-- Search by fiscal code and the applicant's other submissions, newest first.
CREATE INDEX submissions_fiscal_code ON submissions (department, fiscal_code, received_at, id);

-- Names for the queue's search (family and given name, accents folded).
CREATE VIRTUAL TABLE submission_names USING fts5 (
    name,
    content = '',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TABLE suspensions (
    id            INTEGER PRIMARY KEY,
    submission_id INTEGER NOT NULL REFERENCES submissions (id),
    kind          TEXT NOT NULL CHECK (kind IN ('integration', 'notice10bis')),
    from_date     TEXT NOT NULL,
    answered_on   TEXT,
    -- Set when the officer ends the suspension without an answer (review resumed after a notice).
    ended_on      TEXT
);
CREATE INDEX suspensions_submission ON suspensions (submission_id);

CREATE TABLE attachments (
    id            INTEGER PRIMARY KEY,
    submission_id INTEGER NOT NULL REFERENCES submissions (id),
    requirement   TEXT,
    name          TEXT NOT NULL,
    media_type    TEXT NOT NULL,
    size          INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    content       BLOB NOT NULL
);
CREATE INDEX attachments_submission ON attachments (submission_id);
CREATE INDEX attachments_sha256 ON attachments (sha256);

-- Documents the procedure produced or received as a whole (the submission itself, letters).
CREATE TABLE documents (
    id            INTEGER PRIMARY KEY,
    submission_id INTEGER NOT NULL REFERENCES submissions (id),
    kind          TEXT NOT NULL,
    media_type    TEXT NOT NULL,
    content       BLOB NOT NULL,
    sha256        TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX documents_submission ON documents (submission_id);

CREATE TABLE protocol_registrations (
    id              INTEGER PRIMARY KEY,
    year            INTEGER NOT NULL,
    number          INTEGER NOT NULL CHECK (number > 0),
    direction       TEXT NOT NULL CHECK (direction IN ('incoming', 'outgoing')),
    registered_at   TEXT NOT NULL,
    correspondent   TEXT NOT NULL,
    subject         TEXT NOT NULL,
    document_sha256 TEXT NOT NULL,
    -- Deferred: an incoming submission's registration is written before the submission row itself.
    submission_id   INTEGER REFERENCES submissions (id) DEFERRABLE INITIALLY DEFERRED,
    operator        TEXT NOT NULL,
    CONSTRAINT protocol_number_unique UNIQUE (year, number)
);

-- Also what keeps receiving fast: the deferred foreign key from a registration to its submission
-- makes SQLite look up registrations by submission when the submission row is inserted.
CREATE INDEX protocol_submission ON protocol_registrations (submission_id);

CREATE TABLE protocol_annulments (
    registration_id INTEGER PRIMARY KEY REFERENCES protocol_registrations (id),
    annulled_at     TEXT NOT NULL,
    operator        TEXT NOT NULL,
    act             TEXT NOT NULL,
    reason          TEXT NOT NULL
);

CREATE TABLE history (
    id            INTEGER PRIMARY KEY,
    submission_id INTEGER NOT NULL REFERENCES submissions (id),
    at            TEXT NOT NULL,
    actor_id      INTEGER REFERENCES users (id),
    actor_name    TEXT NOT NULL,
    event         TEXT NOT NULL,
    from_state    TEXT,
    to_state      TEXT,
    text          TEXT,
    protocol_id   INTEGER REFERENCES protocol_registrations (id)
);
CREATE INDEX history_submission ON history (submission_id, id);

-- Who looked at which citizen's record (GDPR: every view is logged).
CREATE TABLE access_log (
    id            INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    user_id       INTEGER NOT NULL REFERENCES users (id),
    submission_id INTEGER NOT NULL REFERENCES submissions (id)
);
CREATE INDEX access_log_submission ON access_log (submission_id);

CREATE TRIGGER submissions_never_deleted BEFORE DELETE ON submissions
BEGIN SELECT RAISE(ABORT, 'submissions are never deleted'); END;
CREATE TRIGGER submissions_citizen_data_immutable
BEFORE UPDATE OF service, department, fiscal_code, given_name, family_name, birth_date, birth_place, form,
    channel, external_id, received_at, received_on, protocol_key, demo ON submissions
BEGIN SELECT RAISE(ABORT, 'what the citizen sent is never modified'); END;
CREATE TRIGGER attachments_immutable_u BEFORE UPDATE ON attachments
BEGIN SELECT RAISE(ABORT, 'attachments are immutable'); END;
CREATE TRIGGER attachments_immutable_d BEFORE DELETE ON attachments
BEGIN SELECT RAISE(ABORT, 'attachments are immutable'); END;
CREATE TRIGGER documents_immutable_u BEFORE UPDATE ON documents
BEGIN SELECT RAISE(ABORT, 'documents are immutable'); END;
CREATE TRIGGER documents_immutable_d BEFORE DELETE ON documents
BEGIN SELECT RAISE(ABORT, 'documents are immutable'); END;
CREATE TRIGGER protocol_immutable_u BEFORE UPDATE ON protocol_registrations
BEGIN SELECT RAISE(ABORT, 'protocol registrations are immutable'); END;
CREATE TRIGGER protocol_immutable_d BEFORE DELETE ON protocol_registrations
BEGIN SELECT RAISE(ABORT, 'protocol registrations are immutable'); END;
CREATE TRIGGER annulments_immutable_u BEFORE UPDATE ON protocol_annulments
BEGIN SELECT RAISE(ABORT, 'annulments are immutable'); END;
CREATE TRIGGER annulments_immutable_d BEFORE DELETE ON protocol_annulments
BEGIN SELECT RAISE(ABORT, 'annulments are immutable'); END;
CREATE TRIGGER history_immutable_u BEFORE UPDATE ON history
BEGIN SELECT RAISE(ABORT, 'history is immutable'); END;
CREATE TRIGGER history_immutable_d BEFORE DELETE ON history
BEGIN SELECT RAISE(ABORT, 'history is immutable'); END;
CREATE TRIGGER access_log_immutable_d BEFORE DELETE ON access_log
BEGIN SELECT RAISE(ABORT, 'the access log is immutable'); END;
