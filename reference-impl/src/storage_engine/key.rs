//! The server's at-rest encryption key: 32 random bytes in `<data>/storage/key`, created on
//! first start and reused forever after (losing it makes every encrypted file unreadable, so it
//! is never rotated implicitly). Appwrite keeps the equivalent in `_APP_OPENSSL_KEY_V1`.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use super::layout::temp_beside;

pub(crate) const KEY_LEN: usize = 32;

/// Reads the key, creating it if absent. Creation is atomic and first-writer-wins: the key is
/// written to a temporary file and hard-linked into place, which fails if another process got
/// there first, in which case that process's key is read back.
pub(crate) fn load_or_create(path: &Path) -> io::Result<[u8; KEY_LEN]> {
    match read(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        other => return other,
    }
    let key: [u8; KEY_LEN] = rand::random();
    let temp = temp_beside(path);
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&temp)?;
    file.write_all(&key)?;
    file.sync_all()?;
    drop(file);
    let linked = fs::hard_link(&temp, path);
    fs::remove_file(&temp)?;
    match linked {
        Ok(()) => Ok(key),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => read(path),
        Err(e) => Err(e),
    }
}

fn read(path: &Path) -> io::Result<[u8; KEY_LEN]> {
    let bytes = fs::read(path)?;
    bytes.try_into().map_err(|_| io::Error::new(io::ErrorKind::InvalidData, format!("{} is not a {KEY_LEN}-byte key", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_once_then_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key");
        let first = load_or_create(&path).unwrap();
        let second = load_or_create(&path).unwrap();
        assert_eq!(first, second);
        fs::write(&path, b"short").unwrap();
        assert!(load_or_create(&path).is_err(), "a damaged key must not be silently replaced");
    }
}
