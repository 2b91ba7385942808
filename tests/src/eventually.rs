//! Waiting for what a test expects, instead of a loop of its own in every test: the one way the
//! tests poll. Tests never assert how long something took; they wait, with a generous limit.

use std::future::Future;
use std::ops::ControlFlow;
use std::time::Duration;

use crate::Result;

/// How often a condition is asked again.
const EVERY: Duration = Duration::from_millis(100);

/// Asks `check` until it answers `Break(value)`, and returns the value. `Continue(why_not)` says
/// what it saw instead; after `patience` that is the error, prefixed by `what`. An error from
/// `check` ends the wait at once.
pub async fn eventually<T, F, Fut>(what: &str, patience: Duration, check: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<ControlFlow<T, String>>>,
{
    eventually_every(what, patience, EVERY, check).await
}

/// As [`eventually`], asking every `every`: for a benchmark that times how soon something
/// happens, where a tenth of a second between asks would count in the figure.
pub async fn eventually_every<T, F, Fut>(
    what: &str,
    patience: Duration,
    every: Duration,
    mut check: F,
) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<ControlFlow<T, String>>>,
{
    let deadline = tokio::time::Instant::now() + patience;
    loop {
        match check().await? {
            ControlFlow::Break(value) => return Ok(value),
            ControlFlow::Continue(why_not) => {
                if tokio::time::Instant::now() > deadline {
                    return Err(format!("{what}: {why_not}").into());
                }
            }
        }
        tokio::time::sleep(every).await;
    }
}

/// `Break(())` when `done`, otherwise `Continue` with the description of what was seen.
pub fn until(done: bool, seen: impl FnOnce() -> String) -> ControlFlow<(), String> {
    if done {
        ControlFlow::Break(())
    } else {
        ControlFlow::Continue(seen())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn returns_what_the_condition_found_once_it_holds() -> Result<()> {
        let mut asked = 0;
        let found = eventually("counting", Duration::from_secs(10), || {
            asked += 1;
            let now = asked;
            async move {
                Ok(if now == 3 {
                    ControlFlow::Break(now)
                } else {
                    ControlFlow::Continue(format!("asked {now} times"))
                })
            }
        })
        .await?;
        assert_eq!(found, 3);
        Ok(())
    }

    #[tokio::test]
    async fn says_what_it_last_saw_when_patience_runs_out() {
        let error = eventually("the route", Duration::ZERO, || async {
            Ok(until(false, || "2 points".to_owned()))
        })
        .await
        .expect_err("it never holds");
        assert_eq!(error.to_string(), "the route: 2 points");
    }

    #[tokio::test]
    async fn an_error_ends_the_wait_at_once() {
        let error = eventually::<(), _, _>("the page", Duration::from_secs(60), || async {
            Err("the window closed".into())
        })
        .await
        .expect_err("fails");
        assert_eq!(error.to_string(), "the window closed");
    }
}
