//! `--exec`: the command run after each publish (an `rsync` to a mirror, a
//! cache purge).
//!
//! It is one string run by the shell (`sh -c` on Unix, `cmd /C` on Windows),
//! so a publisher writes it as at a prompt, pipes and `&&` included; kla adds
//! no quoting of its own. The published folder is in `KLA_OUTPUT` (absolute),
//! so the command need not repeat the path. It runs to its end before the next
//! change is published, so two runs never overlap, and its failure is logged
//! and does not stop the watcher.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use super::log::{Event, Log};

/// The environment variable holding the absolute path of the published output folder.
pub(crate) const OUTPUT_VAR: &str = "KLA_OUTPUT";

/// Runs `command` with `KLA_OUTPUT` set to `output` and logs how it ended.
pub(super) fn run(command: &str, output: &Path, log: &Log) {
    let started = Instant::now();
    let folder = std::path::absolute(output).unwrap_or_else(|_| output.to_path_buf());
    let status = shell(command)
        .env(OUTPUT_VAR, &folder)
        .stdin(Stdio::null())
        // Its own messages belong in the same log; stdout stays kla's (JSON lines).
        .stdout(std::io::stderr())
        .status();
    let ms = started.elapsed().as_millis();
    let (status, error) = match status {
        Ok(status) if status.success() => (status.code(), None),
        Ok(status) => (status.code(), Some(format!("failed ({status})"))),
        Err(err) => (None, Some(format!("could not start ({err})"))),
    };
    log.event(&Event::Exec { command, status, error: error.as_deref(), ms });
}

/// `command` as the platform's shell runs it.
fn shell(command: &str) -> Command {
    if cfg!(windows) {
        let mut shell = Command::new("cmd");
        shell.arg("/C").arg(command);
        shell
    } else {
        let mut shell = Command::new("sh");
        shell.arg("-c").arg(command);
        shell
    }
}
