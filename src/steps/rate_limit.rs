//! Rate limits as Appwrite documents them: a fixed window per key, the
//! X-RateLimit-Limit/Remaining/Reset headers on every response of a limited route
//! (429s included), 429 `general_rate_limit_exceeded` once spent, and API keys never refused.
//!
//! A burst never assumes a fresh window: each scenario speaks from an address of its own, but
//! behind a proxy that rewrites X-Forwarded-For scenarios share IP-keyed budgets, so the checks
//! read the headers and follow them down to zero.

use super::{assert_status, dispatch, json_body, request_from};
use crate::client::{Auth, Request, Response};
use crate::failure::{assert, assert_eq, assert_ne, wrong_answer};
use crate::ledger::Resource;
use crate::world::ConformWorld;
use cucumber::gherkin::Step;
use cucumber::{then, when};
use serde_json::json;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The longest a scenario waits for a window to reset.
const MAX_WAIT: Duration = Duration::from_secs(15);
/// A burst that spans a window boundary is started again, at most this often.
const WINDOW_RESTARTS: usize = 2;

struct Headers {
    limit: u64,
    remaining: u64,
    reset: u64,
}

fn rate_headers(response: &Response) -> Result<Headers, String> {
    let read = |name: &str| -> Result<u64, String> {
        let value = response.header(name).ok_or_else(|| format!("no {name} header"))?;
        value.trim().parse().map_err(|_| format!("{name} is not an integer: {value:?}"))
    };
    Ok(Headers { limit: read("x-ratelimit-limit")?, remaining: read("x-ratelimit-remaining")?, reset: read("x-ratelimit-reset")? })
}

fn now_secs() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

#[when(regex = r"^(.+) repeats (GET|POST|PUT|PATCH|DELETE) (\S+) until it is rate limited$")]
async fn repeat_until_limited(world: &mut ConformWorld, who: String, method: String, path: String) {
    burst_until_limited(world, |world| request_from(world, &who, &method, &path, None)).await;
}

#[when(regex = r"^(.+) repeats (POST|PUT|PATCH|DELETE) (\S+) until it is rate limited, with:$")]
async fn repeat_until_limited_with(world: &mut ConformWorld, step: &Step, who: String, method: String, path: String) {
    let body = step.docstring.clone().expect("this step needs a JSON docstring");
    burst_until_limited(world, |world| request_from(world, &who, &method, &path, Some(&body))).await;
}

#[when(regex = r"^(.+) repeats (POST|PUT|PATCH|DELETE) (\S+) (\d+) times, with:$")]
async fn repeat_n_with(world: &mut ConformWorld, step: &Step, who: String, method: String, path: String, times: usize) {
    let body = step.docstring.clone().expect("this step needs a JSON docstring");
    repeat(world, times, |world| request_from(world, &who, &method, &path, Some(&body))).await;
}

/// deleteSessions signs its caller out of every session, so no user can send it twice: each
/// request of this burst comes from a user of its own, signed in beforehand by the server
/// (createSession with the key, which is not limited). All of them speak from the scenario's
/// address, the key this limit counts.
#[when(regex = r"^(\d+) users, each signed in by the server, send DELETE /account/sessions in turn until it is rate limited$")]
async fn sign_out_burst(world: &mut ConformWorld, count: usize) {
    let mut secrets = Vec::new();
    for _ in 0..count {
        // No password: hashing one per user would cost more than the whole burst.
        let id = world.ctx.ids.next("signs-out");
        let request = Request::new(reqwest::Method::POST, "/users").auth(Auth::Key).json(json!({"userId": id}));
        assert_status(super::send(world, request).await, 201);
        world.ledger.record(Resource::User(id.clone()));
        let response = super::send(world, Request::new(reqwest::Method::POST, format!("/users/{id}/sessions")).auth(Auth::Key)).await;
        assert_status(response, 201);
        let secret =
            json_body(response)["secret"].as_str().unwrap_or_else(|| wrong_answer!("createSession answered no secret")).to_string();
        secrets.push(secret);
    }
    let mut secrets = secrets.into_iter();
    burst_until_limited(world, |_| {
        let secret = secrets.next().unwrap_or_else(|| panic!("more than {count} requests were needed to reach the limit"));
        Request::new(reqwest::Method::DELETE, "/account/sessions").auth(Auth::SessionHeader(secret))
    })
    .await;
}

/// Sends `times` requests made by `next`, one after the other, kept as the burst.
pub(super) async fn repeat(world: &mut ConformWorld, times: usize, mut next: impl FnMut(&mut ConformWorld) -> Request) {
    world.burst.clear();
    for _ in 0..times {
        let request = next(world);
        let response = dispatch(world, request).await;
        world.burst.push(response);
    }
    world.last = world.burst.last().cloned();
}

/// Sends requests made by `next` until a 429, following X-RateLimit-Remaining; restarts when
/// the window turns over mid-burst.
pub(super) async fn burst_until_limited(world: &mut ConformWorld, mut next: impl FnMut(&mut ConformWorld) -> Request) {
    for _ in 0..=WINDOW_RESTARTS {
        world.burst.clear();
        let mut window = None;
        let mut turned_over = false;
        // A limit of N allows N, so N+1 requests must reach a 429 within one window.
        let mut budget: u64 = 1001;
        while budget > 0 {
            budget -= 1;
            let request = next(world);
            let response = dispatch(world, request).await;
            let headers = rate_headers(&response).unwrap_or_else(|e| {
                wrong_answer!(
                    "{} {} answered {} without rate-limit headers: {e}",
                    response.exchange.method,
                    response.exchange.url,
                    response.status
                )
            });
            let status = response.status;
            world.burst.push(response);
            match window {
                None => {
                    window = Some(headers.reset);
                    budget = budget.min(headers.limit + 1);
                }
                Some(reset) if reset != headers.reset => {
                    turned_over = true;
                    break;
                }
                Some(_) => {}
            }
            if status == 429 {
                break;
            }
        }
        if !turned_over {
            world.last = world.burst.last().cloned();
            return;
        }
    }
    panic!("the rate-limit window turned over during every one of {} bursts", WINDOW_RESTARTS + 1);
}

