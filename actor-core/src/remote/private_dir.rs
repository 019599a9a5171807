//! The private directory that holds this driver's Unix sockets.
//!
//! `$XDG_RUNTIME_DIR/actor-core-<pid>-<random>` (else under the system's temporary directory),
//! created fresh with mode 0700, so that only this user can reach the sockets in it. It is
//! removed when the runtime shuts down (`actor_core::shutdown`) and when the `main` wrapped by
//! `#[actor_core::main]` returns or unwinds; the next use after that creates a new one. A
//! process that ends otherwise (`std::process::exit`, SIGKILL) leaves it behind, holding only
//! the dead sockets: nothing can connect to them, and the system's cleaning of its runtime or
//! temporary directory removes them.

use std::hash::{BuildHasher, RandomState};
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::Error;
use crate::lock::lock;

/// The directory in use, if one was created and not removed since.
static CURRENT: Mutex<Option<&'static Path>> = Mutex::new(None);

/// How often a fresh name is tried when the one drawn exists already.
const ATTEMPTS: usize = 8;

/// The private directory for this driver's sockets, created on first use (see the module
/// docs). Fails with [`Error::RuntimeStart`] if no such directory can be created.
pub(crate) fn private_dir() -> Result<&'static Path, Error> {
    let mut current = lock(&CURRENT);
    if let Some(dir) = *current {
        return Ok(dir);
    }
    // One small path is leaked per directory: one per runtime start at most.
    let dir: &'static Path = Box::leak(create()?.into_boxed_path());
    *current = Some(dir);
    Ok(dir)
}

/// Removes the private directory and the sockets in it, if there is one (best effort: an
/// error only leaves it behind).
pub(crate) fn remove() {
    if let Some(dir) = lock(&CURRENT).take() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// Where private directories go: the user's runtime directory, else the temporary one.
fn parent() -> PathBuf {
    std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .filter(|dir| dir.is_absolute() && dir.is_dir())
        .unwrap_or_else(std::env::temp_dir)
}

/// Creates a new directory with mode 0700 under [`parent`]; never reuses one that exists.
fn create() -> Result<PathBuf, Error> {
    let parent = parent();
    let mut last_error = None;
    for _ in 0..ATTEMPTS {
        let random = RandomState::new().hash_one(std::time::SystemTime::now());
        let dir = parent.join(format!("actor-core-{}-{random:016x}", std::process::id()));
        match std::fs::DirBuilder::new().mode(0o700).create(&dir) {
            Ok(()) => {
                // The umask may have taken bits away; set exactly 0700.
                std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))
                    .map_err(|error| failed(&dir, &error))?;
                return Ok(dir);
            }
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                last_error = Some(error);
            }
            Err(error) => return Err(failed(&dir, &error)),
        }
    }
    let error = last_error.unwrap_or_else(|| std::io::Error::other("no name was tried"));
    Err(failed(&parent, &error))
}

fn failed(dir: &Path, error: &std::io::Error) -> Error {
    Error::RuntimeStart {
        message: format!(
            "cannot create the private socket directory {}: {error}; set XDG_RUNTIME_DIR or \
             TMPDIR to a writable directory",
            dir.display()
        ),
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::{private_dir, remove};

    #[test]
    fn the_directory_is_private_and_removed_on_request() {
        let dir = private_dir().expect("a private directory");
        let mode = std::fs::metadata(dir)
            .expect("its metadata")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700);
        assert_eq!(private_dir().expect("the same directory"), dir);
        remove();
        assert!(!dir.exists());
        let next = private_dir().expect("a new directory");
        assert_ne!(next, dir);
        remove();
    }
}
