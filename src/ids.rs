//! IDs this run gives the resources it creates: a run prefix, so `conform sweep`
//! can find what a crashed run left behind.

use rand::Rng;
use std::sync::atomic::{AtomicU64, Ordering};

/// Every run prefix starts with this; `conform sweep` deletes IDs that match [`is_run_id`].
pub const PREFIX_MARK: &str = "cf";
const PREFIX_RANDOM: usize = 6;

pub fn random_alnum(len: usize) -> String {
    const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    (0..len).map(|_| CHARS[rng.random_range(0..CHARS.len())] as char).collect()
}

/// `cf` + 6 random characters: unique per run, short enough to leave room in a 36-char ID.
pub fn new_run_prefix() -> String {
    format!("{PREFIX_MARK}{}", random_alnum(PREFIX_RANDOM))
}

/// Hands out `<prefix>-<label>-<n>` IDs, valid Appwrite custom IDs of at most 36 characters.
pub struct IdSource {
    pub prefix: String,
    next: AtomicU64,
}

impl IdSource {
    pub fn new(prefix: String) -> Self {
        IdSource { prefix, next: AtomicU64::new(1) }
    }

    pub fn next(&self, label: &str) -> String {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let label: String =
            label.chars().filter(|c| c.is_ascii_alphanumeric()).take(36 - self.prefix.len() - 2 - n.to_string().len()).collect();
        format!("{}-{label}-{n}", self.prefix).to_lowercase()
    }
}

/// Whether an ID was made by some run of conform (any prefix), for `conform sweep`.
pub fn is_run_id(id: &str) -> bool {
    let Some(rest) = id.strip_prefix(PREFIX_MARK) else { return false };
    rest.len() > PREFIX_RANDOM
        && rest[..PREFIX_RANDOM].chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && rest.as_bytes()[PREFIX_RANDOM] == b'-'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_ids_are_valid_custom_ids_and_recognised_by_sweep() {
        let ids = IdSource::new(new_run_prefix());
        for label in ["user", "a-very-long-label-that-would-overflow-the-limit", ""] {
            let id = ids.next(label);
            assert!(id.len() <= 36, "{id} is {} chars", id.len());
            assert!(id.chars().next().unwrap().is_ascii_alphanumeric(), "{id}");
            assert!(is_run_id(&id), "sweep would miss {id}");
        }
        assert!(!is_run_id("myuser-1"));
        assert!(!is_run_id("cfab-1"));
    }
}
