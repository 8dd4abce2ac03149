//! Rebuilds the tests when a migration is added: `sqlx::migrate!` embeds the folders' files, and
//! cargo does not otherwise notice a new file in them.
fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
