//! `waymark-server`: serve sync, or administer workspaces, users and devices.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::{Parser, Subcommand};
use waymark_server::server::{router, AppState};
use waymark_server::storage::{self, DocumentAccess, SqlStorage, Storage};
use waymark_server::{admin, Config, ServerError};

#[derive(Debug, Parser)]
#[command(name = "waymark-server", version, about = "Waymark's sync server")]
struct Cli {
    /// The server database (overrides the config file).
    #[arg(long, global = true)]
    db: Option<PathBuf>,
    /// A TOML config file.
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// Log as JSON, one object a line (time, level, target, message and fields), for a log
    /// collector; `RUST_LOG` chooses how much, as without it.
    #[arg(long, global = true)]
    log_json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check the database without changing it: it can be read, and its schema is the one this
    /// server writes. Exits non-zero, saying what to do, when it is not.
    Check,
    /// Create the database, or bring its schema up to the one this server writes. `serve` and
    /// the other commands do this too when they open it; run it first to do it apart.
    Migrate,
    /// Write a copy of the database, as it stands at one moment, to a new file; a server may
    /// be running on it. Restore one by stopping the server and putting the copy in the
    /// database's place.
    Backup {
        /// The new file: one that exists is not written over.
        to: PathBuf,
    },
    /// Serve `/sync`, `/enroll`, `/blobs`, `/metrics` and `/healthz`.
    Serve {
        /// The address to listen on (overrides the config file).
        #[arg(long)]
        listen: Option<SocketAddr>,
    },
    /// Workspaces: the teams whose documents are shared.
    Workspace {
        #[command(subcommand)]
        command: WorkspaceCommand,
    },
    /// Users: the practitioners of a workspace.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Devices: enrol one with a one-time code, or revoke one.
    Device {
        #[command(subcommand)]
        command: DeviceCommand,
    },
    /// Documents: list those set aside because they could not be read.
    Document {
        #[command(subcommand)]
        command: DocumentCommand,
    },
    /// Records: who can see one, and the members of a record's case team.
    Record {
        #[command(subcommand)]
        command: RecordCommand,
    },
    /// Sharing decisions: a manager shares records with a partner agency, or ends a share.
    Share {
        #[command(subcommand)]
        command: ShareCommand,
    },
    /// The audit log: who did what to which record, hash-chained.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Retention: erase the records whose period has ended, list those due, keep one longer.
    Retention {
        #[command(subcommand)]
        command: RetentionCommand,
    },
}

#[derive(Debug, Subcommand)]
enum RetentionCommand {
    /// Erases every record whose retention period has ended (`serve` does this every hour).
    Run {
        /// Erase what is due by the start of this day (year-month-day) instead of by now.
        #[arg(long)]
        as_of: Option<String>,
    },
    /// Lists a workspace's records due for erasure within some days, soonest first.
    Due {
        #[arg(long)]
        workspace: String,
        /// A manager of the workspace.
        #[arg(long)]
        by: String,
        #[arg(long, default_value_t = waymark_core::erasure::RETENTION_NOTICE_DAYS)]
        days: u32,
    },
    /// Keeps one record longer than its retention period.
    Extend {
        record: String,
        #[arg(long)]
        days: u32,
        /// A manager of the record's workspace.
        #[arg(long)]
        by: String,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Debug, Subcommand)]
