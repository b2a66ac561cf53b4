//! conform: a conformance test harness and load tester for Appwrite-compatible REST servers.

pub mod contract;
pub mod exchange;
pub mod collector;
pub mod expectations;
pub mod outcome;
pub mod report;
