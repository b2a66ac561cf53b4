//! Fixed-window rate limiting as Appwrite's abuse module does it (notes.md §3): per route a
//! limit, a window and one or more key templates; counters live in memory per key and
//! window; only allowed requests are counted; `X-RateLimit-*` headers describe the key with
//! the fewest requests left. Windows are multiplied by the configured scale for fast tests.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

/// A route's abuse labels: `abuse-limit`, `abuse-time` (seconds) and `abuse-key` templates.
#[derive(Clone, Copy, Debug)]
pub struct RateSpec {
    pub limit: u64,
    pub window_secs: u64,
    pub keys: &'static [&'static str],
}

impl RateSpec {
    /// Appwrite's default key when a route names none.
    pub const DEFAULT_KEY: &'static [&'static str] = &["url:{url},ip:{ip}"];

    pub const fn per_ip(limit: u64, window_secs: u64) -> RateSpec {
        RateSpec { limit, window_secs, keys: RateSpec::DEFAULT_KEY }
    }
}

/// What the headers of a limited route report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateHeaders {
    pub limit: u64,
    pub remaining: u64,
    /// Unix seconds at which the current window ends.
    pub reset: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub headers: RateHeaders,
    /// True when some key is exhausted: answer 429 and count nothing.
    pub limited: bool,
}

pub struct RateLimiter {
    scale: f64,
    counters: Mutex<HashMap<String, Counter>>,
}

/// Requests counted for one key in one window.
struct Counter {
    window_start: u64,
    /// Its own window's length: a sweep keeps an hourly counter that a per-minute check finds.
    window_ms: u64,
    count: u64,
}

/// Past this many counters, stale windows are swept so memory stays bounded.
const SWEEP_THRESHOLD: usize = 50_000;

impl RateLimiter {
    pub fn new(scale: f64) -> RateLimiter {
        let scale = if scale.is_finite() && scale > 0.0 { scale } else { 1.0 };
        RateLimiter { scale, counters: Mutex::new(HashMap::new()) }
    }

    fn window_ms(&self, window_secs: u64) -> u64 {
        ((window_secs as f64) * 1000.0 * self.scale).round().max(1.0) as u64
    }

    /// Checks (and, when `enforce` and allowed, counts) one request against every key.
    /// `keys` are the filled-in templates of `spec`.
    pub fn check(&self, spec: &RateSpec, keys: &[String], enforce: bool) -> Decision {
        self.check_at(spec, keys, enforce, now_ms())
    }

    fn check_at(&self, spec: &RateSpec, keys: &[String], enforce: bool, now: u64) -> Decision {
        let window = self.window_ms(spec.window_secs);
        let start = now - now % window;
        let reset = (start + window).div_ceil(1000);
        let mut counters = self.counters.lock().unwrap_or_else(|p| p.into_inner());
        if counters.len() > SWEEP_THRESHOLD {
            counters.retain(|_, c| now < c.window_start + c.window_ms);
        }
        let counted: Vec<u64> = keys
            .iter()
            .map(|key| match counters.get(&scoped(spec, key)) {
                Some(c) if c.window_start == start => c.count,
                _ => 0,
            })
            .collect();
        let most_used = counted.iter().copied().max().unwrap_or(0);
        let headers = RateHeaders { limit: spec.limit, remaining: spec.limit.saturating_sub(most_used + 1), reset };
        let limited = enforce && counted.iter().any(|c| *c >= spec.limit);
        if enforce && !limited {
            for key in keys {
                let entry = counters.entry(scoped(spec, key)).or_insert(Counter { window_start: start, window_ms: window, count: 0 });
                if entry.window_start != start {
                    entry.window_start = start;
                    entry.count = 0;
                }
                entry.count += 1;
            }
        }
        Decision { headers, limited }
    }