enum RecordCommand {
    /// Lists everyone who can see a record now, and how.
    Access { record: String },
    /// Puts a practitioner or manager on a record's case team (a Level 1 peer map's).
    CaseTeamAdd {
        record: String,
        user: String,
        /// Who decided: a manager of the workspace or a member of the case team.
        #[arg(long)]
        by: String,
    },
    /// Takes someone off a record's case team; their devices delete it at their next sync.
    CaseTeamRemove {
        record: String,
        user: String,
        /// Who decided: a manager of the workspace or a member of the case team.
        #[arg(long)]
        by: String,
    },
    /// Erases a record everywhere: the server keeps only a note of which record, when, by whom
    /// and why, and every device that holds it deletes it at its next sync.
    Erase {
        record: String,
        /// A manager of the record's workspace.
        #[arg(long)]
        by: String,
        #[arg(long)]
        reason: String,
    },
    /// Erases the past text of a record from its history (a name typed where it should not
    /// be): the record is rewritten as it is now, with no history, on the server and every
    /// device.
    EraseHistory {
        record: String,
        /// A manager of the record's workspace.
        #[arg(long)]
        by: String,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Walks the whole log and says whether its chain holds, or where it breaks.
    Verify,
    /// Lists the log, oldest first, about one record, by one person, or both.
    List {
        #[arg(long)]
        record: Option<String>,
        #[arg(long)]
        user: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum ShareCommand {
    /// Records a manager's decision to share records with an agency.
    Add {
        #[arg(long)]
        workspace: String,
        /// The manager who decided.
        #[arg(long)]
        by: String,
        /// The agency that receives the records, such as school or police.
        #[arg(long)]
        agency: String,
        /// Why they receive them.
        #[arg(long)]
        purpose: String,
        /// The legal basis, such as education_act_2002_s175 or uk_gdpr_6_1_e.
        #[arg(long)]
        legal_basis: String,
        /// obtained, not_sought or overridden.
        #[arg(long)]
        consent: String,
        /// Why consent was not sought, or was overridden.
        #[arg(long)]
        consent_reason: Option<String>,
        /// The share ends by itself after this many days.
        #[arg(long)]
        expires_in_days: Option<u32>,
        /// The records shared, by id.
        #[arg(required = true)]
        records: Vec<String>,
    },
    /// Ends a sharing decision; the agency's devices delete its records at their next sync.
    Revoke {
        id: i64,
        /// The manager who ended it.
        #[arg(long)]
        by: String,
    },
    /// Lists a workspace's sharing decisions, in force or not.
    List {
        #[arg(long)]
        workspace: String,
    },
}

#[derive(Debug, Subcommand)]
enum DocumentCommand {
    /// Lists the documents set aside because they could not be read, for recovery.
    SetAside,
}

#[derive(Debug, Subcommand)]
enum WorkspaceCommand {
    Create { name: String },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Adds a user to a workspace (creating the user if need be).
    Add {
        name: String,
        #[arg(long)]
        workspace: String,
        /// The user's agency, such as youth_work, school or police.
        #[arg(long)]
        agency: Option<String>,
        /// practitioner (the default for a new member), manager or partner_reader.
        #[arg(long)]
        role: Option<String>,
    },
    /// Changes a member's role in a workspace.
    Role {
        name: String,
        #[arg(long)]
        workspace: String,
        /// practitioner, manager or partner_reader.
        role: String,
    },
    /// Lists every member of every workspace, with their agency and role.
    List,
}

#[derive(Debug, Subcommand)]
enum DeviceCommand {
    /// Prints a one-time enrolment code for a new device of this user.
    Enroll {
        #[arg(long)]
        user: String,
        /// The workspace the device's new records belong to, if the user has several.
        #[arg(long)]
        workspace: Option<String>,
        /// How long the code stays usable.
        #[arg(long, default_value_t = waymark_server::DEFAULT_CODE_HOURS)]
        expires_in_hours: u32,
    },
    /// Cuts a device off. With --wipe, for a lost or stolen one, it also erases itself at its
    /// next contact with the server.
    Revoke {
        id: String,
        /// Orders the device erased: its records and photos cannot be got back.
        #[arg(long, requires = "by")]
        wipe: bool,
        /// The administrator ordering the wipe, as the device and the audit log will name them.
        #[arg(long)]
        by: Option<String>,
        /// Do not ask for WIPE to be typed (for scripts).
        #[arg(long, requires = "wipe")]
        yes: bool,
    },
    List,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let log = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
                tracing_subscriber::EnvFilter::new(waymark_sync::DEFAULT_LOG_LEVELS)
            }),
        )
        .with_writer(std::io::stderr);
    if cli.log_json {
        log.json().init();
    } else {
        log.init();
    }
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error [{}]: {error}", error.code());
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), ServerError> {
    let mut config = match &cli.config {
        Some(path) => Config::read(path)?,
        None => Config::default(),
    };
    if let Some(db) = cli.db {
        config.database = db;
    }
    // Check, migrate and backup come to the database before anything opens it, since opening
    // migrates it; every other command opens it first.
    let database = config.database.clone();
    let open = || SqlStorage::open(&database);
    match cli.command {
        Command::Check => check(&database),
        Command::Migrate => migrate(&database),
        Command::Backup { to } => {
            let bytes = storage::backup(&database, &to)?;
            println!(
                "the server database at {} is copied to {} ({bytes} bytes)",
                storage::shown(&database),
                to.display()
            );
            Ok(())
        }
        Command::Serve { listen } => {
            if let Some(listen) = listen {
                config.listen = listen;
            }
            serve(config, open()?)
        }
        Command::Workspace {
            command: WorkspaceCommand::Create { name },
        } => {
            admin::create_workspace(&open()?, &name)?;
            println!("workspace \"{}\" created", name.trim());
            Ok(())
        }
        Command::User { command } => user(&open()?, command),
        Command::Device { command } => device(&open()?, command),
        Command::Record { command } => record(&open()?, command),
        Command::Share { command } => share(&open()?, command),
        Command::Audit { command } => audit(&open()?, command),
        Command::Retention { command } => retention(&open()?, command),
        Command::Document {
            command: DocumentCommand::SetAside,
        } => {
            let documents = open()?.quarantined_documents()?;
            if documents.is_empty() {
                println!("no document is set aside");
            }
            for (id, at) in documents {
                println!("{id}  set aside at {at}: it could not be read");
            }
            Ok(())
        }
    }
}

