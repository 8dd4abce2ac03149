//! Declares the app's own commands so capabilities can grant them one by one (least privilege).

const COMMANDS: &[&str] = &[
    "app_info",
    "login",
    "logout",
    "current_session",
    "catalogue",
    "queue_page",
    "queue_counts",
    "submission_detail",
    "create_submission",
    "apply_action",
    "assign_submission",
    "department_officers",
    "list_users",
    "register_entries",
    "annul_registration",
    "create_user",
    "set_user_active",
    "update_user",
    "pending_certificates",
    "signing_device",
    "issue_certificates",
    "submission_certificates",
    "export_certificate",
    "annul_certificate",
    "reissue_certificate",
    "verify_document",
];

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .unwrap_or_else(|e| panic!("tauri build step failed: {e:#}"));
}
