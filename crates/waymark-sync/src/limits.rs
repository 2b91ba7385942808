//! How big a document may grow, measured before Automerge loads anything.
//!
//! Automerge's saves and changes are compressed twice over: columns of repeated values are
//! run-length encoded, and columns may be deflated. A frame well under the size limit can hold a
//! document that inflates to gigabytes (512 MiB of one repeated letter saves to about 520 KB), and
//! loading it would take that much memory. So each side walks the binary format itself first:
//! chunk headers, column lengths, deflated columns inflated into a buffer no larger than the
//! limit, and run lengths added up without expanding them. Nothing is kept but two counters, and
//! the walk stops as soon as either passes its limit.

use std::io::Read;

/// The most a document may hold once loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of the document's columns once inflated.
    pub max_document_bytes: u64,
    /// Operations and changes, counted from the run lengths of their columns.
    pub max_document_ops: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_document_bytes: 16 * 1024 * 1024,
            // A school assessment with 50 KB of notes is about 60,000 operations, a walkabout with
            // 500 observations about 100,000: forty times the largest record seen.
            max_document_ops: 4_000_000,
        }
    }
}

/// What a document, or the changes for one, hold once loaded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Measure {
    pub bytes: u64,
    pub ops: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LimitError {
    #[error("the document would be larger than this server or device takes")]
    TooLarge,
    #[error("the document's bytes could not be read")]
    Unreadable,
}

const MAGIC: [u8; 4] = [0x85, 0x6f, 0x4a, 0x83];
const DOCUMENT: u8 = 0;
const CHANGE: u8 = 1;
const COMPRESSED_CHANGE: u8 = 2;
const DEFLATED_COLUMN: u32 = 0b1000;

impl Limits {
    /// Adds what `chunks` (Automerge chunks one after another, as `load_incremental` takes them)
    /// would hold to `so_far`, or refuses once the total passes a limit.
    pub fn admit(&self, so_far: Measure, chunks: &[u8]) -> Result<Measure, LimitError> {
        let mut walk = Walk {
            limits: *self,
            total: so_far,
        };
        walk.check()?;
        let mut input = chunks;
        while !input.is_empty() {
            input = walk.chunk(input)?;
        }
        Ok(walk.total)
    }

    /// What `chunks` hold, if within the limits.
    pub fn measure(&self, chunks: &[u8]) -> Result<Measure, LimitError> {
        self.admit(Measure::default(), chunks)
    }
}

struct Walk {
    limits: Limits,
    total: Measure,
}

impl Walk {
    fn check(&self) -> Result<(), LimitError> {
        if self.total.bytes > self.limits.max_document_bytes
            || self.total.ops > self.limits.max_document_ops
        {
            Err(LimitError::TooLarge)
        } else {
            Ok(())
        }
    }

    fn add_bytes(&mut self, bytes: usize) -> Result<(), LimitError> {
        self.total.bytes = self.total.bytes.saturating_add(bytes as u64);
        self.check()
    }

    /// Bytes the limit still allows.
    fn bytes_left(&self) -> u64 {
        self.limits
            .max_document_bytes
            .saturating_sub(self.total.bytes)
    }

