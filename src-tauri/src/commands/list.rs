// The one list of the commands the window may call: `module::name(arguments) -> answer`.
//
// It is read three times, each by its own `sportello_commands!`:
// - `build.rs` takes the names: Tauri's permissions and the capability's permission set;
// - `commands/contract.rs` makes each entry a Tauri command with exactly this signature (the
//   module's function must take `Cx` and these arguments and return `CommandResult<answer>`, or
//   the build fails), registers them in the invoke handler, and writes `ui/src/api/commands.ts`,
//   the UI's typed functions, from these types.
//
// Adding a command: one line here, its function in the module; `cargo test -p sportello-app`
// regenerates the TypeScript, and CI fails until it is committed.
sportello_commands! {
    session::app_info() -> AppInfo;
    session::workstation_info() -> WorkstationInfo;
    session::login(credentials: Credentials) -> Session;
    session::logout() -> ();
    session::change_password(change: PasswordChange) -> Session;
    session::current_session() -> Option<Session>;
    session::catalogue() -> Catalogue;
    session::watch_changes(feed: Progress<ChangeEvent>) -> ();
    queue::queue_page(query: QueueQuery) -> QueuePage;
    queue::queue_counts(filter: QueueFilter) -> StateCounts;
    review::submission_detail(id: i64) -> SubmissionDetail;
    review::create_submission(submission: CounterSubmission) -> SubmissionDetail;
    review::apply_action(id: i64, action: Action) -> SubmissionDetail;
    review::assign_submission(id: i64, assignment: Assignment) -> SubmissionDetail;
    review::department_officers() -> Vec<UserInfo>;
    register::register_entries(year: i32) -> Vec<RegisterEntry>;
    register::annul_registration(request: AnnulmentRequest) -> RegisterEntry;
    admin::list_users() -> Vec<UserInfo>;
    admin::create_user(user: NewUser) -> UserInfo;
    admin::set_user_active(id: i64, active: bool) -> UserInfo;
    admin::update_user(id: i64, change: UserUpdate) -> UserInfo;
    certificates::pending_certificates() -> Vec<PendingCertificate>;
    certificates::signing_device() -> SigningDeviceInfo;
    certificates::issue_certificates(request: IssueRequest, progress: Progress<IssueProgress>) -> Vec<IssueOutcome>;
    certificates::submission_certificates(id: i64) -> Vec<IssuedCertificate>;
    certificates::export_certificate(document_id: String) -> Option<String>;
    certificates::annul_certificate(request: CertificateAnnulmentRequest) -> IssuedCertificate;
    certificates::reissue_certificate(request: ReissueRequest) -> IssueOutcome;
    certificates::verify_document(pdf: Body) -> VerificationReport;
    audit::audit_head() -> AuditHead;
    audit::verify_audit(anchor: Option<AuditHead>) -> AuditReport;
    sync::sync_overview() -> SyncView;
    sync::retry_delivery(id: i64) -> OutboxItem;
    sync::sync_now() -> ();
    contacts::record_contact(id: i64, contact: NewContact) -> Vec<ContactEntry>;
    contacts::complete_callback(contact_id: i64) -> Vec<ContactEntry>;
    contacts::callbacks_due() -> Vec<CallbackDue>;
    attachments::export_attachment(id: i64) -> Option<String>;
    attachments::read_attachment(id: i64) -> Bytes;
    attachments::open_attachment(id: i64) -> ();
    contacts::write_message(id: i64, message: NewMessage) -> Vec<MessageEntry>;
    contacts::unread_notices() -> Vec<UnreadNotice>;
}
