//! What kind of failure failed a step. A verdict is only worth its reason: a scenario that
//! fails because the server answered wrongly says something about the server; one that
//! fails because the target stopped answering, a rate-limit budget ran out, or a step was
//! written wrong says nothing about the contract. `conform selfcheck` counts only the first
//! kind as catching a fault.
//!
//! A step fails by panicking (that is how cucumber steps fail). Checks about the server's
//! answer panic with a typed [`StepFailure`] payload (the `assert!` family below, used by
//! every step file, and the status/contract/transport helpers of `steps`); the collector
//! reads the kind back from the payload. A panic with any other payload is the harness's
//! own error (a step misused, a bug), so it is never mistaken for a wrong answer.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum FailureKind {
    /// The server's answer was wrong: status, body, header, model or contract.
    Assertion,
    /// The server refused with `429 general_rate_limit_exceeded` in a scenario that is not
    /// about rate limits: a budget earlier requests spent, not a wrong answer.
    RateLimited,
    /// No answer: refused or reset connection, invalid HTTP, a body over the size limit.
    Transport,
    /// No complete answer in time: the request or the scenario timeout passed.
    Deadline,
    /// The step itself failed: an unknown user, bad step arguments, an undefined or
    /// ambiguous step, a failed hook, a panic that is not one of the checks'.
    Harness,
}

impl FailureKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FailureKind::Assertion => "assertion",
            FailureKind::RateLimited => "rate_limited",
            FailureKind::Transport => "transport",
            FailureKind::Deadline => "deadline",
            FailureKind::Harness => "harness",
        }
    }
}

impl std::fmt::Display for FailureKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The panic payload of a step that failed for a known reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepFailure {
    pub kind: FailureKind,
    pub message: String,
}

/// Fails the current step with `kind`.
pub fn fail(kind: FailureKind, message: impl Into<String>) -> ! {
    std::panic::panic_any(StepFailure { kind, message: message.into() })
}

/// The kind and message of a step's panic payload: a [`StepFailure`]'s own, anything else
/// is the harness's (with the message of `panic!`/`expect` when there is one).
pub fn classify(payload: &(dyn std::any::Any + Send)) -> (FailureKind, String) {
    if let Some(failure) = payload.downcast_ref::<StepFailure>() {
        (failure.kind, failure.message.clone())
    } else if let Some(s) = payload.downcast_ref::<String>() {
        (FailureKind::Harness, s.clone())
    } else if let Some(s) = payload.downcast_ref::<&str>() {
        (FailureKind::Harness, (*s).to_string())
    } else {
        (FailureKind::Harness, "panicked with a value that is not a message".to_string())
    }
}

/// Prints a [`StepFailure`] the way Rust prints a panic message (the default hook would
/// print `Box<dyn Any>`); every other panic goes to the hook that was there before.
pub fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| match info.payload().downcast_ref::<StepFailure>() {
            Some(failure) => {
                let at = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
                let thread = std::thread::current();
                eprintln!("\nthread '{}' panicked{at}:\n{}", thread.name().unwrap_or("<unnamed>"), failure.message);
            }
            None => previous(info),
        }));
    });
}

/// `assert!` for checks about the server's answer: fails the step with kind assertion.
/// Step files import it (`use crate::failure::{assert, assert_eq, assert_ne}`), so their
/// checks keep the familiar form and the harness's own errors (`panic!`, `expect`) stay harness.
macro_rules! assert {
    ($cond:expr $(,)?) => {
        if !$cond {
            $crate::failure::fail($crate::failure::FailureKind::Assertion, concat!("assertion failed: ", stringify!($cond)))
        }
    };
    ($cond:expr, $($arg:tt)+) => {
        if !$cond {
            $crate::failure::fail($crate::failure::FailureKind::Assertion, format!($($arg)+))
        }
    };
}

