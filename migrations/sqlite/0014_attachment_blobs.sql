-- Twin of migrations/postgres/0014_attachment_blobs.sql: the citizen's files stored
-- content-addressed (issue 12): the bytes once per SHA-256 in `blobs`, each attachment naming its
-- blob, the registration it came in with (NULL: the submission's own, at intake), the message that
-- brought it, and why the intake distrusts it (rows older than this migration have none: the
-- viewer reads the bytes again before it shows or opens anything).
CREATE TABLE blobs (
    sha256  TEXT PRIMARY KEY,
    size    INTEGER NOT NULL,
    content BLOB NOT NULL
);
INSERT OR IGNORE INTO blobs (sha256, size, content) SELECT sha256, size, content FROM attachments ORDER BY id;
CREATE TRIGGER blobs_immutable_u BEFORE UPDATE ON blobs
BEGIN SELECT RAISE(ABORT, 'stored files are immutable'); END;
CREATE TRIGGER blobs_immutable_d BEFORE DELETE ON blobs
BEGIN SELECT RAISE(ABORT, 'stored files are immutable'); END;

CREATE TABLE attachments_by_hash (
    id              INTEGER PRIMARY KEY,
    submission_id   INTEGER NOT NULL REFERENCES submissions (id),
    requirement     TEXT,
    name            TEXT NOT NULL,
    media_type      TEXT NOT NULL,
    size            INTEGER NOT NULL,
    sha256          TEXT NOT NULL REFERENCES blobs (sha256),
    registration_id INTEGER REFERENCES protocol_registrations (id),
    message_id      INTEGER REFERENCES messages (id),
    warning         TEXT
);
INSERT INTO attachments_by_hash (id, submission_id, requirement, name, media_type, size, sha256)
    SELECT id, submission_id, requirement, name, media_type, size, sha256 FROM attachments;
DROP TABLE attachments;
ALTER TABLE attachments_by_hash RENAME TO attachments;
CREATE INDEX attachments_submission ON attachments (submission_id);
CREATE INDEX attachments_sha256 ON attachments (sha256);
CREATE TRIGGER attachments_immutable_u BEFORE UPDATE ON attachments
BEGIN SELECT RAISE(ABORT, 'attachments are immutable'); END;
CREATE TRIGGER attachments_immutable_d BEFORE DELETE ON attachments
BEGIN SELECT RAISE(ABORT, 'attachments are immutable'); END;

-- What a message is (the officer's word, or a letter the link sends as a message: the receipt, the
-- 10-bis notice, a request for integration — whose `read_at` tells who never opened it), and the
-- letter it carries.
ALTER TABLE messages ADD COLUMN kind TEXT NOT NULL DEFAULT 'message'
    CHECK (kind IN ('message', 'receipt', 'notice', 'integrationRequest'));
ALTER TABLE messages ADD COLUMN document_id INTEGER REFERENCES documents (id);
CREATE INDEX messages_unread ON messages (kind, read_at) WHERE kind <> 'message' AND read_at IS NULL;
-- The files the office sends with a message are the office's documents, named, tied to it.
CREATE TABLE message_files (
    id          INTEGER PRIMARY KEY,
    message_id  INTEGER NOT NULL REFERENCES messages (id),
    document_id INTEGER NOT NULL REFERENCES documents (id),
    name        TEXT NOT NULL
);
CREATE INDEX message_files_message ON message_files (message_id);
CREATE INDEX attachments_message ON attachments (message_id) WHERE message_id IS NOT NULL;
CREATE TRIGGER message_files_immutable_u BEFORE UPDATE ON message_files
BEGIN SELECT RAISE(ABORT, 'message files are immutable'); END;
CREATE TRIGGER message_files_immutable_d BEFORE DELETE ON message_files
BEGIN SELECT RAISE(ABORT, 'message files are immutable'); END;