    /// One chunk; returns what follows it.
    fn chunk<'a>(&mut self, input: &'a [u8]) -> Result<&'a [u8], LimitError> {
        let mut reader = Reader(input);
        if reader.take(4)? != MAGIC {
            return Err(LimitError::Unreadable);
        }
        reader.take(4)?; // checksum
        let kind = reader.byte()?;
        let length = reader.length()?;
        let body = reader.take(length)?;
        self.add_bytes(body.len())?;
        match kind {
            DOCUMENT => self.document(Reader(body))?,
            CHANGE => self.change(Reader(body))?,
            COMPRESSED_CHANGE => {
                let inflated = inflate(body, self.bytes_left())?;
                self.add_bytes(inflated.len())?;
                self.change(Reader(&inflated))?;
            }
            // Bundles and anything newer: this version cannot measure them, so it takes none.
            _ => return Err(LimitError::Unreadable),
        }
        Ok(reader.0)
    }

    fn document(&mut self, mut body: Reader<'_>) -> Result<(), LimitError> {
        let actors = body.length()?;
        for _ in 0..actors {
            let length = body.length()?;
            body.take(length)?;
        }
        let heads = body.length()?;
        body.take(heads.checked_mul(32).ok_or(LimitError::Unreadable)?)?;
        let change_columns = body.columns()?;
        let op_columns = body.columns()?;
        let changes = self.columns(&mut body, &change_columns)?;
        let ops = self.columns(&mut body, &op_columns)?;
        self.add_ops(changes.saturating_add(ops))
    }

    fn change(&mut self, mut body: Reader<'_>) -> Result<(), LimitError> {
        let dependencies = body.length()?;
        body.take(dependencies.checked_mul(32).ok_or(LimitError::Unreadable)?)?;
        let actor = body.length()?;
        body.take(actor)?;
        body.uleb()?; // seq
        body.uleb()?; // start op
        body.sleb()?; // time
        let message = body.length()?;
        body.take(message)?;
        let others = body.length()?;
        for _ in 0..others {
            let length = body.length()?;
            body.take(length)?;
        }
        let op_columns = body.columns()?;
        let ops = self.columns(&mut body, &op_columns)?;
        // A change counts as one more, so a flood of empty changes is counted too.
        self.add_ops(ops.saturating_add(1))
    }

    fn add_ops(&mut self, ops: u64) -> Result<(), LimitError> {
        self.total.ops = self.total.ops.saturating_add(ops);
        self.check()
    }

    /// Reads the data of each column and returns the most entries any column holds: every column
    /// has an entry per operation (or per change), so the longest one counts them.
    fn columns(
        &mut self,
        body: &mut Reader<'_>,
        specs: &[(u32, usize)],
    ) -> Result<u64, LimitError> {
        let mut most = 0;
        for &(spec, length) in specs {
            let data = body.take(length)?;
            let entries = if spec & DEFLATED_COLUMN != 0 {
                let inflated = inflate(data, self.bytes_left())?;
                self.add_bytes(inflated.len())?;
                self.entries(spec, &inflated)?
            } else {
                self.entries(spec, data)?
            };
            most = most.max(entries);
        }
        Ok(most)
    }

    /// How many entries one column's data encodes, stopping once that alone passes the limit.
    fn entries(&self, spec: u32, data: &[u8]) -> Result<u64, LimitError> {
        let limit = self.limits.max_document_ops;
        let mut reader = Reader(data);
        let mut count: u64 = 0;
        match spec & 0b111 {
            // Raw values: their bytes are counted, their number comes from the metadata column.
            7 => return Ok(0),
            // Booleans: alternating runs of false and true.
            4 => {
                while !reader.0.is_empty() {
                    count = count.saturating_add(reader.uleb()?);
                    if count > limit {
                        return Err(LimitError::TooLarge);
                    }
                }
            }
            kind => {
                while !reader.0.is_empty() {
                    let run = reader.sleb()?;
                    let entries = if run > 0 {
                        reader.value(kind)?;
                        run.unsigned_abs()
                    } else if run < 0 {
                        for _ in 0..run.unsigned_abs() {
                            reader.value(kind)?;
                        }
                        run.unsigned_abs()
                    } else {
                        reader.uleb()?
                    };
                    count = count.saturating_add(entries);
                    if count > limit {
                        return Err(LimitError::TooLarge);
                    }
                }
            }
        }
        Ok(count)
    }
}

/// Inflates a deflated column or change, refusing it once it passes `limit` bytes.
fn inflate(data: &[u8], limit: u64) -> Result<Vec<u8>, LimitError> {
    let mut inflated = Vec::new();
    flate2::read::DeflateDecoder::new(data)
        .take(limit.saturating_add(1))
        .read_to_end(&mut inflated)
        .map_err(|_| LimitError::Unreadable)?;
    if inflated.len() as u64 > limit {
        return Err(LimitError::TooLarge);
    }
    Ok(inflated)
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], LimitError> {
        if n > self.0.len() {
            return Err(LimitError::Unreadable);
        }
        let (taken, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(taken)
    }

    fn byte(&mut self) -> Result<u8, LimitError> {
        Ok(self.take(1)?[0])
    }

    fn uleb(&mut self) -> Result<u64, LimitError> {
        let mut value: u64 = 0;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7f)
                .checked_shl(shift)
                .ok_or(LimitError::Unreadable)?;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(LimitError::Unreadable)
    }

    fn sleb(&mut self) -> Result<i64, LimitError> {
        let mut value: i64 = 0;
        let mut shift = 0;
        loop {
            let byte = self.byte()?;
            if shift >= 64 {
                return Err(LimitError::Unreadable);
            }
            value |= i64::from(byte & 0x7f) << shift;
            shift += 7;
            if byte & 0x80 == 0 {
                if shift < 64 && byte & 0x40 != 0 {
                    value |= -1 << shift;
                }
                return Ok(value);
            }
        }
    }

    /// A count or length, which must fit what is left to read to mean anything.
    fn length(&mut self) -> Result<usize, LimitError> {
        usize::try_from(self.uleb()?).map_err(|_| LimitError::Unreadable)
    }

    /// A column list: how many, then each column's spec and data length.
    fn columns(&mut self) -> Result<Vec<(u32, usize)>, LimitError> {
        let count = self.length()?;
        // Each column takes at least two bytes to describe.
        if count > self.0.len() / 2 {
            return Err(LimitError::Unreadable);
        }
        (0..count)
            .map(|_| {
                let spec = u32::try_from(self.uleb()?).map_err(|_| LimitError::Unreadable)?;
                Ok((spec, self.length()?))
            })
            .collect()
    }

    /// Skips one value of a run-length encoded column of this type.
    fn value(&mut self, kind: u32) -> Result<(), LimitError> {
        match kind {
            // Delta-encoded integers are signed.
            3 => self.sleb().map(drop),
            // Strings: a length, then UTF-8.
            5 => {
                let length = self.length()?;
                self.take(length).map(drop)
            }
            _ => self.uleb().map(drop),
        }
    }
}

