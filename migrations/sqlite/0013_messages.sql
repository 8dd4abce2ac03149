-- Twin of migrations/postgres/0013_messages.sql: messages with the citizen through the portal.
CREATE TABLE messages (
    id            INTEGER PRIMARY KEY,
    submission_id INTEGER NOT NULL REFERENCES submissions (id),
    incoming      INTEGER NOT NULL,
    internal      INTEGER NOT NULL,
    text          TEXT NOT NULL,
    author_id     INTEGER REFERENCES users (id),
    author_name   TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    portal_id     TEXT UNIQUE,
    sent_at       TEXT,
    read_at       TEXT
);
CREATE INDEX messages_submission ON messages (submission_id, id);
-- What was written is never changed: only the portal's id, sent_at and read_at are filled in.
CREATE TRIGGER messages_text_immutable BEFORE UPDATE ON messages
WHEN NEW.text IS NOT OLD.text OR NEW.submission_id IS NOT OLD.submission_id
  OR NEW.author_id IS NOT OLD.author_id OR NEW.created_at IS NOT OLD.created_at
  OR NEW.internal IS NOT OLD.internal OR NEW.incoming IS NOT OLD.incoming
BEGIN
    SELECT RAISE(ABORT, 'messages are never rewritten');
END;
CREATE TRIGGER messages_never_deleted BEFORE DELETE ON messages
BEGIN
    SELECT RAISE(ABORT, 'messages are never deleted');
END;
