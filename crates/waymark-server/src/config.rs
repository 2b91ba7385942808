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
            tls: None,
        }
    }
}

impl Config {
    pub fn read(path: &Path) -> Result<Self, ServerError> {
        let error = |message: String| ServerError::Config {
            path: path.to_owned(),
            message,
        };
        let text = std::fs::read_to_string(path).map_err(|e| error(e.to_string()))?;
        let config: Self = toml::from_str(&text).map_err(|e| error(e.to_string()))?;
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
