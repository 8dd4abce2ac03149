-- On PostgreSQL this migration moves the audit trail's hashing into the server
-- (`sportello_audit_append`). The embedded file has no server to trust: Sportello computes the same
-- hash in Rust (`sportello_domain::audit::entry_hash`). Nothing changes here; the file keeps the two
-- databases' migration numbers in step.
SELECT 1;
