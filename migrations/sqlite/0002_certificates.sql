-- Certificates: the local population register they are drawn from, and the documents issued.

-- The Comune's population register (anagrafe), as far as certificates need it. In production it is
-- kept in step with ANPR; the demo fills it with invented people.
CREATE TABLE residents (
    fiscal_code    TEXT PRIMARY KEY,
    family_name    TEXT NOT NULL,
    given_name     TEXT NOT NULL,
    sex            TEXT NOT NULL CHECK (sex IN ('M', 'F')),
    birth_date     TEXT NOT NULL,
    birth_place    TEXT NOT NULL,
    -- Birth act in the stato civile registers: comune, year, part, series, number.
    birth_comune   TEXT,
    birth_year     INTEGER,
    birth_part     TEXT,
    birth_series   TEXT,
    birth_number   TEXT,
    citizenship    TEXT NOT NULL,
    -- The domain's CivilStatus, camelCase (unmarried, married, widowed, divorced, civilUnion, ...).
    civil_status   TEXT NOT NULL,
    address        TEXT NOT NULL,
    -- Comune and province of residence, as printed: "Borgo Esempio (PE)".
    residence_comune TEXT NOT NULL,
    resident_since TEXT NOT NULL,
    family_id      INTEGER NOT NULL,
    -- The domain's Relation to the head of the family as JSON, e.g. {"kind":"headOfFamily"}.
    relation       TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'certifiable'
                   CHECK (status IN ('certifiable', 'deceased', 'emigrated', 'notRegistered')),
    -- The day of death or emigration.
    status_date    TEXT,
    -- A pending procedure on the person (e.g. a residence change being checked) blocks certificates.
    open_procedure TEXT,
    demo           INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX residents_family ON residents (family_id);

-- One row per certificate issued: the signed PDF lives in `documents`, its outgoing registration in
-- `protocol_registrations`. An annulment is the annulment of that registration; a re-issue is a new
-- row that names the one it replaces.
CREATE TABLE certificates (
    id              INTEGER PRIMARY KEY,
    document_id     TEXT NOT NULL UNIQUE,
    submission_id   INTEGER NOT NULL REFERENCES submissions (id),
    kind            TEXT NOT NULL,
    fiscal_code     TEXT NOT NULL,
    issued_at       TEXT NOT NULL,
    -- NULL: valid without a time limit (facts that cannot change, art. 41 DPR 445/2000).
    valid_until     TEXT,
    registration_id INTEGER NOT NULL UNIQUE REFERENCES protocol_registrations (id),
    document_row    INTEGER NOT NULL REFERENCES documents (id),
    sha256          TEXT NOT NULL UNIQUE,
    signer          TEXT NOT NULL,
    demo            INTEGER NOT NULL,
    replaces_id     INTEGER REFERENCES certificates (id),
    issued_by       TEXT NOT NULL
);
CREATE INDEX certificates_submission ON certificates (submission_id);

CREATE TRIGGER certificates_immutable_u BEFORE UPDATE ON certificates
BEGIN SELECT RAISE(ABORT, 'issued certificates are immutable'); END;
CREATE TRIGGER certificates_immutable_d BEFORE DELETE ON certificates
BEGIN SELECT RAISE(ABORT, 'issued certificates are immutable'); END;
