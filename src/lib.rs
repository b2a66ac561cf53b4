//! conform: a conformance test harness and load tester for Appwrite-compatible REST servers.

pub mod contract;
pub mod exchange;
