//! Two sessions joined in memory, as tests and benchmarks need them: frames are encoded, cross
//! in rounds (both sides send, then both read), and are decoded, exactly as over a socket.

use crate::{decode, encode_parts, ErrorCode, Limits, Message, Reassembly, Replica, Session};

/// What happens to one frame on the way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    Deliver,
    Drop,
    DeliverTwice,
}

/// What crossed the link in one session.
#[derive(Debug, Default)]
pub struct Exchange {
    pub bytes: usize,
    pub rounds: usize,
    /// Error frames that either side received.
    pub errors: Vec<ErrorCode>,
    /// Whether both sessions reached their end.
    pub finished: bool,
    /// Frames a session made that could not be encoded (too large): always 0 unless a bug.
    pub unsendable: usize,
    /// Frames that carried part of a message too large for one.
    pub parts: usize,
}

/// A session between `a` and `b`, each frame meeting the fate `fate` chooses.
pub fn run(a: &mut impl Replica, b: &mut impl Replica, mut fate: impl FnMut() -> Fate) -> Exchange {
    const MAX_ROUNDS: usize = 1000;
    let (mut session_a, mut session_b) = (Session::new(), Session::new());
    let mut exchange = Exchange::default();
    let mut in_flight: Vec<(bool, Vec<u8>)> = Vec::new();
    let mut unsendable = Vec::new();
    let mut parts = 0;
    let mut send = |in_flight: &mut Vec<(bool, Vec<u8>)>, to_b: bool, message: Message| {
        // A message too large for one frame goes in parts; one that cannot be encoded at all is
        // counted, and is always a bug.
        match encode_parts(&message) {
            Ok(frames) => {
                if frames.len() > 1 {
                    parts += frames.len();
                }
                in_flight.extend(frames.into_iter().map(|frame| (to_b, frame)));
            }
            Err(error) => unsendable.push(error),
        }
    };
    // Parts being joined, for each direction: to a, to b.
    let mut joining = [Reassembly::default(), Reassembly::default()];
    for message in session_a.start(a) {
        send(&mut in_flight, true, message);
    }
    for message in session_b.start(b) {
        send(&mut in_flight, false, message);
    }
    while !in_flight.is_empty() && exchange.rounds < MAX_ROUNDS {
        exchange.rounds += 1;
        for (to_b, frame) in std::mem::take(&mut in_flight) {
            exchange.bytes += frame.len();
            let copies = match fate() {
                Fate::Deliver => 1,
                Fate::Drop => 0,
                Fate::DeliverTwice => 2,
            };
            for _ in 0..copies {
                let joined = decode(&frame).and_then(|message| {
                    joining[usize::from(to_b)]
                        .accept(message, Limits::default().max_document_bytes as usize)
                });
                let replies = match joined {
                    Ok(None) => Vec::new(),
                    // An error is counted, and its session hears it as a real client's does.
                    Ok(Some(error @ Message::Error { code, .. })) => {
                        exchange.errors.push(code);
                        if to_b {
                            session_b.receive(b, error)
                        } else {
                            session_a.receive(a, error)
                        }
                    }
                    Ok(Some(message)) if to_b => session_b.receive(b, message),
                    Ok(Some(message)) => session_a.receive(a, message),
                    Err(error) => vec![error.reply()],
                };
                for reply in replies {
                    send(&mut in_flight, !to_b, reply);
                }
            }
        }
    }
    exchange.finished = session_a.is_done() && session_b.is_done();
    exchange.unsendable = unsendable.len();
    exchange.parts = parts;
    exchange
}

/// A session on a link that loses and repeats nothing.
pub fn run_clean(a: &mut impl Replica, b: &mut impl Replica) -> Exchange {
    run(a, b, || Fate::Deliver)
}
