//! What `GET /metrics` tells a monitoring system, in Prometheus's text format: how many devices
//! are connected, how much sync traffic there is, what was refused and how long storage work
//! takes. Only counts and timings: never a device, a user, a workspace or a record.

use std::time::Duration;

use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

/// One label: its name and value, both fixed in the code, so no input can add a series.
type Label = [(&'static str, &'static str); 1];

/// Which way a sync frame went.
#[derive(Debug, Clone, Copy)]
pub enum Direction {
    /// From a device to the server.
    In,
    /// From the server to a device.
    Out,
}

impl Direction {
    fn label(self) -> Label {
        [(
            "direction",
            if matches!(self, Self::In) {
                "in"
            } else {
                "out"
            },
        )]
    }
}

/// The work whose time [`Metrics::storage_work`] records.
#[derive(Debug, Clone, Copy)]
pub enum StorageWork {
    /// The reads and writes of one HTTP request: an enrolment, a blob chunk, an audit report.
    Request,
    /// One sync frame's documents read, merged and written.
    SyncFrame,
}

impl StorageWork {
    fn label(self) -> Label {
        [(
            "work",
            match self {
                Self::Request => "request",
                Self::SyncFrame => "sync_frame",
            },
        )]
    }
}

/// The server's counters, shared by every connection and request.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    devices_connected: Gauge,
    sessions: Counter,
    frames: Family<Label, Counter>,
    bytes: Family<Label, Counter>,
    refusals: Family<Label, Counter>,
    storage_seconds: Family<Label, Histogram>,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("waymark");
        let devices_connected = Gauge::default();
        registry.register(
            "devices_connected",
            "Devices with a sync connection open now",
            devices_connected.clone(),
        );
        let sessions = Counter::default();
        registry.register(
            "sync_sessions",
            "Sync sessions started since the server started",
            sessions.clone(),
        );
        let frames = Family::<Label, Counter>::default();
        registry.register(
            "sync_frames",
            "Sync frames received from devices (in) and sent to them (out)",
            frames.clone(),
        );
        let bytes = Family::<Label, Counter>::default();
        registry.register(
            "sync_bytes",
            "Bytes of sync frames received from devices (in) and sent to them (out)",
            bytes.clone(),
        );
        let refusals = Family::<Label, Counter>::default();
        registry.register(
            "refusals",
            "Requests and sync frames refused, by the code the device was told",
            refusals.clone(),
        );
        // From a tenth of a millisecond to about 13 seconds.
        let storage_seconds = Family::<Label, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.000_1, 4.0, 9))
        });
        registry.register(
            "storage_seconds",
            "Time spent on storage work: an HTTP request's reads and writes, or a sync frame's \
             documents read, merged and written",
            storage_seconds.clone(),
        );
        Self {
            registry,
            devices_connected,
            sessions,
            frames,
            bytes,
            refusals,
            storage_seconds,
        }
    }
}

impl Metrics {
    /// A device's sync connection opened; dropping what this returns counts it closed, on
    /// whichever path the connection ends.
    pub fn device_connected(&self) -> ConnectedDevice<'_> {
        self.devices_connected.inc();
        ConnectedDevice(&self.devices_connected)
    }

    pub fn session_started(&self) {
        self.sessions.inc();
    }

    pub fn frame(&self, direction: Direction, bytes: usize) {
        self.frames.get_or_create(&direction.label()).inc();
        self.bytes
            .get_or_create(&direction.label())
            .inc_by(u64::try_from(bytes).unwrap_or(u64::MAX));
    }

    /// A refusal, by the stable code the device was told.
    pub fn refused(&self, code: &'static str) {
        self.refusals.get_or_create(&[("code", code)]).inc();
    }

    pub fn storage_work(&self, work: StorageWork, took: Duration) {
        self.storage_seconds
            .get_or_create(&work.label())
            .observe(took.as_secs_f64());
    }

    /// Everything counted so far, in Prometheus's text format (version 0.0.4).
    pub fn text(&self) -> String {
        let mut text = String::new();
        // Writing to a String cannot fail, and every label here is one of the code's own.
        if prometheus_client::encoding::prometheus_text::encode(&mut text, &self.registry).is_err()
        {
            tracing::error!("the metrics could not be written out");
        }
        text
    }
}

/// A connected device, counted until this is dropped.
#[derive(Debug)]
pub struct ConnectedDevice<'a>(&'a Gauge);

impl Drop for ConnectedDevice<'_> {
    fn drop(&mut self) {
        self.0.dec();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_holds_each_count_under_its_name_and_labels() {
        let metrics = Metrics::default();
        let first = metrics.device_connected();
        {
            let _second = metrics.device_connected();
            metrics.frame(Direction::In, 100);
            metrics.frame(Direction::In, 20);
            metrics.frame(Direction::Out, 7);
            metrics.refused("rate_limited");
            metrics.storage_work(StorageWork::SyncFrame, Duration::from_millis(3));
        }
        let text = metrics.text();
        for line in [
            "waymark_devices_connected 1",
            "waymark_sync_frames_total{direction=\"in\"} 2",
            "waymark_sync_bytes_total{direction=\"in\"} 120",
            "waymark_sync_bytes_total{direction=\"out\"} 7",
            "waymark_refusals_total{code=\"rate_limited\"} 1",
            "waymark_storage_seconds_count{work=\"sync_frame\"} 1",
            "waymark_sync_sessions_total 0",
        ] {
            assert!(text.lines().any(|l| l == line), "{line:?} in:\n{text}");
        }
        drop(first);
        assert!(metrics.text().contains("waymark_devices_connected 0\n"));
    }
}