/// `assert_eq!` for checks about the server's answer (see [`assert!`](crate::failure::assert)).
macro_rules! assert_eq {
    ($left:expr, $right:expr $(,)?) => {
        match (&$left, &$right) {
            (left, right) => {
                if !(*left == *right) {
                    $crate::failure::fail(
                        $crate::failure::FailureKind::Assertion,
                        format!("assertion `left == right` failed\n  left: {left:?}\n right: {right:?}"),
                    )
                }
            }
        }
    };
    ($left:expr, $right:expr, $($arg:tt)+) => {
        match (&$left, &$right) {
            (left, right) => {
                if !(*left == *right) {
                    $crate::failure::fail(
                        $crate::failure::FailureKind::Assertion,
                        format!("assertion `left == right` failed: {}\n  left: {left:?}\n right: {right:?}", format_args!($($arg)+)),
                    )
                }
            }
        }
    };
}

/// `assert_ne!` for checks about the server's answer (see [`assert!`](crate::failure::assert)).
macro_rules! assert_ne {
    ($left:expr, $right:expr $(,)?) => {
        match (&$left, &$right) {
            (left, right) => {
                if *left == *right {
                    $crate::failure::fail(
                        $crate::failure::FailureKind::Assertion,
                        format!("assertion `left != right` failed\n  left: {left:?}\n right: {right:?}"),
                    )
                }
            }
        }
    };
    ($left:expr, $right:expr, $($arg:tt)+) => {
        match (&$left, &$right) {
            (left, right) => {
                if *left == *right {
                    $crate::failure::fail(
                        $crate::failure::FailureKind::Assertion,
                        format!("assertion `left != right` failed: {}\n  left: {left:?}\n right: {right:?}", format_args!($($arg)+)),
                    )
                }
            }
        }
    };
}

/// `panic!` for a wrong answer found without a comparison (a field missing from the body, an
/// image that does not decode): fails the step with kind assertion.
macro_rules! wrong_answer {
    ($($arg:tt)+) => {
        $crate::failure::fail($crate::failure::FailureKind::Assertion, format!($($arg)+))
    };
}

#[allow(unused_imports)] // used by the step files
pub(crate) use {assert, assert_eq, assert_ne, wrong_answer};

#[cfg(test)]
mod tests {
    use super::*;

    fn payload_of(f: impl FnOnce() + std::panic::UnwindSafe) -> Box<dyn std::any::Any + Send> {
        std::panic::catch_unwind(f).expect_err("the closure should panic")
    }

    #[test]
    fn typed_failures_keep_their_kind_and_other_panics_are_the_harnesss() {
        install_panic_hook();
        let typed = payload_of(|| fail(FailureKind::Deadline, "no answer within 15 s"));
        assert_eq!(classify(&*typed), (FailureKind::Deadline, "no answer within 15 s".to_string()));
        let formatted = payload_of(|| panic!("no user {:?}", "alice"));
        assert_eq!(classify(&*formatted), (FailureKind::Harness, "no user \"alice\"".to_string()));
        let literal = payload_of(|| panic!("bad step"));
        assert_eq!(classify(&*literal), (FailureKind::Harness, "bad step".to_string()));
        let users: Vec<&str> = Vec::new();
        let unwrap = payload_of(|| {
            users.first().expect("a user");
        });
        assert_eq!(classify(&*unwrap).0, FailureKind::Harness);
    }

    #[test]
    fn the_answer_asserts_fail_with_kind_assertion_and_the_usual_message() {
        install_panic_hook();
        let status = 404;
        let plain = payload_of(|| crate::failure::assert!(status == 200));
        assert_eq!(classify(&*plain), (FailureKind::Assertion, "assertion failed: status == 200".to_string()));
        let said = payload_of(|| crate::failure::assert!(status == 200, "expected 200, got {status}"));
        assert_eq!(classify(&*said), (FailureKind::Assertion, "expected 200, got 404".to_string()));
        let eq = payload_of(|| crate::failure::assert_eq!(status, 200, "status of GET /x"));
        assert_eq!(
            classify(&*eq),
            (FailureKind::Assertion, "assertion `left == right` failed: status of GET /x\n  left: 404\n right: 200".to_string())
        );
        let ne = payload_of(|| crate::failure::assert_ne!(status, 404));
        let missing = payload_of(|| crate::failure::wrong_answer!("no {:?} in the body", "$id"));
        assert_eq!(classify(&*missing), (FailureKind::Assertion, "no \"$id\" in the body".to_string()));
        assert_eq!(classify(&*ne).0, FailureKind::Assertion);
        crate::failure::assert_eq!(status, 404, "equal values pass");
        crate::failure::assert!(status == 404);
    }
}
