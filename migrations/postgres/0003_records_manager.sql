-- A fourth role: 'protocollo', the records manager (Responsabile della gestione documentale), who
-- alone annuls and corrects protocol registrations and belongs to no department.
-- PostgreSQL twin of migrations/sqlite/0003_records_manager.sql (which has to rebuild the table).

ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('operatore', 'responsabile', 'amministratore', 'protocollo'));