/// Each request of the burst spent one request of a fresh budget: X-RateLimit-Remaining is
/// `first` on the first response and one less on each next one. Windows are fixed, so a
/// response counted in the next window (another X-RateLimit-Reset) starts again at limit − 1.
#[then(regex = r"^X-RateLimit-Remaining counted down from (\d+), one per request$")]
fn counted_down(world: &mut ConformWorld, first: u64) {
    assert!(!world.burst.is_empty(), "no burst was sent");
    let mut previous: Option<Headers> = None;
    for (i, response) in world.burst.iter().enumerate() {
        let h = rate_headers(response).unwrap_or_else(|e| wrong_answer!("request {} of the burst: {e}", i + 1));
        let expected = match &previous {
            None => first,
            Some(p) if p.reset == h.reset => p.remaining.saturating_sub(1),
            Some(_) => h.limit.saturating_sub(1),
        };
        assert_eq!(
            h.remaining,
            expected,
            "request {} of the burst: X-RateLimit-Remaining (the window ends at {}; the request before showed {:?})",
            i + 1,
            h.reset,
            previous.as_ref().map(|p| (p.remaining, p.reset))
        );
        previous = Some(h);
    }
}

/// Checks the whole burst: the limit on every response, remaining falling by one, and the
/// refusal arriving exactly when remaining reached zero.
#[then(
    regex = r"^the limit is (\d+) requests per (\d+) (seconds|minute|minutes|hour|hours), and the request after the last remaining one is refused$"
)]
fn limit_enforced(world: &mut ConformWorld, limit: u64, amount: u64, unit: String) {
    let window = amount
        * if unit.starts_with("hour") {
            3600
        } else if unit.starts_with("minute") {
            60
        } else {
            1
        };
    let burst = &world.burst;
    assert!(!burst.is_empty(), "no burst was sent");
    let mut previous: Option<u64> = None;
    for (i, response) in burst.iter().enumerate() {
        let h = rate_headers(response).unwrap_or_else(|e| wrong_answer!("request {} of the burst: {e}", i + 1));
        assert_eq!(h.limit, limit, "request {}: X-RateLimit-Limit", i + 1);
        assert!(h.remaining < limit, "request {}: X-RateLimit-Remaining {} is not below the limit {limit}", i + 1, h.remaining);
        assert!(
            h.reset <= now_secs() + window + 1,
            "request {}: X-RateLimit-Reset {} is more than one {window} s window ahead of now ({})",
            i + 1,
            h.reset,
            now_secs()
        );
        let last = i + 1 == burst.len();
        if !last {
            assert_ne!(response.status, 429, "request {} was refused although X-RateLimit-Remaining was {:?} before it", i + 1, previous);
            if let Some(p) = previous {
                assert_eq!(h.remaining + 1, p, "request {}: X-RateLimit-Remaining went from {p} to {}", i + 1, h.remaining);
            }
        } else {
            assert_eq!(
                previous,
                Some(0),
                "the request that was refused (or the last one sent) came when X-RateLimit-Remaining was {previous:?}, not 0"
            );
            assert_eq!(h.remaining, 0, "the refused request should show X-RateLimit-Remaining 0");
        }
        previous = Some(h.remaining);
    }
    let refused = burst.last().expect("non-empty");
    assert_status(refused, 429);
    let body = json_body(refused);
    assert_eq!(body["type"], "general_rate_limit_exceeded", "the refusal's error type; body: {body}");
}

#[then("none of those requests was rate limited")]
fn none_limited(world: &mut ConformWorld) {
    assert!(!world.burst.is_empty(), "no repeated requests were sent");
    for (i, response) in world.burst.iter().enumerate() {
        assert_ne!(
            response.status,
            429,
            "request {} of {} was rate limited: {:?}",
            i + 1,
            world.burst.len(),
            response.exchange.response_body
        );
    }
}

#[then(regex = r"^each of those requests answered (\d{3})$")]
fn each_answered(world: &mut ConformWorld, status: u16) {
    assert!(!world.burst.is_empty(), "no repeated requests were sent");
    for response in &world.burst {
        assert_status(response, status);
    }
}

#[when("the rate-limit window resets")]
async fn window_resets(world: &mut ConformWorld) {
    let response = world.last();
    let h = rate_headers(response).unwrap_or_else(|e| wrong_answer!("cannot tell when the window resets: {e}"));
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    let reset = Duration::from_secs(h.reset);
    let wait = reset.saturating_sub(now) + Duration::from_millis(300);
    assert!(
        wait <= MAX_WAIT,
        "the window resets in {:.0} s, longer than the {} s a scenario waits (this scenario needs @needs:fast-rate-windows)",
        wait.as_secs_f64(),
        MAX_WAIT.as_secs()
    );
    tokio::time::sleep(wait).await;
}
