//! conform: a conformance test harness and load tester for Appwrite-compatible REST servers.

pub mod behaviours;
pub mod checks;
pub mod cli;
pub mod client;
pub mod client_address;
pub mod collector;
pub mod contract;
pub mod coverage;
pub mod exchange;
pub mod expectations;
pub mod failure;
pub mod ids;
pub mod image;
pub mod ledger;
pub mod load;
pub mod outcome;
pub mod preflight;
pub mod report;
pub mod runner;
pub mod selfcheck;
pub mod steps;
pub mod sweep;
pub mod target;
pub mod world;
