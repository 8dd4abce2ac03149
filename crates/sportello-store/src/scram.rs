//! PostgreSQL's SCRAM-SHA-256 password verifier (RFC 5802/7677, as `psql`'s `\password` makes it), so
//! a user's password reaches the server already hashed: never in clear in a statement, a log line
//! or pgaudit's record of `ALTER ROLE`.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use password_hash::rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};

/// The iteration count PostgreSQL itself uses (`scram_iterations`' default).
const ITERATIONS: u32 = 4096;

fn hmac(key: &[u8], message: &[u8]) -> [u8; 32] {
    // HMAC accepts keys of any length: `new_from_slice` cannot fail for it.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>` for `password` with `salt`.
pub fn verifier_with_salt(password: &str, salt: &[u8]) -> String {
    let mut salted = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<Sha256>(password.as_bytes(), salt, ITERATIONS, &mut salted);
    let client_key = hmac(&salted, b"Client Key");
    let stored_key = Sha256::digest(client_key);
    let server_key = hmac(&salted, b"Server Key");
    format!(
        "SCRAM-SHA-256${ITERATIONS}:{}${}:{}",
        B64.encode(salt),
        B64.encode(stored_key),
        B64.encode(server_key)
    )
}

/// A verifier for `password` with a fresh random salt.
pub fn verifier(password: &str) -> String {
    let mut salt = [0u8; 16];
    OsRng.fill_bytes(&mut salt);
    verifier_with_salt(password, &salt)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// The verifier PostgreSQL 15 stored for `ALTER ROLE x PASSWORD 'pencil'` with
    /// `password_encryption = 'scram-sha-256'`, salt read back from `pg_authid` (computed by the
    /// server, not by this code).
    #[test]
    fn matches_postgresqls_own_verifier() {
        let salt = B64.decode("xmdBM/vH4hWuDHuOEujXEA==").unwrap();
        assert_eq!(
            verifier_with_salt("pencil", &salt),
            "SCRAM-SHA-256$4096:xmdBM/vH4hWuDHuOEujXEA==$oXejt3qnbWYeKKTMyyR81xAyGFSxEO9056BsgIMaBVs=:YucA6HaFygy8dVa07pIKgt2cDH71+Cih+9gSVOA7GSw="
        );
    }
}
