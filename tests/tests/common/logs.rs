//! Captures the `tracing` spans and events of a test, to check what the clients log.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::DefaultGuard;
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt as _};
use tracing_subscriber::registry::LookupSpan;

/// A span with the last value recorded for each of its fields.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpanRecord {
    pub name: String,
    pub fields: BTreeMap<String, String>,
}

/// Everything logged on this thread while the guard of [`Logs::capture`] lives.
#[derive(Clone, Default)]
pub struct Logs {
    inner: Arc<Mutex<Captured>>,
}

#[derive(Default)]
struct Captured {
    spans: Vec<(Id, SpanRecord)>,
    events: Vec<String>,
}

impl Logs {
    /// Starts capturing on the current thread (a `#[tokio::test]` runs the client there).
    pub fn capture() -> (Logs, DefaultGuard) {
        let logs = Logs::default();
        let guard =
            tracing::subscriber::set_default(tracing_subscriber::registry().with(logs.clone()));
        (logs, guard)
    }

    /// The spans named `name`, in creation order.
    pub fn spans(&self, name: &str) -> Vec<SpanRecord> {
        self.lock()
            .spans
            .iter()
            .filter(|(_, span)| span.name == name)
            .map(|(_, span)| span.clone())
            .collect()
    }

    /// Every span field and event, as text.
    pub fn text(&self) -> String {
        let captured = self.lock();
        let spans = captured.spans.iter().map(|(_, span)| format!("{span:?}"));
        spans
            .chain(captured.events.iter().cloned())
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Captured> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Logs {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, _: Context<'_, S>) {
        let mut span = SpanRecord {
            name: attrs.metadata().name().to_owned(),
            fields: BTreeMap::new(),
        };
        attrs.record(&mut Fields(&mut span.fields));
        self.lock().spans.push((id.clone(), span));
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, _: Context<'_, S>) {
        // Ids are reused once a span closes: the latest span with the id is this one.
        let mut captured = self.lock();
        if let Some((_, span)) = captured.spans.iter_mut().rev().find(|(i, _)| i == id) {
            values.record(&mut Fields(&mut span.fields));
        }
    }

    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        let line = format!("{} {fields:?}", event.metadata().level());
        self.lock().events.push(line);
    }
}
