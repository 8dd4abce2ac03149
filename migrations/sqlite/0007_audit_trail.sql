-- The audit trail: one hash-chained row per state change, decision, assignment, administrator's act
-- and opening of a citizen's record (the GDPR access log; before this migration those openings went
-- to `access_log`, which stays as it was, append-only).
--
-- Each row commits to the one before: hash = SHA-256 of the previous hash and this row's fields
-- (`sportello_domain::audit::entry_hash`, the encoding and its test vectors). Appends serialise on
-- the one `audit_head` row (`UPDATE … RETURNING`), which also numbers them without gaps. Rows are
-- never changed; old ones may be pruned only behind a checkpoint that verification starts from.

CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor_id    INTEGER REFERENCES users (id),
    actor_name  TEXT NOT NULL,
    action      TEXT NOT NULL,
    object_kind TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    detail      TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_log_object ON audit_log (object_kind, object_id);
CREATE INDEX audit_log_at ON audit_log (at);

-- Where verification starts after old rows were pruned: the last pruned row's number and hash.
CREATE TABLE audit_checkpoints (
    seq     INTEGER PRIMARY KEY,
    hash    TEXT NOT NULL,
    at      TEXT NOT NULL,
    pruned  INTEGER NOT NULL
);

CREATE TRIGGER audit_log_immutable_u BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_log_pruned_only_behind_a_checkpoint BEFORE DELETE ON audit_log
WHEN NOT EXISTS (SELECT 1 FROM audit_checkpoints WHERE seq >= OLD.seq)
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_checkpoints_immutable_u BEFORE UPDATE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit checkpoints are immutable'); END;
CREATE TRIGGER audit_checkpoints_immutable_d BEFORE DELETE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit checkpoints are immutable'); END;
CREATE TRIGGER audit_head_never_deleted BEFORE DELETE ON audit_head
BEGIN SELECT RAISE(ABORT, 'the audit chain head is never deleted'); END;
CREATE TRIGGER audit_head_moves_forward BEFORE UPDATE ON audit_head
WHEN NEW.seq < OLD.seq
BEGIN SELECT RAISE(ABORT, 'the audit chain never goes back'); END;
