//! Timestamps in Appwrite's wire format: ISO 8601, millisecond precision, explicit
//! `+00:00` offset (e.g. `2026-11-22T07:32:49.123+00:00`). Stored the same way so that
//! string order is time order in SQLite.

use chrono::{DateTime, Duration, SecondsFormat, Utc};

pub fn format(t: DateTime<Utc>) -> String {
    // chrono renders UTC as `Z` when asked; Appwrite always writes the numeric offset.
    t.to_rfc3339_opts(SecondsFormat::Millis, false)
}

pub fn now() -> String {
    format(Utc::now())
}

/// `now + seconds`, formatted.
pub fn in_seconds(seconds: i64) -> String {
    format(Utc::now() + Duration::seconds(seconds))
}

/// Parses a stored or client-supplied timestamp; `None` when it is not ISO 8601.
pub fn parse(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s).ok().map(|t| t.with_timezone(&Utc))
}

/// Parses a datetime param as Appwrite's `Datetime` validator takes it: ISO 8601 with an
/// offset, or without one (UTC), with `T` or a space, or a bare date (midnight UTC).
pub fn parse_client(s: &str) -> Option<DateTime<Utc>> {
    use chrono::{NaiveDate, NaiveDateTime, TimeZone};
    parse(s)
        .or_else(|| {
            ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"]
                .iter()
                .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
                .map(|t| Utc.from_utc_datetime(&t))
        })
        .or_else(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(0, 0, 0)).map(|t| Utc.from_utc_datetime(&t)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_millis_and_numeric_offset() {
        let t = DateTime::parse_from_rfc3339("2026-11-22T07:32:49.123456Z").map(|t| t.with_timezone(&Utc));
        assert_eq!(t.map(format).ok().as_deref(), Some("2026-11-22T07:32:49.123+00:00"));
    }

    #[test]
    fn round_trips() {
        let s = now();
        assert_eq!(parse(&s).map(format), Some(s));
    }
}
