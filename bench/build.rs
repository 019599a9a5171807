//! Finds out, at build time, what the report needs to say and what can be compiled:
//! whether actor-core exports `#[task]` yet (cfg `actor_core_tasks`), the version of every
//! compared crate (from Cargo.lock), the git revision of the actor-core compiled in, and the
//! compiler's version.

use std::path::Path;
use std::process::Command;

fn main() {
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let root = Path::new(&manifest_dir);
    let lib = root.join("../actor-core/src/lib.rs");
    let lock = root.join("Cargo.lock");
    println!("cargo::rustc-check-cfg=cfg(actor_core_tasks)");
    println!("cargo::rerun-if-changed={}", lib.display());
    println!("cargo::rerun-if-changed={}", lock.display());

    // The task rows of actor-core compile once actor-core re-exports the `task` macro.
    let lib = std::fs::read_to_string(&lib).unwrap_or_default();
    let exports_task = lib.lines().any(|line| {
        let line = line.trim();
        line.starts_with("pub use actor_macros::")
            && line
                .trim_start_matches("pub use actor_macros::")
                .split(|c: char| !c.is_alphanumeric() && c != '_')
                .any(|word| word == "task")
    });
    if exports_task {
        println!("cargo::rustc-cfg=actor_core_tasks");
    }

    let lock = std::fs::read_to_string(&lock).unwrap_or_default();
    let wanted = [
        "actor-core",
        "tokio",
        "kameo",
        "actix",
        "actix-rt",
        "ractor",
        "futures",
    ];
    let mut versions = Vec::new();
    for package in lock.split("[[package]]") {
        let field = |key: &str| {
            package.lines().find_map(|line| {
                line.strip_prefix(key)
                    .and_then(|rest| rest.trim().strip_prefix('='))
                    .map(|value| value.trim().trim_matches('"').to_owned())
            })
        };
        if let (Some(name), Some(version)) = (field("name "), field("version "))
            && wanted.contains(&name.as_str())
        {
            versions.push(format!("{name} {version}"));
        }
    }
    println!(
        "cargo::rustc-env=BENCH_CRATE_VERSIONS={}",
        versions.join(";")
    );

    // The actor-core that is compiled in: its commit, and whether its sources differed.
    for watched in [
        "../actor-core/src",
        "../actor-macros/src",
        "../.git/logs/HEAD",
    ] {
        println!("cargo::rerun-if-changed={}", root.join(watched).display());
    }
    let git = |args: &[&str]| {
        Command::new("git")
            .arg("-C")
            .arg(root.join(".."))
            .args(args)
            .output()
            .ok()
            .filter(|out| out.status.success())
            .and_then(|out| String::from_utf8(out.stdout).ok())
    };
    let revision = match git(&["rev-parse", "--short", "HEAD"]) {
        Some(head) => {
            let dirty = git(&["status", "--porcelain", "--", "actor-core", "actor-macros"])
                .is_some_and(|out| !out.trim().is_empty());
            let suffix = if dirty { " + uncommitted changes" } else { "" };
            format!("git {}{suffix}", head.trim())
        }
        None => "git revision unknown".to_owned(),
    };
    println!("cargo::rustc-env=BENCH_ACTOR_CORE_REVISION={revision}");

    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let rustc_version = Command::new(rustc)
        .arg("--version")
        .output()
        .ok()
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .map(|text| text.trim().to_owned())
        .unwrap_or_else(|| "unknown".into());
    println!("cargo::rustc-env=BENCH_RUSTC_VERSION={rustc_version}");
}
