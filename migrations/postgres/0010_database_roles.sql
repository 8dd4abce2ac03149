-- Shared mode: the server itself holds who may do what (docs/database-roles.md).
--
-- Every user logs in with their own LOGIN role, made and changed only by `sportello_sync_login_role`
-- (owned by the NOLOGIN role sportello_usermgr, the only one with CREATEROLE). The policy's
-- principals are group roles: sportello_operatore, sportello_responsabile, sportello_protocollo,
-- sportello_amministratore (the `users.role` values) and sportello_system (the portal link and the
-- timed effects). Tables and SECURITY DEFINER functions belong to the NOLOGIN role sportello_owner;
-- members of sportello_owner (IT's maintenance connection, a superuser) bypass these rules on
-- purpose: migrations, `migrate-to` and bulk loads run there, never a workstation.
--
-- What this migration makes PostgreSQL enforce, whatever client connects:
--   * department isolation: row-level security on submissions and everything that hangs off them;
--   * history, audit, register and certificates are append-only: no UPDATE, DELETE or TRUNCATE is
--     granted (the triggers of 0001/0002/0007 stay as a second line);
--   * a state or a decision changes only through the workflow: a legal edge of the workflow, with
--     the history row of the move written by the same user in the same transaction;
--   * protocol numbers come only from the register's counter, one at a time, each used;
--   * password hashes are not readable, and nobody grants themselves a role.
-- The test tests/tests/integration/roles.rs connects as each role and compares with the policy.

-- Roles are the cluster's, shared by its databases: made once, by whichever database's migration
-- comes first (two running at once both try; the loser's "exists already" is expected).
DO $$
DECLARE
    r text;
    statements text[] := ARRAY[
        -- The one role that makes roles; it owns only sportello_sync_login_role.
        'ALTER ROLE sportello_usermgr CREATEROLE',
        'GRANT sportello_user TO sportello_operatore, sportello_responsabile, sportello_protocollo, '
            || 'sportello_amministratore, sportello_system',
        -- Deactivating a user ends their open sessions.
        'GRANT pg_signal_backend TO sportello_usermgr'];
BEGIN
    FOREACH r IN ARRAY ARRAY['sportello_owner', 'sportello_user', 'sportello_operatore',
        'sportello_responsabile', 'sportello_protocollo', 'sportello_amministratore',
        'sportello_system', 'sportello_auditor', 'sportello_usermgr',
        -- Users who log in with the Comune's directory password (pg_hba: `+sportello_ldap ldap …`).
        'sportello_ldap']
    LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', r);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;
            END;
        END IF;
    END LOOP;
    FOREACH r IN ARRAY statements LOOP
        BEGIN
            EXECUTE r;
        EXCEPTION WHEN duplicate_object OR unique_violation OR internal_error THEN
            NULL;
        END;
    END LOOP;
END $$;

-- Which login role is which user; set only by sportello_sync_login_role.
ALTER TABLE users ADD COLUMN db_role TEXT UNIQUE;
-- A one-time password (after `migrate-to`) is changed by its user at first login.
ALTER TABLE users ADD COLUMN password_change_due BOOLEAN NOT NULL DEFAULT FALSE;

-- The transaction that wrote a history row (top-level, also inside savepoints): the workflow guard
-- below looks for the move's row in the same transaction. Never written by clients (no grant).
ALTER TABLE history ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id();

-- The workflow's legal moves (from, to); tests/tests/integration/roles.rs checks this list against
-- the domain's workflow (`sportello_domain::workflow::decide`).
CREATE TABLE workflow_transitions (
    from_state TEXT NOT NULL,
    to_state   TEXT NOT NULL,
    PRIMARY KEY (from_state, to_state)
);
INSERT INTO workflow_transitions (from_state, to_state) VALUES
    ('received', 'inReview'), ('received', 'inadmissible'), ('received', 'withdrawn'),
    ('inReview', 'integrationRequested'), ('inReview', 'noticeSent'), ('inReview', 'approved'),
    ('inReview', 'rejected'), ('inReview', 'inadmissible'), ('inReview', 'withdrawn'),
    ('integrationRequested', 'inReview'), ('integrationRequested', 'withdrawn'),
    ('noticeSent', 'inReview'), ('noticeSent', 'rejected'),
    ('noticeSent', 'withdrawn');

-- The register's counter, seeded from what is registered (0001 created it, unused until now).
INSERT INTO protocol_counters (year, last)
SELECT year, MAX(number) FROM protocol_registrations GROUP BY year
ON CONFLICT (year) DO UPDATE SET last = EXCLUDED.last;

-- Who is connected, as Sportello knows them: the active user whose login role this session is.
CREATE FUNCTION sportello_me() RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $$ SELECT id FROM users WHERE db_role = session_user AND active $$;

-- The department whose submissions this session may see (officers and heads only).
CREATE FUNCTION sportello_my_department() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $$ SELECT department FROM users
          WHERE db_role = session_user AND active AND role IN ('operatore', 'responsabile') $$;

CREATE FUNCTION sportello_my_role() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $$ SELECT role FROM users WHERE db_role = session_user AND active $$;

-- Whether this session is IT's maintenance connection (the owner, or a superuser).
CREATE FUNCTION sportello_is_maintenance() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $$ SELECT pg_has_role(session_user, 'sportello_owner', 'MEMBER') $$;

-- Whether this session may see submission `p_id`: its department's officers and heads.
CREATE FUNCTION sportello_sees(p_id bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $$ SELECT EXISTS (SELECT 1 FROM submissions
                         WHERE id = p_id AND department = sportello_my_department()) $$;

-- A registration is written before its incoming submission (deferred key): while that submission
-- does not exist yet, only the transaction writing both can know its id.
CREATE FUNCTION sportello_sees_registration(p_submission bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $$ SELECT p_submission IS NULL OR sportello_sees(p_submission)
              OR NOT EXISTS (SELECT 1 FROM submissions WHERE id = p_submission) $$;

-- The department that keeps the population register (its officers read `residents`).
INSERT INTO settings (key, value) VALUES ('anagrafe_department', 'demografici')
ON CONFLICT (key) DO NOTHING;
CREATE FUNCTION sportello_keeps_anagrafe() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $$ SELECT sportello_my_department() = (SELECT value FROM settings WHERE key = 'anagrafe_department') $$;

-- A state or a decision changes only through the workflow: a legal edge, and the history row of the
-- move in the same transaction, by the connected user (checked at commit).
CREATE FUNCTION sportello_workflow_guard() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $$
BEGIN
    IF sportello_is_maintenance() THEN
        RETURN NULL;
    END IF;
    IF OLD.state IS DISTINCT FROM NEW.state AND NOT EXISTS (
        SELECT 1 FROM workflow_transitions WHERE from_state = OLD.state AND to_state = NEW.state)
    THEN
        RAISE EXCEPTION 'submission %: % -> % is not a workflow move', NEW.id, OLD.state, NEW.state
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM history h
        WHERE h.submission_id = NEW.id AND h.tx = pg_current_xact_id()
          AND (h.actor_id = sportello_me()
               OR (h.actor_id IS NULL AND pg_has_role(session_user, 'sportello_system', 'MEMBER')))
          AND (OLD.state IS NOT DISTINCT FROM NEW.state
               OR (h.from_state = OLD.state AND h.to_state = NEW.state)))
    THEN
        RAISE EXCEPTION 'submission %: changed without its history row (only through the workflow)', NEW.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER submissions_change_through_workflow
    AFTER UPDATE ON submissions DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW
    WHEN (OLD.state IS DISTINCT FROM NEW.state
          OR OLD.assignee_id IS DISTINCT FROM NEW.assignee_id
          OR OLD.closed_on IS DISTINCT FROM NEW.closed_on
          OR OLD.integration_used IS DISTINCT FROM NEW.integration_used
          OR OLD.notice_sent_on IS DISTINCT FROM NEW.notice_sent_on
          OR OLD.observations_on IS DISTINCT FROM NEW.observations_on)
    EXECUTE FUNCTION sportello_workflow_guard();

-- Protocol numbers come only from the counter: it advances one at a time, a registration takes the
-- counter's number, and at commit every number taken is registered (no gaps, DPR 445/2000 art. 57).
CREATE FUNCTION sportello_counter_guard() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $$
BEGIN
    IF sportello_is_maintenance() THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' THEN
        -- (An INSERT … ON CONFLICT DO NOTHING of an existing year fires this too, and does nothing.)
        IF NOT EXISTS (SELECT 1 FROM protocol_counters WHERE year = NEW.year)
           AND NEW.last <> COALESCE((SELECT MAX(number) FROM protocol_registrations WHERE year = NEW.year), 0) THEN
            RAISE EXCEPTION 'protocol counter %: starts at the last registered number', NEW.year
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    ELSIF NEW.year <> OLD.year OR NEW.last NOT IN (OLD.last, OLD.last + 1) THEN
        RAISE EXCEPTION 'protocol counter %: numbers are taken one at a time', OLD.year
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER protocol_counters_one_at_a_time BEFORE INSERT OR UPDATE ON protocol_counters
    FOR EACH ROW EXECUTE FUNCTION sportello_counter_guard();
CREATE TRIGGER protocol_counters_never_deleted BEFORE DELETE ON protocol_counters
    FOR EACH ROW EXECUTE FUNCTION sportello_refuse('protocol counters are never deleted');

CREATE FUNCTION sportello_counter_used() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $$
BEGIN
    IF NEW.last > 0 AND NOT EXISTS (
        SELECT 1 FROM protocol_registrations WHERE year = NEW.year AND number = NEW.last)
    THEN
        RAISE EXCEPTION 'protocol number %/% was taken and not registered', NEW.last, NEW.year
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER protocol_counters_every_number_registered
    AFTER INSERT OR UPDATE ON protocol_counters DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION sportello_counter_used();

CREATE FUNCTION sportello_registration_guard() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $$
BEGIN
    IF sportello_is_maintenance() THEN
        RETURN NEW;
    END IF;
    IF NEW.number IS DISTINCT FROM (SELECT last FROM protocol_counters WHERE year = NEW.year) THEN
        RAISE EXCEPTION 'protocol number %/% does not come from the register counter', NEW.number, NEW.year
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER protocol_numbers_from_the_counter BEFORE INSERT ON protocol_registrations
    FOR EACH ROW EXECUTE FUNCTION sportello_registration_guard();

-- The kept counts are written by their triggers, never by a client.
ALTER FUNCTION queue_totals_inserted() SECURITY DEFINER;
ALTER FUNCTION queue_totals_inserted() SET search_path = pg_catalog, public, pg_temp;
ALTER FUNCTION queue_totals_updated() SECURITY DEFINER;
ALTER FUNCTION queue_totals_updated() SET search_path = pg_catalog, public, pg_temp;

-- The audit trail is appended only through its function, in the connected user's name.
CREATE OR REPLACE FUNCTION sportello_audit_append(
    p_at text, p_actor_id bigint, p_actor_name text, p_action text,
    p_object_kind text, p_object_id text, p_detail text
) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp
    AS $$
DECLARE
    v_seq  bigint;
    v_prev text;
    v_hash text;
BEGIN
    IF p_actor_id IS DISTINCT FROM sportello_me()
       AND NOT pg_has_role(session_user, 'sportello_system', 'MEMBER') THEN
        RAISE EXCEPTION 'audit entries are written in the connected user''s name'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash INTO v_seq, v_prev;
    v_hash := sportello_audit_hash(v_prev, v_seq, p_at, p_actor_id, p_actor_name, p_action,
                                   p_object_kind, p_object_id, p_detail);
    INSERT INTO audit_log (seq, at, actor_id, actor_name, action, object_kind, object_id, detail,
                           prev_hash, hash)
    VALUES (v_seq, p_at, p_actor_id, p_actor_name, p_action, p_object_kind, p_object_id, p_detail,
            v_prev, v_hash);
    UPDATE audit_head SET hash = v_hash WHERE id = 1;
    RETURN v_seq;
END $$;

-- Users and their login roles: the only way a role is made, changed or granted. An administrator
-- manages the others, never themselves; the users table says what the role should be.
CREATE FUNCTION sportello_sync_login_role(p_user bigint, p_verifier text) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $$
DECLARE
    u      users;
    v_role text;
    g      text;
BEGIN
    IF NOT (pg_has_role(session_user, 'sportello_amministratore', 'MEMBER')
            OR pg_has_role(session_user, 'sportello_owner', 'MEMBER')) THEN
        RAISE EXCEPTION 'only administrators manage users' USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT * INTO u FROM users WHERE id = p_user;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'user % does not exist', p_user USING ERRCODE = 'no_data_found';
    END IF;
    v_role := COALESCE(u.db_role, COALESCE(current_setting('sportello.role_prefix', true), '') || u.username);
    IF v_role = session_user AND NOT pg_has_role(session_user, 'sportello_owner', 'MEMBER') THEN
        RAISE EXCEPTION 'an administrator does not change their own role' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = v_role) THEN
        EXECUTE format('CREATE ROLE %I LOGIN', v_role);
    ELSIF u.db_role IS NULL AND EXISTS (
        SELECT 1 FROM pg_roles r WHERE r.rolname = v_role
        AND (r.rolsuper OR r.rolcreaterole OR r.rolbypassrls
             OR pg_has_role(v_role, 'sportello_owner', 'MEMBER')
             OR pg_has_role(v_role, 'sportello_usermgr', 'MEMBER')))
    THEN
        -- A login role IT made beforehand is taken over; a powerful one never.
        RAISE EXCEPTION 'the database role % exists and has powers a user must not have', v_role
            USING ERRCODE = 'duplicate_object';
    END IF;
    EXECUTE format('ALTER ROLE %I %s', v_role, CASE WHEN u.active THEN 'LOGIN' ELSE 'NOLOGIN' END);
    IF p_verifier IS NOT NULL THEN
        IF p_verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
            RAISE EXCEPTION 'passwords arrive as SCRAM verifiers, never in clear' USING ERRCODE = 'invalid_parameter_value';
        END IF;
        EXECUTE format('ALTER ROLE %I PASSWORD %L', v_role, p_verifier);
    END IF;
    FOREACH g IN ARRAY ARRAY['operatore', 'responsabile', 'protocollo', 'amministratore'] LOOP
        IF g = u.role AND u.active THEN
            EXECUTE format('GRANT %I TO %I', 'sportello_' || g, v_role);
        ELSIF pg_has_role(v_role, 'sportello_' || g, 'MEMBER') THEN
            EXECUTE format('REVOKE %I FROM %I', 'sportello_' || g, v_role);
        END IF;
    END LOOP;
    UPDATE users SET db_role = v_role WHERE id = p_user AND db_role IS NULL;
    -- A deactivation or a password reset ends the user's open sessions: the workstation asks them
    -- to log in again.
    IF NOT u.active OR p_verifier IS NOT NULL THEN
        PERFORM pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE usename = v_role AND pid <> pg_backend_pid();
    END IF;
    RETURN v_role;
END $$;

-- A user changes their own password: the login role's (as a SCRAM verifier) and Sportello's Argon2
-- hash together, and the one-time password's "change at first login" is cleared.
CREATE FUNCTION sportello_change_own_password(p_verifier text, p_hash text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $$
DECLARE
    v_id bigint := sportello_me();
BEGIN
    IF v_id IS NULL THEN
        RAISE EXCEPTION 'no Sportello user is connected' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
        RAISE EXCEPTION 'passwords arrive as SCRAM verifiers, never in clear' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    EXECUTE format('ALTER ROLE %I PASSWORD %L', session_user, p_verifier);
    UPDATE users SET password_hash = p_hash, password_change_due = FALSE WHERE id = v_id;
END $$;

-- Ownership: tables and functions belong to sportello_owner; the users function to sportello_usermgr.
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_sqlx_migrations' LOOP
        EXECUTE format('ALTER TABLE public.%I OWNER TO sportello_owner', t.tablename);
    END LOOP;
    FOR t IN SELECT p.oid::regprocedure AS f FROM pg_proc p
             WHERE p.pronamespace = 'public'::regnamespace AND p.proname LIKE 'sportello%'
                OR p.pronamespace = 'public'::regnamespace AND p.proname LIKE 'queue_totals%' LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO sportello_owner', t.f);
    END LOOP;
END $$;
ALTER FUNCTION sportello_sync_login_role(bigint, text) OWNER TO sportello_usermgr;
ALTER FUNCTION sportello_change_own_password(text, text) OWNER TO sportello_usermgr;

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
-- Sportello's functions run only for its roles (the extension's, such as unaccent, stay public).
DO $$
DECLARE
    f record;
BEGIN
    FOR f IN SELECT p.oid::regprocedure AS sig FROM pg_proc p
             WHERE p.pronamespace = 'public'::regnamespace
               AND (p.proname LIKE 'sportello%' OR p.proname LIKE 'queue_totals%') LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f.sig);
    END LOOP;
END $$;
GRANT USAGE ON SCHEMA public TO sportello_user, sportello_usermgr;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO sportello_user;
GRANT EXECUTE ON FUNCTION sportello_unaccent(text), sportello_me(), sportello_my_department(),
    sportello_my_role(), sportello_is_maintenance(), sportello_sees(bigint),
    sportello_sees_registration(bigint), sportello_keeps_anagrafe(),
    sportello_audit_append(text, bigint, text, text, text, text, text),
    sportello_audit_hash(text, bigint, text, bigint, text, text, text, text, text),
    sportello_audit_field(text)
    TO sportello_user;
GRANT EXECUTE ON FUNCTION sportello_sync_login_role(bigint, text) TO sportello_amministratore;
GRANT EXECUTE ON FUNCTION sportello_change_own_password(text, text) TO sportello_user;
GRANT EXECUTE ON FUNCTION sportello_me() TO sportello_usermgr;

-- What each role may touch. Row-level security narrows it to the rows of the user's department, and
-- every policy asks that the session be a user of *this* database (a login role of another Comune's
-- database on the same cluster reads nothing here). Parameterless calls are written as scalar
-- subqueries, so each statement evaluates them once, not once per row.
GRANT SELECT ON settings, workflow_transitions, protocol_counters TO sportello_user;
ALTER TABLE settings ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_read ON settings FOR SELECT TO sportello_user USING ((SELECT sportello_me()) IS NOT NULL);
CREATE POLICY admins_write ON settings FOR ALL TO sportello_amministratore
    USING ((SELECT sportello_me()) IS NOT NULL) WITH CHECK ((SELECT sportello_me()) IS NOT NULL);
-- A workstation compares the server's schema with its own before it works.
GRANT SELECT ON _sqlx_migrations TO sportello_user;
GRANT INSERT, UPDATE ON settings TO sportello_amministratore;

-- No password hash for anyone: column grants leave password_hash out.
GRANT SELECT (id, username, full_name, role, department, active, demo, created_at, db_role,
    password_change_due) ON users TO sportello_user;
GRANT INSERT (username, full_name, role, department, password_hash, active, demo, created_at)
    ON users TO sportello_amministratore;
GRANT UPDATE (full_name, role, department, password_hash, active, password_change_due)
    ON users TO sportello_amministratore;
GRANT SELECT, UPDATE (db_role, password_hash, password_change_due) ON users TO sportello_usermgr;
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON users FOR SELECT TO sportello_user USING ((SELECT sportello_me()) IS NOT NULL);
CREATE POLICY usermgr_reads ON users FOR SELECT TO sportello_usermgr USING (true);
CREATE POLICY admins_add ON users FOR INSERT TO sportello_amministratore WITH CHECK (true);
CREATE POLICY admins_change_others ON users FOR UPDATE TO sportello_amministratore
    USING (db_role IS DISTINCT FROM session_user) WITH CHECK (db_role IS DISTINCT FROM session_user);
CREATE POLICY usermgr_links ON users FOR UPDATE TO sportello_usermgr USING (true) WITH CHECK (true);

-- Citizens' submissions: the department's officers and heads; the portal link (system) all.
GRANT SELECT, INSERT, UPDATE ON submissions TO sportello_operatore, sportello_responsabile, sportello_system;
ALTER TABLE submissions ENABLE ROW LEVEL SECURITY;
CREATE POLICY department ON submissions TO sportello_operatore, sportello_responsabile
    USING (department = (SELECT sportello_my_department()))
    WITH CHECK (department = (SELECT sportello_my_department()));
CREATE POLICY system ON submissions TO sportello_system USING (true) WITH CHECK (true);

-- What hangs off a submission follows it.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['suspensions', 'attachments', 'documents', 'history', 'access_log'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY department_reads ON %I FOR SELECT
            TO sportello_operatore, sportello_responsabile USING (sportello_sees(submission_id))', t);
        EXECUTE format('CREATE POLICY system ON %I TO sportello_system USING (true) WITH CHECK (true)', t);
        EXECUTE format('GRANT SELECT ON %I TO sportello_operatore, sportello_responsabile, sportello_system', t);
        IF t <> 'history' THEN
            EXECUTE format('GRANT INSERT ON %I TO sportello_operatore, sportello_responsabile, sportello_system', t);
        END IF;
    END LOOP;
END $$;
-- History: every column but `tx`, which only its default writes.
GRANT INSERT (submission_id, at, actor_id, actor_name, event, from_state, to_state, text, protocol_id)
    ON history TO sportello_operatore, sportello_responsabile, sportello_protocollo, sportello_system;
GRANT UPDATE ON suspensions TO sportello_operatore, sportello_responsabile, sportello_system;
CREATE POLICY department_writes ON suspensions FOR INSERT TO sportello_operatore, sportello_responsabile
    WITH CHECK (sportello_sees(submission_id));
CREATE POLICY department_changes ON suspensions FOR UPDATE TO sportello_operatore, sportello_responsabile
    USING (sportello_sees(submission_id)) WITH CHECK (sportello_sees(submission_id));
CREATE POLICY department_writes ON attachments FOR INSERT TO sportello_operatore, sportello_responsabile
    WITH CHECK (sportello_sees(submission_id));
CREATE POLICY department_writes ON documents FOR INSERT TO sportello_operatore, sportello_responsabile
    WITH CHECK (sportello_sees(submission_id));
CREATE POLICY own_openings ON access_log FOR INSERT TO sportello_operatore, sportello_responsabile
    WITH CHECK (sportello_sees(submission_id) AND user_id = (SELECT sportello_me()));
-- History rows are written in the writer's own name; the records manager writes the annulment rows
-- of registrations they annul.
CREATE POLICY own_moves ON history FOR INSERT TO sportello_operatore, sportello_responsabile
    WITH CHECK (sportello_sees(submission_id) AND actor_id = (SELECT sportello_me()));
CREATE POLICY annulments ON history FOR INSERT TO sportello_protocollo
    WITH CHECK (event IN ('registrationAnnulled', 'certificateAnnulled') AND actor_id = (SELECT sportello_me()));

-- The register and the certificates' records: every user verifies documents the Comune issued
-- (Permission::VerifyDocument), so their metadata is readable by all; the documents themselves
-- follow their submission. Registrations are written by the department's users and the portal link.
GRANT SELECT ON protocol_registrations, protocol_annulments, certificates TO sportello_user;
GRANT INSERT ON protocol_registrations TO sportello_operatore, sportello_responsabile, sportello_system;
GRANT INSERT, UPDATE ON protocol_counters TO sportello_operatore, sportello_responsabile, sportello_system;
GRANT INSERT ON protocol_annulments TO sportello_protocollo, sportello_responsabile;
GRANT INSERT ON certificates TO sportello_responsabile;
ALTER TABLE protocol_registrations ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON protocol_registrations FOR SELECT TO sportello_user USING ((SELECT sportello_me()) IS NOT NULL);
CREATE POLICY department_registers ON protocol_registrations FOR INSERT
    TO sportello_operatore, sportello_responsabile, sportello_system
    WITH CHECK (sportello_is_maintenance() OR pg_has_role(session_user, 'sportello_system', 'MEMBER')
                OR sportello_sees_registration(submission_id));
ALTER TABLE certificates ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON certificates FOR SELECT TO sportello_user USING ((SELECT sportello_me()) IS NOT NULL);
CREATE POLICY heads_issue ON certificates FOR INSERT TO sportello_responsabile
    WITH CHECK (sportello_sees(submission_id));
-- A head annuls their department's certificates; the records manager any registration.
ALTER TABLE protocol_annulments ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON protocol_annulments FOR SELECT TO sportello_user USING ((SELECT sportello_me()) IS NOT NULL);
CREATE POLICY records_manager ON protocol_annulments FOR INSERT TO sportello_protocollo WITH CHECK (true);
CREATE POLICY heads_certificates ON protocol_annulments FOR INSERT TO sportello_responsabile
    WITH CHECK (EXISTS (SELECT 1 FROM certificates c WHERE c.registration_id = protocol_annulments.registration_id
                        AND sportello_sees(c.submission_id)));

-- The population register: the officers and heads of the department that keeps it.
GRANT SELECT ON residents TO sportello_operatore, sportello_responsabile;
ALTER TABLE residents ENABLE ROW LEVEL SECURITY;
CREATE POLICY anagrafe ON residents FOR SELECT TO sportello_operatore, sportello_responsabile
    USING ((SELECT sportello_keeps_anagrafe()));

-- The queue's kept counts: read per department, written by their triggers only.
GRANT SELECT ON queue_totals TO sportello_operatore, sportello_responsabile, sportello_system;
ALTER TABLE queue_totals ENABLE ROW LEVEL SECURITY;
CREATE POLICY department ON queue_totals FOR SELECT TO sportello_operatore, sportello_responsabile
    USING (department = (SELECT sportello_my_department()));
CREATE POLICY system ON queue_totals FOR SELECT TO sportello_system USING (true);

-- The audit trail: appended through sportello_audit_append; verified by administrators and the
-- records manager; pruned by administrators behind a checkpoint (the triggers of 0007 check it).
GRANT SELECT ON audit_log, audit_head, audit_checkpoints
    TO sportello_amministratore, sportello_protocollo, sportello_system;
GRANT DELETE ON audit_log TO sportello_amministratore, sportello_system;
GRANT INSERT ON audit_checkpoints TO sportello_amministratore, sportello_system;

-- Reads of citizens' data outside the app leave a trace in the server's log too: with pgaudit
-- loaded and `pgaudit.role = 'sportello_auditor'` (docs/deploy-server.md), every statement that
-- touches these tables is logged with the session's user.
GRANT SELECT, INSERT, UPDATE, DELETE ON submissions, attachments, documents, history, residents,
    certificates, access_log TO sportello_auditor;