/// `waymark-server check`: says which schema the database is at when it is the one this server
/// writes; otherwise the error says what to do.
fn check(database: &Path) -> Result<(), ServerError> {
    let version = storage::check(database)?;
    println!(
        "the server database at {} can be read and its schema is current (version {version})",
        storage::shown(database)
    );
    Ok(())
}

/// `waymark-server migrate`: applies the migrations the database lacks, creating it if there is
/// none, and says which version it went from and to.
fn migrate(database: &Path) -> Result<(), ServerError> {
    let before = match storage::check(database) {
        Ok(version) | Err(ServerError::SchemaBehind { found: version, .. }) => Some(version),
        Err(ServerError::NoDatabase(_)) => None,
        Err(other) => return Err(other),
    };
    drop(SqlStorage::open(database)?);
    let after = storage::check(database)?;
    match before {
        Some(version) if version == after => println!(
            "the server database at {} is already at schema version {after}",
            storage::shown(database)
        ),
        Some(version) => println!(
            "the server database at {} went from schema version {version} to {after}",
            storage::shown(database)
        ),
        None => println!(
            "the server database at {} was created at schema version {after}",
            storage::shown(database)
        ),
    }
    Ok(())
}

fn user(storage: &dyn Storage, command: UserCommand) -> Result<(), ServerError> {
    match command {
        UserCommand::Add {
            name,
            workspace,
            agency,
            role,
        } => {
            admin::add_user(
                storage,
                &name,
                &workspace,
                agency.as_deref(),
                role.as_deref(),
            )?;
            println!("user \"{}\" is in workspace \"{workspace}\"", name.trim());
        }
        UserCommand::Role {
            name,
            workspace,
            role,
        } => {
            admin::set_role(storage, &name, &workspace, &role)?;
            println!(
                "user \"{}\" is now {} in workspace \"{workspace}\"",
                name.trim(),
                role.trim()
            );
        }
        UserCommand::List => {
            for member in admin::list_members(storage)? {
                println!(
                    "{}  {}  {}  {}",
                    member.workspace,
                    member.user,
                    member
                        .agency
                        .map_or("agency not recorded", |agency| agency.code()),
                    member.role.code()
                );
            }
        }
    }
    Ok(())
}