#[cfg(test)]
mod tests {
    use automerge::transaction::Transactable;
    use automerge::{AutoCommit, ObjType, ROOT};

    use super::*;

    fn small() -> Limits {
        Limits {
            max_document_bytes: 1024 * 1024,
            max_document_ops: 2_000,
        }
    }

    fn note(text: &str) -> AutoCommit {
        let mut doc = AutoCommit::new();
        let note = doc.put_object(ROOT, "note", ObjType::Text).expect("text");
        doc.splice_text(&note, 0, 0, text).expect("splice");
        doc.commit();
        doc
    }

    #[test]
    fn an_ordinary_document_and_its_changes_are_measured_and_taken() {
        let mut doc = note("Lighting out by the skate ramp; groups gather after 9 pm.");
        let saved = doc.save();
        let measured = small().measure(&saved).expect("taken");
        assert!(measured.ops >= 57, "{measured:?}");
        doc.put(ROOT, "kind", "context").expect("put");
        doc.commit();
        let heads = AutoCommit::load(&saved).expect("loads").get_heads();
        let changes = doc.save_after(&heads);
        let total = small().admit(measured, &changes).expect("taken");
        assert!(total.ops > measured.ops);
        assert!(total.bytes > measured.bytes);
    }

    #[test]
    fn a_document_that_inflates_past_the_limit_is_refused_without_loading_it() {
        // Two mebibytes of one letter in one value: a few kilobytes saved, one operation, and
        // over the one-mebibyte limit once loaded.
        let mut doc = AutoCommit::new();
        doc.put(ROOT, "note", "a".repeat(2 * 1024 * 1024))
            .expect("put");
        doc.commit();
        let saved = doc.save();
        assert!(saved.len() < 64 * 1024, "{} bytes", saved.len());
        assert_eq!(small().measure(&saved), Err(LimitError::TooLarge));
        let generous = Limits {
            max_document_bytes: 64 * 1024 * 1024,
            max_document_ops: 4_000_000,
        };
        assert!(generous.measure(&saved).is_ok());
    }

    #[test]
    fn a_long_list_of_nulls_is_refused_by_its_operation_count() {
        let mut doc = AutoCommit::new();
        let list = doc.put_object(ROOT, "list", ObjType::List).expect("list");
        for index in 0..5_000 {
            doc.insert(&list, index, automerge::ScalarValue::Null)
                .expect("insert");
        }
        doc.commit();
        let saved = doc.save();
        let refused = small().measure(&saved);
        assert_eq!(refused, Err(LimitError::TooLarge));
        // The same as changes rather than a document.
        let changes = doc.save_after(&[]);
        assert_eq!(small().measure(&changes), Err(LimitError::TooLarge));
    }

    #[test]
    fn a_running_total_refuses_what_many_small_changes_add_up_to() {
        let mut doc = AutoCommit::new();
        let mut total = Measure::default();
        let mut refused = false;
        for round in 0..40 {
            let before = doc.get_heads();
            doc.put(ROOT, "note", format!("{round}").repeat(48 * 1024))
                .expect("put");
            doc.commit();
            match small().admit(total, &doc.save_after(&before)) {
                Ok(next) => total = next,
                Err(error) => {
                    assert_eq!(error, LimitError::TooLarge);
                    refused = true;
                    break;
                }
            }
        }
        assert!(refused, "{total:?}");
    }

    #[test]
    fn bytes_that_are_not_automerge_are_unreadable_not_a_panic() {
        for junk in [
            &b"not automerge"[..],
            &[0x85, 0x6f, 0x4a, 0x83, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff][..],
            &[0x85, 0x6f, 0x4a, 0x83, 0, 0, 0, 0, 3, 0][..],
            &[0x85, 0x6f, 0x4a, 0x83, 0, 0, 0, 0, 2, 3, 1, 2, 3][..],
        ] {
            assert_eq!(small().measure(junk), Err(LimitError::Unreadable));
        }
        let saved = note("A.B. seen by the gate").save();
        for cut in [5, 12, saved.len() / 2, saved.len() - 1] {
            assert!(small().measure(&saved[..cut]).is_err(), "cut at {cut}");
        }
    }
}
