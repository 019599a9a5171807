//! TEMPORARY stand-in (replaced at merge).
use crate::error::Error;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
pub(crate) fn private_dir() -> Result<&'static Path, Error> {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    Ok(DIR.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("actor-core-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&d);
        d
    }))
}