fn record(storage: &dyn Storage, command: RecordCommand) -> Result<(), ServerError> {
    match command {
        RecordCommand::Access { record } => {
            for viewer in admin::record_viewers(storage, &record)? {
                let how = match (viewer.access, viewer.decision) {
                    (DocumentAccess::Read, Some(decision)) => {
                        format!("reads it (sharing decision {decision})")
                    }
                    (DocumentAccess::Read, None) => "reads it".to_owned(),
                    _ => "works on it".to_owned(),
                };
                println!(
                    "{}  {}  {how}",
                    viewer.user,
                    viewer
                        .agency
                        .map_or("agency not recorded", |agency| agency.code()),
                );
            }
        }
        RecordCommand::CaseTeamAdd { record, user, by } => {
            admin::add_to_case_team(storage, &record, &user, &by)?;
            println!(
                "\"{}\" is on the case team of {}",
                user.trim(),
                record.trim()
            );
        }
        RecordCommand::Erase { record, by, reason } => {
            let erasure = admin::erase_record(storage, &record, &by, &reason)?;
            println!(
                "{} {} erased by {}: every device that holds it deletes it at its next sync",
                erasure.kind_label(),
                erasure.record,
                erasure.by
            );
        }
        RecordCommand::EraseHistory { record, by, reason } => {
            let epoch = admin::erase_history(storage, &record, &by, &reason)?;
            println!(
                "the history of {} was erased (epoch {epoch}): every device replaces its copy at its next sync",
                record.trim()
            );
        }
        RecordCommand::CaseTeamRemove { record, user, by } => {
            admin::remove_from_case_team(storage, &record, &user, &by)?;
            println!(
                "\"{}\" is off the case team of {}: their devices delete it at their next sync",
                user.trim(),
                record.trim()
            );
        }
    }
    Ok(())
}

fn retention(storage: &dyn Storage, command: RetentionCommand) -> Result<(), ServerError> {
    match command {
        RetentionCommand::Run { as_of } => {
            let applied = admin::apply_retention(storage, as_of.as_deref())?;
            println!(
                "{} records erased at the end of their retention period, and {} route tracks",
                applied.records.len(),
                applied.route_tracks.len()
            );
        }
        RetentionCommand::Due {
            workspace,
            by,
            days,
        } => {
            let due = admin::retention_due(storage, &workspace, &by, days)?;
            if due.is_empty() {
                println!("no record is due for erasure in the next {days} days");
            }
            for record in due {
                println!(
                    "{}  {}  last changed {}  due {}  extended by {} days",
                    record.record,
                    record.kind,
                    record.last_changed,
                    record.due_at,
                    record.extended_days
                );
            }
        }
        RetentionCommand::Extend {
            record,
            days,
            by,
            reason,
        } => {
            admin::extend_retention(storage, &record, days, &by, &reason)?;
            println!("{} is kept {days} days longer", record.trim());
        }
    }
    Ok(())
}

fn share(storage: &dyn Storage, command: ShareCommand) -> Result<(), ServerError> {
    match command {
        ShareCommand::Add {
            workspace,
            by,
            agency,
            purpose,
            legal_basis,
            consent,
            consent_reason,
            expires_in_days,
            records,
        } => {
            let id = admin::share(
                storage,
                &admin::SharingRequest {
                    workspace: &workspace,
                    decided_by: &by,
                    records: &records,
                    agency: &agency,
                    purpose: &purpose,
                    legal_basis: &legal_basis,
                    consent: &consent,
                    consent_reason: consent_reason.as_deref(),
                    expires_in_days,
                },
            )?;
            println!("sharing decision {id}");
        }
        ShareCommand::Revoke { id, by } => {
            admin::revoke_share(storage, id, &by)?;
            println!("sharing decision {id} revoked: the agency's devices delete its records at their next sync");
        }
        ShareCommand::List { workspace } => {
            for decision in admin::sharing_decisions(storage, &workspace)? {
                let state = match &decision.revoked {
                    Some(revoked) => format!("revoked by {} at {}", revoked.by, revoked.at),
                    None => match decision.decision.expires_at {
                        Some(end) => format!("until {end}"),
                        None => "in force".to_owned(),
                    },
                };
                println!(
                    "{}  to {}  decided by {} at {}  {}  consent {}  {state}",
                    decision.id,
                    decision.decision.recipient_agency.code(),
                    decision.decided_by,
                    decision.decided_at,
                    decision.decision.legal_basis.code(),
                    decision.decision.consent.code(),
                );
                println!("    purpose: {}", decision.decision.purpose);
                for record in &decision.decision.record_ids {
                    println!("    {record}");
                }
            }
        }
    }
    Ok(())
}

