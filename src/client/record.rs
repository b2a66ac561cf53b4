//! The evidence a World keeps: a bounded tail of its exchanges, plus a run-wide count
//! of the operations really called (for coverage).

use super::redact::redact_json_text;
use crate::exchange::Exchange;
use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};

/// How many exchanges a scenario keeps for its report: the failing request and what led to it.
const TAIL: usize = 12;
/// Text bodies longer than this are cut in reports.
const BODY_PREVIEW: usize = 4000;

pub type OperationCounts = Arc<Mutex<BTreeMap<String, u64>>>;

#[derive(Clone, Default)]
pub struct Recorder {
    tail: Arc<Mutex<VecDeque<Exchange>>>,
    operations: OperationCounts,
}

impl Recorder {
    pub fn new(operations: OperationCounts) -> Self {
        Recorder { tail: Arc::default(), operations }
    }

    pub fn record(&self, exchange: &Exchange) {
        if let Some(op) = &exchange.operation {
            if let Ok(mut counts) = self.operations.lock() {
                *counts.entry(op.clone()).or_default() += 1;
            }
        }
        if let Ok(mut tail) = self.tail.lock() {
            if tail.len() == TAIL {
                tail.pop_front();
            }
            tail.push_back(exchange.clone());
        }
    }

    pub fn exchanges(&self) -> Vec<Exchange> {
        self.tail.lock().map(|t| t.iter().cloned().collect()).unwrap_or_default()
    }
}

pub(super) fn describe_response_body(content_type: Option<&str>, body: &[u8]) -> String {
    let content_type = content_type.unwrap_or("no content type");
    let textual = content_type.starts_with("text/") || content_type.contains("json") || content_type.contains("xml");
    if body.is_empty() {
        "<empty>".to_string()
    } else if textual || std::str::from_utf8(body).is_ok() && !content_type.starts_with("image/") {
        // Redact before cutting: a cut JSON text no longer parses, and would keep its secrets.
        let redacted = redact_json_text(&String::from_utf8_lossy(body));
        preview_text(redacted.as_bytes(), BODY_PREVIEW)
    } else {
        format!("<{} bytes of {content_type}>", body.len())
    }
}

pub fn preview_text(body: &[u8], max: usize) -> String {
    // A char takes at most 4 bytes: decoding more than that is wasted on large bodies.
    let head = &body[..body.len().min(max.saturating_mul(4))];
    let text = String::from_utf8_lossy(head);
    if head.len() == body.len() && text.chars().count() <= max {
        text.into_owned()
    } else {
        let cut: String = text.chars().take(max).collect();
        format!("{cut}… ({} bytes in all)", body.len())
    }
}
