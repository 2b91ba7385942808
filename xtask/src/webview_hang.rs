//! One more try for a test whose webview crashed or hung.
//!
//! Now and then WebKitGTK's web process stops answering under Xvfb, and WebKitWebDriver ends the
//! session with "page crash or hang" in the middle of a test that has nothing wrong with it. A
//! run whose only failures are that is run again for those tests alone, once. Any other failure,
//! or the same tests failing again, fails the run as before: an app that really hangs its page
//! hangs it the second time too.

use std::io::{BufRead as _, BufReader, Write as _};
use std::process::{Command, Stdio};

use anyhow::{bail, Context as _, Result};

/// What WebKitWebDriver says when the web process behind a session has gone.
const WEBVIEW_HUNG: &str = "page crash or hang";

/// A failed test, as libtest reported it.
#[derive(Debug, PartialEq, Eq)]
struct Failure {
    name: String,
    webview_hung: bool,
}

/// Runs `cargo test`, showing its output as it comes. If it fails only because webviews hung,
/// runs those tests once more with `retry`, which is given their names.
pub fn run_tests(mut tests: Command, retry: impl FnOnce(&[String]) -> Command) -> Result<()> {
    let (passed, output) = run_showing(&mut tests)?;
    if passed {
        return Ok(());
    }
    let failures = failures(&output);
    if failures.is_empty() || failures.iter().any(|failure| !failure.webview_hung) {
        bail!("the tests failed");
    }
    let names: Vec<String> = failures.into_iter().map(|failure| failure.name).collect();
    eprintln!(
        "The webview stopped answering in {} ({WEBVIEW_HUNG}); running {} once more.",
        names.join(", "),
        if names.len() == 1 { "it" } else { "them" }
    );
    let (passed, _) = run_showing(&mut retry(&names))?;
    if !passed {
        bail!("the tests failed again: {}", names.join(", "));
    }
    Ok(())
}

/// Runs a command with its standard output shown and kept.
fn run_showing(command: &mut Command) -> Result<(bool, String)> {
    eprintln!("$ {}", crate::process::show(command));
    let mut child = command
        .stdout(Stdio::piped())
        .spawn()
        .context("could not start cargo test")?;
    let stdout = child.stdout.take().context("cargo test's output")?;
    let mut kept = String::new();
    let mut shown = std::io::stdout().lock();
    for line in BufReader::new(stdout).lines() {
        let line = line.context("reading cargo test's output")?;
        writeln!(shown, "{line}")?;
        kept.push_str(&line);
        kept.push('\n');
    }
    let status = child.wait().context("waiting for cargo test")?;
    Ok((status.success(), kept))
}

/// The failed tests in libtest's output, and whether what each printed says its webview hung.
fn failures(output: &str) -> Vec<Failure> {
    let mut failed: Vec<Failure> = output
        .lines()
        .filter_map(|line| line.strip_prefix("test ")?.strip_suffix(" ... FAILED"))
        .map(|name| Failure {
            name: name.to_owned(),
            webview_hung: false,
        })
        .collect();
    let mut section: Option<&str> = None;
    for line in output.lines() {
        if let Some(name) = line
            .strip_prefix("---- ")
            .and_then(|rest| rest.strip_suffix(" stdout ----"))
        {
            section = Some(name);
        } else if line.starts_with("failures:") || line.starts_with("test result:") {
            section = None;
        } else if let Some(name) = section.filter(|_| line.contains(WEBVIEW_HUNG)) {
            for failure in failed.iter_mut().filter(|failure| failure.name == name) {
                failure.webview_hung = true;
            }
        }
    }
    failed
}

#[cfg(test)]
mod tests {
    use super::*;

    const HUNG: &str = "\
running 2 tests
test a_lost_device_is_wiped ... FAILED
test resetting_from_the_lock_screen ... ok

failures:

---- a_lost_device_is_wiped stdout ----
Error: webdriver returned error: session deleted because of page crash or hang

failures:
    a_lost_device_is_wiped

test result: FAILED. 1 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out
";

    #[test]
    fn a_test_whose_webview_hung_is_named_and_marked() {
        assert_eq!(
            failures(HUNG),
            [Failure {
                name: "a_lost_device_is_wiped".into(),
                webview_hung: true
            }]
        );
    }

    #[test]
    fn a_failed_assertion_is_not_taken_for_a_hang() {
        let output = HUNG.replace(
            "Error: webdriver returned error: session deleted because of page crash or hang",
            "thread panicked: nothing of the records is left: [\"waymark.db\"]",
        );
        assert_eq!(
            failures(&output),
            [Failure {
                name: "a_lost_device_is_wiped".into(),
                webview_hung: false
            }]
        );
    }

    #[test]
    fn a_hang_printed_by_another_test_marks_only_that_test() {
        let output = format!(
            "test other_test ... FAILED\n{HUNG}\n---- other_test stdout ----\nassertion failed\n"
        );
        let found = failures(&output);
        assert_eq!(found.len(), 2);
        assert!(found
            .iter()
            .any(|f| f.name == "other_test" && !f.webview_hung));
    }

    #[test]
    fn a_run_that_failed_before_any_test_has_no_failures_to_retry() {
        assert!(failures("error[E0425]: cannot find value `x` in this scope\n").is_empty());
    }
}
