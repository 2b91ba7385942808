//! Privacy rule P16: nothing sensitive outside the encrypted database. A test types marker
//! strings into the app, then looks for them in every file the app could have written.

use std::path::{Path, PathBuf};

use crate::Result;

/// Every file under `roots` (searched all the way down) that holds one of `markers`, with the
/// marker it holds. A root that does not exist holds nothing.
pub fn files_holding(roots: &[&Path], markers: &[&str]) -> Result<Vec<(PathBuf, String)>> {
    let mut found = Vec::new();
    let mut waiting: Vec<PathBuf> = roots.iter().map(|root| root.to_path_buf()).collect();
    while let Some(path) = waiting.pop() {
        let meta = match std::fs::symlink_metadata(&path) {
            Ok(meta) => meta,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
            Err(error) => return Err(error.into()),
        };
        if meta.is_dir() {
            for entry in std::fs::read_dir(&path)? {
                waiting.push(entry?.path());
            }
        } else if meta.is_file() {
            let bytes = match std::fs::read(&path) {
                Ok(bytes) => bytes,
                // A socket or a file the webview removed while this looked: nothing to read.
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
                Err(error) => return Err(error.into()),
            };
            for marker in markers {
                let needle = marker.as_bytes();
                if bytes.windows(needle.len()).any(|window| window == needle) {
                    found.push((path.clone(), (*marker).to_owned()));
                }
            }
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_is_found_however_deep_and_only_where_it_is() -> Result<()> {
        let root = tempfile::tempdir()?;
        let deep = root.path().join("a").join("b");
        std::fs::create_dir_all(&deep)?;
        std::fs::write(deep.join("log.txt"), b"saved context QZ-MARKER-1 at noon")?;
        std::fs::write(root.path().join("other"), b"nothing here")?;
        let missing = root.path().join("missing");
        let found = files_holding(&[root.path(), &missing], &["QZ-MARKER-1", "QZ-MARKER-2"])?;
        assert_eq!(
            found,
            vec![(deep.join("log.txt"), "QZ-MARKER-1".to_owned())]
        );
        Ok(())
    }
}