    /// Forgets the counters of `keys` (Appwrite's `abuse-reset`: a successful login clears
    /// the failed attempts).
    pub fn reset(&self, spec: &RateSpec, keys: &[String]) {
        let mut counters = self.counters.lock().unwrap_or_else(|p| p.into_inner());
        for key in keys {
            counters.remove(&scoped(spec, key));
        }
    }
}

/// Two routes may share a key template (`url:{url},ip:{ip}` differs by url anyway), but a
/// window length is part of the counter's identity so specs never share counts.
fn scoped(spec: &RateSpec, key: &str) -> String {
    format!("{}:{key}", spec.window_secs)
}

fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

/// Fills a key template: `{name}` placeholders take the value from `lookup`; placeholders
/// without a value stay literally, as Appwrite leaves them.
pub fn fill_template(template: &str, lookup: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        match rest[open..].find('}') {
            Some(close) => {
                let name = &rest[open + 1..open + close];
                match lookup(name) {
                    Some(value) => out.push_str(&value),
                    None => out.push_str(&rest[open..=open + close]),
                }
                rest = &rest[open + close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: RateSpec = RateSpec::per_ip(3, 60);

    #[test]
    fn counts_up_to_the_limit_then_refuses() {
        let limiter = RateLimiter::new(1.0);
        let keys = vec!["k".to_string()];
        let t = 120_000;
        let remaining: Vec<u64> = (0..3).map(|_| limiter.check_at(&SPEC, &keys, true, t).headers.remaining).collect();
        assert_eq!(remaining, vec![2, 1, 0]);
        let fourth = limiter.check_at(&SPEC, &keys, true, t);
        assert!(fourth.limited);
        assert_eq!(fourth.headers, RateHeaders { limit: 3, remaining: 0, reset: 180 });
        // next window starts fresh
        assert!(!limiter.check_at(&SPEC, &keys, true, 180_000).limited);
    }

    #[test]
    fn unenforced_requests_are_not_counted() {
        let limiter = RateLimiter::new(1.0);
        let keys = vec!["k".to_string()];
        for _ in 0..10 {
            assert!(!limiter.check_at(&SPEC, &keys, false, 1_000).limited);
        }
        assert_eq!(limiter.check_at(&SPEC, &keys, true, 1_000).headers.remaining, 2);
    }

    #[test]
    fn scale_shortens_the_window_and_reset_clears() {
        let limiter = RateLimiter::new(0.01); // 60 s → 600 ms
        let keys = vec!["k".to_string()];
        for _ in 0..3 {
            limiter.check_at(&SPEC, &keys, true, 1_000);
        }
        assert!(limiter.check_at(&SPEC, &keys, true, 1_100).limited);
        assert!(!limiter.check_at(&SPEC, &keys, true, 1_200).limited);
        limiter.reset(&SPEC, &keys);
        assert_eq!(limiter.check_at(&SPEC, &keys, true, 1_300).headers.remaining, 2);
    }

    #[test]
    fn a_sweep_keeps_counters_whose_own_window_is_still_open() {
        let limiter = RateLimiter::new(1.0);
        let hourly = RateSpec::per_ip(2, 3600);
        let keys = vec!["k".to_string()];
        for _ in 0..2 {
            limiter.check_at(&hourly, &keys, true, 0);
        }
        // Enough per-minute counters, minutes later, to make the next check sweep.
        for n in 0..=SWEEP_THRESHOLD {
            limiter.check_at(&SPEC, &[format!("m{n}")], true, 0);
        }
        limiter.check_at(&SPEC, &keys, true, 600_000);
        assert!(limiter.check_at(&hourly, &keys, true, 600_000).limited, "the hourly budget survived the sweep");
        assert!(limiter.counters.lock().unwrap().len() < 10, "the ended per-minute windows were swept");
    }

    #[test]
    fn templates_fill_known_placeholders_only() {
        let filled = fill_template("url:{url},email:{param-email}", |n| (n == "url").then(|| "h/v1/x".to_string()));
        assert_eq!(filled, "url:h/v1/x,email:{param-email}");
    }
}
