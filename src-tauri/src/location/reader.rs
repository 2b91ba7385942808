//! Reads a location source without making anyone wait long for it.
//!
//! A phone's location services can take seconds to answer (up to their timeout, with no sky in
//! view). The walking screen asks every few seconds, so a slow source must neither hold the
//! command that asks nor pile one reading on another. The reader takes one reading at a time, on
//! a thread of its own, waits a moment for it, and otherwise answers at once with the reading it
//! already has; the slow reading lands for the next ask.

use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

use waymark_core::{RoutePoint, UnixMillis};

use super::LocationProvider;

/// How long an ask waits for a reading under way. A source that answers within it (the GPX
/// replay, a phone with a fix) is read at once; one that does not is not waited for.
const WAIT_FOR_READING: Duration = Duration::from_millis(300);

/// What an ask returns: the latest reading, and whether the route has not had it yet.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reading {
    /// The latest fix, or `None` when the last reading found none.
    pub fix: Option<RoutePoint>,
    /// True the first time a fix is handed out, so the route records each fix once.
    pub unrecorded: bool,
}

#[derive(Debug, Default)]
struct Shared {
    latest: Option<RoutePoint>,
    reading: bool,
    recorded: Option<UnixMillis>,
}

/// A location source read one reading at a time, off the asking thread.
pub struct LocationReader {
    source: Arc<dyn LocationProvider>,
    shared: Arc<(Mutex<Shared>, Condvar)>,
}

impl std::fmt::Debug for LocationReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LocationReader")
    }
}

impl LocationReader {
    pub fn new(source: Box<dyn LocationProvider>) -> Self {
        Self {
            source: Arc::from(source),
            shared: Arc::new((Mutex::new(Shared::default()), Condvar::new())),
        }
    }

    /// The latest reading. Starts the next one if none is under way, and waits a moment for it.
    pub fn read(&self) -> Reading {
        let (lock, landed) = &*self.shared;
        let mut shared = lock.lock().unwrap_or_else(PoisonError::into_inner);
        if !shared.reading && self.start_reading() {
            shared.reading = true;
        }
        let (mut shared, _) = landed
            .wait_timeout_while(shared, WAIT_FOR_READING, |shared| shared.reading)
            .unwrap_or_else(PoisonError::into_inner);
        let fix = shared.latest;
        let unrecorded = fix.is_some_and(|point| shared.recorded != Some(point.t));
        if unrecorded {
            shared.recorded = fix.map(|point| point.t);
        }
        Reading { fix, unrecorded }
    }

    /// Takes one reading on a thread of its own; false when no thread could be started, and the
    /// latest reading stands.
    fn start_reading(&self) -> bool {
        let source = Arc::clone(&self.source);
        let shared = Arc::clone(&self.shared);
        std::thread::Builder::new()
            .name("location".into())
            .spawn(move || {
                let fix = source.current();
                let (lock, landed) = &*shared;
                let mut shared = lock.lock().unwrap_or_else(PoisonError::into_inner);
                shared.latest = fix;
                shared.reading = false;
                landed.notify_all();
            })
            .map_err(|error| tracing::error!(%error, "no thread to read the location on"))
            .is_ok()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

    use super::*;

    /// A source that answers only when the test lets it, like a phone searching for satellites.
    struct Searching {
        answers: Mutex<Receiver<Option<RoutePoint>>>,
        asked: Arc<AtomicUsize>,
    }

    impl LocationProvider for Searching {
        fn current(&self) -> Option<RoutePoint> {
            self.asked.fetch_add(1, Ordering::SeqCst);
            self.answers.lock().ok()?.recv().ok().flatten()
        }
    }

    fn searching() -> (
        LocationReader,
        SyncSender<Option<RoutePoint>>,
        Arc<AtomicUsize>,
    ) {
        let (answer, answers) = sync_channel(0);
        let asked = Arc::new(AtomicUsize::new(0));
        let source = Searching {
            answers: Mutex::new(answers),
            asked: Arc::clone(&asked),
        };
        (LocationReader::new(Box::new(source)), answer, asked)
    }

    fn fix(t: i64) -> RoutePoint {
        RoutePoint {
            lat: 51.5,
            lon: -0.1,
            accuracy_m: 8.0,
            t: UnixMillis::new(t),
        }
    }

    #[test]
    fn an_ask_does_not_wait_for_a_source_that_has_not_answered() {
        let (reader, _answer, asked) = searching();
        // The source never answers while these asks run: each one still comes back.
        let first = reader.read();
        let second = reader.read();
        assert_eq!(
            first,
            Reading {
                fix: None,
                unrecorded: false
            }
        );
        assert_eq!(second, first);
        assert_eq!(
            asked.load(Ordering::SeqCst),
            1,
            "one reading at a time, not one per ask"
        );
    }

    #[test]
    fn a_slow_reading_lands_for_the_next_ask_and_is_recorded_once() {
        let (reader, answer, asked) = searching();
        assert_eq!(reader.read().fix, None);
        answer
            .send(Some(fix(1_000)))
            .expect("the source takes its answer");

        // The next ask waits for the reading that has now landed, or finds it.
        let mut landed = reader.read();
        while landed.fix.is_none() {
            landed = reader.read();
        }
        assert_eq!(
            landed,
            Reading {
                fix: Some(fix(1_000)),
                unrecorded: true
            }
        );
        // That ask started another reading, which is still searching: the same fix, already recorded.
        assert_eq!(
            reader.read(),
            Reading {
                fix: Some(fix(1_000)),
                unrecorded: false
            }
        );
        assert_eq!(asked.load(Ordering::SeqCst), 2);

        answer.send(None).expect("the source takes its answer");
        let mut lost = reader.read();
        while lost.fix.is_some() {
            lost = reader.read();
        }
        assert_eq!(
            lost,
            Reading {
                fix: None,
                unrecorded: false
            },
            "a lost fix is shown as lost"
        );
    }
}
