//! The server's configuration: a TOML file, and flags that override it.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::ServerError;

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub listen: SocketAddr,
    pub database: PathBuf,
    /// The largest frame a device may send; larger ones get an error frame.
    pub max_frame_bytes: usize,
    /// Frames each connection may send per second, on average, and in one burst.
    pub frames_per_second: u32,
    pub frame_burst: u32,
    /// The largest attachment the server takes.
    pub max_blob_bytes: u64,
    /// The most a document may hold once loaded: bytes of its inflated columns, and operations.
    /// A document past either is refused before it is stored or sent to anyone.
    pub max_document_bytes: u64,
    pub max_document_ops: u64,
    /// The most documents one Sync or Documents frame may name: at least what a device sends in
    /// one (1,000).
    pub max_documents_per_frame: u32,
    /// The most documents one session may send changes for; the rest wait for the next session.
    pub max_documents_per_session: u32,
    /// Bytes of unfinished uploads a workspace may hold, and how long an unfinished upload is kept.
    pub max_partial_upload_bytes: u64,
    pub partial_upload_expiry_seconds: u64,
    /// Bytes of attachments a workspace may hold in all.
    pub max_workspace_blob_bytes: u64,
    /// How often the server looks for devices revoked by the admin CLI (which may run in another
    /// process), and closes their connections. A revoked device is cut off within this time.
    pub revocation_check_ms: u64,
    /// How often the server looks for documents changed through other server processes on the
    /// same database, and tells its connected devices to come for them.
    pub change_check_ms: u64,
    /// A connection on which nothing arrives (not even a ping) for this long is closed. The app
    /// pings every 25 seconds while it is connected and quiet.
    pub idle_timeout_seconds: u64,
    /// A connection is closed after this long however busy it is; the device reconnects, and its
    /// token is checked again at the upgrade.
    pub max_connection_seconds: u64,
    /// A device that does not take a frame the server sends within this long is let go.
    pub send_timeout_seconds: u64,
    /// Enrolment codes one network address may try per minute.
    pub enroll_attempts_per_minute: u32,
    /// Refused device tokens one network address may present per minute before it is answered
    /// 429 for a while.
    pub failed_auth_per_minute: u32,
    /// A request whose headers have not arrived within this long is dropped.
    pub header_read_timeout_seconds: u64,
    /// The most sync connections open at once; one more is answered 503.
    pub max_connections: u32,
    /// When set, `GET /metrics` answers only a request that carries it as a bearer token. The
    /// metrics hold counts and timings only, but a deployment may keep even those to itself.
    pub metrics_token: Option<String>,
    /// How long a stopping server (SIGTERM or Ctrl-C) lets the sync sessions under way run to
    /// their end before it closes what is left and exits. New connections are refused at once.
    pub shutdown_grace_seconds: u64,
    pub tls: Option<Tls>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tls {
    /// PEM files.
    pub certificate: PathBuf,
    pub private_key: PathBuf,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8787)),
            database: PathBuf::from("waymark-server.db"),
            max_frame_bytes: waymark_sync::MAX_FRAME_BYTES,
            frames_per_second: 200,
            frame_burst: 400,
            // A photo is at most 20 MB; leave room for site plans.
            max_blob_bytes: 64 * 1024 * 1024,
            max_document_bytes: waymark_sync::Limits::default().max_document_bytes,
            max_document_ops: waymark_sync::Limits::default().max_document_ops,
            max_documents_per_frame: waymark_sync::MAX_DOCUMENTS_PER_FRAME as u32,
            max_documents_per_session: 20_000,
            max_partial_upload_bytes: 256 * 1024 * 1024,
            partial_upload_expiry_seconds: 24 * 3600,
            max_workspace_blob_bytes: 20 * 1024 * 1024 * 1024,
            revocation_check_ms: 1000,
            change_check_ms: 250,
            idle_timeout_seconds: 120,
            // A working day: long enough that a device reconnects rarely, short enough that no
            // connection outlives the day it was opened.
            max_connection_seconds: 12 * 3600,
            send_timeout_seconds: 30,
            enroll_attempts_per_minute: 10,
            failed_auth_per_minute: 30,
            header_read_timeout_seconds: 10,
            max_connections: 2_000,
            metrics_token: None,
            // Well inside the 90 seconds systemd waits by default before it kills a service.
            shutdown_grace_seconds: 30,
            tls: None,
        }
    }
}

impl Config {
    /// What a document may hold, for the sync sessions.
    pub fn limits(&self) -> waymark_sync::Limits {
        waymark_sync::Limits {
            max_document_bytes: self.max_document_bytes,
            max_document_ops: self.max_document_ops,
        }
    }

    pub fn read(path: &Path) -> Result<Self, ServerError> {
        let error = |message: String| ServerError::Config {
            path: path.to_owned(),
            message,
        };
        let text = std::fs::read_to_string(path).map_err(|e| error(e.to_string()))?;
        let config: Self = toml::from_str(&text).map_err(|e| error(e.to_string()))?;
        if (config.max_documents_per_frame as usize) < waymark_sync::MAX_DOCUMENTS_PER_FRAME {
            return Err(error(format!(
                "max_documents_per_frame must be at least {}, what a device sends in one frame",
                waymark_sync::MAX_DOCUMENTS_PER_FRAME
            )));
        }
        if config.max_frame_bytes > waymark_sync::MAX_FRAME_BYTES {
            return Err(error(format!(
                "max_frame_bytes may be at most {}",
                waymark_sync::MAX_FRAME_BYTES
            )));
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_config_file_sets_what_it_names_and_leaves_the_rest() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("server.toml");
        std::fs::write(
            &path,
            "listen = \"0.0.0.0:9000\"\ndatabase = \"/var/lib/waymark/server.db\"\nframes_per_second = 5\n",
        )
        .expect("write");
        let config = Config::read(&path).expect("reads");
        assert_eq!(config.listen.port(), 9000);
        assert_eq!(config.frames_per_second, 5);
        assert_eq!(config.max_frame_bytes, waymark_sync::MAX_FRAME_BYTES);
        assert!(config.tls.is_none());
    }

    #[test]
    fn a_misspelt_setting_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("server.toml");
        std::fs::write(&path, "listn = \"0.0.0.0:9000\"\n").expect("write");
        let error = Config::read(&path).expect_err("refused");
        assert_eq!(error.code(), "config");
        assert!(error.to_string().contains("listn"), "{error}");
    }
}
