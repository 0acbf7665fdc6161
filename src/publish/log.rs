//! What `kla build --watch` says: one line per event, as text for a person or
//! as JSON for a service's log collector.
//!
//! Text lines are printed whether or not stdout is a terminal: a publish is
//! rare (one per save or pull) and its line is the record of what went
//! public, which a service's journal should keep. Problems go to stderr in
//! the same rendering as `kla build`'s. In JSON every event, problems
//! included (as one string), is one object on one line of stdout, so a log
//! collector never has to join lines.

use std::io::Write;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

use crate::diag::count;
use crate::output::WriteStats;

/// How `kla build --watch` logs its events.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Lines for a person; problems on stderr as `kla build` prints them.
    #[default]
    Text,
    /// One JSON object per line on stdout, for service logs.
    Json,
}

/// One thing worth a line.
pub(super) enum Event<'a> {
    /// Watching started.
    Watching { site: &'a Path, output: &'a Path },
    /// A new output was swapped in.
    Published {
        what: &'a str,
        changed: usize,
        pages: usize,
        files: usize,
        stats: WriteStats,
        ms: u128,
    },
    /// A rebuild gave the same files as the published output: nothing written.
    Unchanged { what: &'a str, ms: u128 },
    /// The sources have problems, or the output could not be written: the
    /// output keeps the last good build.
    Failed { what: &'a str, problems: &'a str, ms: u128 },
    /// What did not stop the build, printed when it differs from the last time.
    Warnings { text: &'a str },
    /// The `--exec` command ended; `error` says how it failed, if it did.
    Exec { command: &'a str, status: Option<i32>, error: Option<&'a str>, ms: u128 },
    /// A signal stopped the watcher.
    Stopped,
}

/// Prints events in one format.
pub(super) struct Log {
    format: LogFormat,
}

impl Log {
    pub(super) fn new(format: LogFormat) -> Self {
        Log { format }
    }

    /// Prints one event.
    pub(super) fn event(&self, event: &Event<'_>) {
        match self.format {
            LogFormat::Text => text(event),
            LogFormat::Json => {
                let mut line = json_of(event);
                let unix_ms = SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
                line["unix_ms"] = json!(unix_ms);
                let mut out = std::io::stdout().lock();
                let _ = writeln!(out, "{line}");
                let _ = out.flush();
            }
        }
    }
}

fn text(event: &Event<'_>) {
    match event {
        Event::Watching { site, output } => println!(
            "watching {}, publishing into {} on every change (Ctrl-C or SIGTERM to stop)",
            site.display(),
            output.display()
        ),
        Event::Published { what, changed, pages, files, stats, ms } => println!(
            "{what}: published {} changed ({} written, {} kept; {}, {}) in {ms} ms",
            count(*changed, "file", "files"),
            stats.written,
            stats.kept,
            count(*pages, "page", "pages"),
            count(*files, "file", "files"),
        ),
        Event::Unchanged { what, ms } => {
            println!("{what}: nothing changed in the output, not published ({ms} ms)");
        }
        Event::Failed { what, problems, ms } => {
            eprintln!("{problems}");
            println!("{what}: build failed, the output keeps the last good build ({ms} ms)");
        }
        Event::Warnings { text } => eprintln!("{text}"),
        Event::Exec { command, status, error, ms } => {
            if let Some(error) = error {
                eprintln!(
                    "error: --exec `{command}` {error} after {ms} ms; still watching\n  = help: run the command by hand to see why"
                );
            } else if let Some(status) = status {
                println!("--exec `{command}`: exit status {status} in {ms} ms");
            }
        }
        Event::Stopped => println!("stopped"),
    }
}

fn json_of(event: &Event<'_>) -> Value {
    match event {
        Event::Watching { site, output } => json!({
            "event": "watching",
            "site": site.display().to_string(),
            "output": output.display().to_string(),
        }),
        Event::Published { what, changed, pages, files, stats, ms } => json!({
            "event": "published",
            "what": what,
            "changed": changed,
            "written": stats.written,
            "kept": stats.kept,
            "pages": pages,
            "files": files,
            "ms": ms,
        }),
        Event::Unchanged { what, ms } => json!({ "event": "unchanged", "what": what, "ms": ms }),
        Event::Failed { what, problems, ms } => {
            json!({ "event": "failed", "what": what, "problems": problems, "ms": ms })
        }
        Event::Warnings { text } => json!({ "event": "warnings", "warnings": text }),
        Event::Exec { command, status, error, ms } => json!({
            "event": if error.is_some() { "exec_failed" } else { "exec" },
            "command": command,
            "status": status,
            "error": error,
            "ms": ms,
        }),
        Event::Stopped => json!({ "event": "stopped" }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_events_are_one_line_each_with_the_problems_as_one_string() {
        let problems =
            "error: unknown indicator\n  --> content/regions/a/2025.toml:8:1\n1 problem found";
        let value = json_of(&Event::Failed { what: "a.toml", problems, ms: 12 });
        let line = value.to_string();
        assert!(!line.contains('\n'), "{line}");
        assert_eq!(value["event"], "failed");
        assert_eq!(value["problems"], problems);
        let published = json_of(&Event::Published {
            what: "a.toml",
            changed: 3,
            pages: 10,
            files: 20,
            stats: WriteStats { written: 4, kept: 17 },
            ms: 5,
        });
        assert_eq!(published["written"], 4);
        assert_eq!(published["kept"], 17);
    }
}