fn audit(storage: &dyn Storage, command: AuditCommand) -> Result<(), ServerError> {
    match command {
        AuditCommand::Verify => {
            let intact = admin::verify_audit(storage)?;
            println!(
                "the audit log is intact: {} entries, the last link {}",
                intact.entries, intact.last_hash
            );
        }
        AuditCommand::List { record, user } => {
            for stored in admin::audit_entries(storage, record.as_deref(), user.as_deref())? {
                let entry = &stored.entry;
                println!(
                    "{}  {}  {}  {}  {}  {}  {}",
                    stored.seq,
                    entry.at,
                    entry.user,
                    entry.device.as_deref().unwrap_or("on the server"),
                    entry.action.code(),
                    entry
                        .record
                        .map_or_else(|| "-".to_owned(), |id| id.to_string()),
                    entry.detail,
                );
            }
        }
    }
    Ok(())
}

fn device(storage: &SqlStorage, command: DeviceCommand) -> Result<(), ServerError> {
    match command {
        DeviceCommand::Enroll {
            user,
            workspace,
            expires_in_hours,
        } => {
            let invitation =
                admin::enroll_device(storage, &user, workspace.as_deref(), expires_in_hours)?;
            println!("device {}", invitation.device);
            println!("workspace {}", invitation.workspace);
            println!("enrolment code {}", invitation.code);
            println!(
                "The code works once, within {} hours. Type it in the app's Settings.",
                invitation.expires_in_hours
            );
        }
        DeviceCommand::Revoke {
            id,
            wipe: true,
            by,
            yes,
        } => {
            let confirmation = if yes {
                "WIPE".to_owned()
            } else {
                eprintln!(
                    "This erases every record and photo on device {} the next time it reaches the server. Changes made on it that have not synced are lost, and nothing can be got back.",
                    id.trim()
                );
                eprint!("Type WIPE to go on: ");
                let mut typed = String::new();
                std::io::stdin().read_line(&mut typed)?;
                typed
            };
            admin::order_wipe(
                storage,
                &id,
                by.as_deref().unwrap_or_default(),
                &confirmation,
            )?;
            println!(
                "device {} revoked: it erases itself at its next contact with the server",
                id.trim()
            );
        }
        DeviceCommand::Revoke { id, .. } => {
            admin::revoke_device(storage, &id)?;
            println!("device {} revoked", id.trim());
        }
        DeviceCommand::List => {
            for device in admin::list_devices(storage)? {
                println!(
                    "{}  {}  {}  {}",
                    device.id, device.user, device.workspace, device.state
                );
            }
        }
    }
    Ok(())
}

