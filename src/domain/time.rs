//! Timestamps on the wire: RFC 3339, UTC, millisecond precision, `Z` suffix —
//! exactly what JavaScript's `Date.toJSON()` writes, so every client can read
//! them back with `new Date(x)`.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serializer};

/// Formats an instant the way SPEC §1 requires (`2026-10-01T00:00:00.000Z`).
pub fn to_wire(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Reads a due date typed by a person or sent by a client: a full RFC 3339
/// instant, or a calendar date (`2026-10-01`, what `<input type=date>` sends),
/// which means midnight UTC of that day. Impossible dates are rejected.
pub fn parse_due_date(raw: &str) -> Option<DateTime<Utc>> {
    let raw = raw.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Some(t.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc())
}

/// `serde(with)` for required timestamps.
pub mod millis {
    use super::*;

    pub fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&to_wire(t))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let raw = String::deserialize(d)?;
        DateTime::parse_from_rfc3339(&raw)
            .map(|t| t.with_timezone(&Utc))
            .map_err(serde::de::Error::custom)
    }
}

/// `serde(with)` for optional timestamps (`null` stays `null`).
pub mod opt_millis {
    use super::*;

    pub fn serialize<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(&to_wire(t)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|raw| {
                DateTime::parse_from_rfc3339(&raw)
                    .map(|t| t.with_timezone(&Utc))
                    .map_err(serde::de::Error::custom)
            })
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_format_matches_javascript_to_json() {
        let t = parse_due_date("2026-10-01T12:34:56.789123+02:00").unwrap();
        assert_eq!(to_wire(&t), "2026-10-01T10:34:56.789Z");
    }

    #[test]
    fn calendar_dates_mean_midnight_utc_and_impossible_ones_fail() {
        assert_eq!(
            to_wire(&parse_due_date("2026-10-01").unwrap()),
            "2026-10-01T00:00:00.000Z"
        );
        assert!(parse_due_date("2026-02-30").is_none());
        assert!(parse_due_date("2026-13-01T00:00:00Z").is_none());
        assert!(parse_due_date("tomorrow").is_none());
    }
}