fn serve(config: Config, storage: SqlStorage) -> Result<(), ServerError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let state = AppState::new(Arc::new(storage), config.clone());
        waymark_server::erasure::keep_applying_retention(state.clone());
        let header_read_timeout = Duration::from_secs(config.header_read_timeout_seconds);
        let app = router(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
        let handle = axum_server::Handle::new();
        let (stopped, when_stopped) = tokio::sync::oneshot::channel();
        tokio::spawn({
            let handle = handle.clone();
            let grace = Duration::from_secs(config.shutdown_grace_seconds);
            async move {
                stop_signal().await;
                tracing::info!(
                    grace_seconds = grace.as_secs(),
                    "stopping: no new connections; the sync sessions under way run to their end"
                );
                handle.graceful_shutdown(Some(grace));
                let _ = stopped.send(state.stop(grace).await);
            }
        });
        let listener = std::net::TcpListener::bind(config.listen)?;
        let address = listener.local_addr()?;
        match &config.tls {
            Some(tls) => {
                let rustls = tls_config(&tls.certificate, &tls.private_key).await?;
                announce(address, "https");
                let mut server = axum_server::from_tcp_rustls(listener, rustls)?.handle(handle);
                // A client that opens a connection and never finishes its headers is let go.
                server
                    .http_builder()
                    .http1()
                    .header_read_timeout(header_read_timeout);
                server.serve(app).await?;
            }
            None => {
                announce(address, "http");
                let mut server = axum_server::from_tcp(listener)?.handle(handle);
                server
                    .http_builder()
                    .http1()
                    .header_read_timeout(header_read_timeout);
                server.serve(app).await?;
            }
        }
        // The listener stops only when asked to: what is left is to see the sessions end.
        match when_stopped.await {
            Ok(0) => tracing::info!("stopped: every sync session had ended"),
            Ok(open) => tracing::warn!(
                open,
                "stopped: connections still open at the end of the grace period were closed"
            ),
            Err(_) => {}
        }
        Ok(())
    })
}

/// Resolves when the server is asked to stop: SIGTERM, as systemd and container runtimes send,
/// or Ctrl-C.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = terminate.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
                return;
            }
            Err(error) => {
                tracing::warn!(%error, "SIGTERM cannot be caught: only Ctrl-C stops the server gently")
            }
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// Says where the server listens, on stdout, so a script that asked for port 0 learns the port.
fn announce(address: SocketAddr, scheme: &str) {
    println!("listening on {scheme}://{address}");
    tracing::info!(%address, scheme, "waymark-server listening");
}

async fn tls_config(
    certificate: &Path,
    private_key: &Path,
) -> Result<axum_server::tls_rustls::RustlsConfig, ServerError> {
    // One crypto provider for the process: ring, so no C toolchain beyond cc is needed.
    let _ = rustls::crypto::ring::default_provider().install_default();
    Ok(axum_server::tls_rustls::RustlsConfig::from_pem_file(certificate, private_key).await?)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use automerge::transaction::Transactable;
    use automerge::{AutoCommit, ROOT};
    use tracing_subscriber::layer::{Context, SubscriberExt as _};
    use tracing_subscriber::{EnvFilter, Layer};

    /// Counts the spans Automerge opens.
    struct AutomergeSpans(Arc<AtomicUsize>);

    impl<S: tracing::Subscriber> Layer<S> for AutomergeSpans {
        fn on_new_span(
            &self,
            attributes: &tracing::span::Attributes<'_>,
            _: &tracing::span::Id,
            _: Context<'_, S>,
        ) {
            if attributes.metadata().target().starts_with("automerge") {
                self.0.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// The spans Automerge opens while a record is loaded and merged, under `levels`.
    fn spans_under(levels: &str) -> usize {
        let count = Arc::new(AtomicUsize::new(0));
        let subscriber = tracing_subscriber::registry()
            .with(EnvFilter::new(levels))
            .with(AutomergeSpans(count.clone()));
        tracing::subscriber::with_default(subscriber, || {
            let mut doc = AutoCommit::new();
            doc.put(ROOT, "name", "Northfield Park").expect("put");
            let saved = doc.save();
            let heads = doc.get_heads();
            doc.put(ROOT, "name", "Northfield Park, east gate")
                .expect("put");
            let change = doc.save_after(&heads);
            let mut stored = AutoCommit::load(&saved).expect("loads");
            stored.load_incremental(&change).expect("merges");
        });
        count.load(Ordering::Relaxed)
    }

    #[test]
    fn by_default_the_server_records_none_of_automerges_spans() {
        // Each span records the document's whole change graph as text.
        assert!(spans_under("info") > 0, "Automerge opens info spans");
        assert_eq!(spans_under(waymark_sync::DEFAULT_LOG_LEVELS), 0);
    }
}
