//! Timestamps on the wire: RFC 3339, UTC, millisecond precision, `Z` suffix —
//! exactly what JavaScript's `Date.toJSON()` writes, so every client can read
//! them back with `new Date(x)`.
//!
//! `Timestamp` is a count of milliseconds, with the few calendar sums the
//! app needs written out here instead of taken from chrono: the browser
//! build downloads every line of code it links, and chrono's parser and
//! formatter cost it more than this whole module (the server keeps chrono
//! for its sessions and converts with `From`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt::Write;

const MS_PER_DAY: i64 = 86_400_000;

/// An instant in UTC, to the millisecond (what SPEC §1 carries).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

impl Timestamp {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    pub const fn from_millis(ms: i64) -> Self {
        Timestamp(ms)
    }

    pub const fn millis(self) -> i64 {
        self.0
    }

    /// The day this instant falls on in UTC, counted from 1970-01-01.
    pub const fn day(self) -> i64 {
        self.0.div_euclid(MS_PER_DAY)
    }

    /// The current time. The browser has no system clock for Rust's `std`
    /// (`SystemTime::now` panics on wasm32-unknown-unknown): it asks JavaScript.
    #[cfg(all(target_arch = "wasm32", feature = "hydrate"))]
    pub fn now() -> Self {
        Timestamp(js_sys::Date::now() as i64)
    }

    /// The current time.
    #[cfg(not(all(target_arch = "wasm32", feature = "hydrate")))]
    pub fn now() -> Self {
        let since_epoch = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        Timestamp(i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX))
    }

    /// Reads a full RFC 3339 instant (`2026-10-01T12:34:56.789+02:00`): any
    /// offset, `T`, `t` or a space between date and time, any number of
    /// fraction digits (kept to the millisecond, truncated). Impossible dates
    /// and times are `None`.
    pub fn parse_rfc3339(raw: &str) -> Option<Self> {
        let b = raw.as_bytes();
        if b.len() < 20 || !matches!(b[10], b'T' | b't' | b' ') {
            return None;
        }
        let day = parse_date(&b[..10])?;
        let (hour, min, sec) = (digits(b, 11, 2)?, digits(b, 14, 2)?, digits(b, 17, 2)?);
        // A leap second (`:60`) counts as the first second of the next minute.
        if b[13] != b':' || b[16] != b':' || hour > 23 || min > 59 || sec > 60 {
            return None;
        }
        let mut at = 19;
        let mut ms = 0;
        if b[at] == b'.' {
            let start = at + 1;
            at = start;
            while at < b.len() && b[at].is_ascii_digit() {
                if at - start < 3 {
                    ms = ms * 10 + i64::from(b[at] - b'0');
                }
                at += 1;
            }
            match at - start {
                0 => return None,
                n if n < 3 => ms *= 10i64.pow(3 - n as u32),
                _ => {}
            }
        }
        let offset_min = match b.get(at..)? {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), rest @ ..] if rest.len() == 5 && rest[2] == b':' => {
                let (oh, om) = (digits(rest, 0, 2)?, digits(rest, 3, 2)?);
                if oh > 23 || om > 59 {
                    return None;
                }
                let minutes = oh * 60 + om;
                if *sign == b'-' { -minutes } else { minutes }
            }
            _ => return None,
        };
        let secs = ((day * 24 + hour) * 60 + min - offset_min) * 60 + sec;
        Some(Timestamp(secs * 1000 + ms))
    }

    /// Formats the instant the way SPEC §1 requires (`2026-10-01T00:00:00.000Z`).
    pub fn to_wire(self) -> String {
        let ms_of_day = self.0.rem_euclid(MS_PER_DAY);
        let mut out = self.date();
        let _ = write!(
            out,
            "T{:02}:{:02}:{:02}.{:03}Z",
            ms_of_day / 3_600_000,
            ms_of_day / 60_000 % 60,
            ms_of_day / 1000 % 60,
            ms_of_day % 1000
        );
        out
    }

    /// The UTC calendar day, `YYYY-MM-DD` (what `<input type=date>` uses).
    pub fn date(self) -> String {
        let (y, m, d) = self.civil();
        format!("{y:04}-{m:02}-{d:02}")
    }

    /// The UTC calendar day as (year, month 1–12, day 1–31).
    pub fn civil(self) -> (i64, i64, i64) {
        civil_from_days(self.day())
    }
}

/// Formats an instant the way SPEC §1 requires (`2026-10-01T00:00:00.000Z`).
/// Generic so that the server's chrono times go through the same code.
pub fn to_wire<T: Copy + Into<Timestamp>>(t: &T) -> String {
    (*t).into().to_wire()
}

/// Reads a due date typed by a person or sent by a client: a full RFC 3339
/// instant, or a calendar date (`2026-10-01`, what `<input type=date>` sends),
/// which means midnight UTC of that day. Impossible dates are rejected.
pub fn parse_due_date(raw: &str) -> Option<Timestamp> {
    let raw = raw.trim();
    if raw.len() == 10 {
        return parse_date(raw.as_bytes()).map(|day| Timestamp(day * MS_PER_DAY));
    }
    Timestamp::parse_rfc3339(raw)
}

/// `YYYY-MM-DD` as a day count from 1970-01-01, if that day exists.
fn parse_date(b: &[u8]) -> Option<i64> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = (digits(b, 0, 4)?, digits(b, 5, 2)?, digits(b, 8, 2)?);
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let month_days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=month_days)
        .contains(&d)
        .then(|| days_from_civil(y, m, d))
}

/// `len` ASCII digits of `b` from `at`, as a number.
fn digits(b: &[u8], at: usize, len: usize) -> Option<i64> {
    b.get(at..at + len)?.iter().try_fold(0, |n, c| {
        c.is_ascii_digit().then(|| n * 10 + i64::from(c - b'0'))
    })
}

// Howard Hinnant's `days_from_civil` / `civil_from_days`: proleptic Gregorian
// calendar in 400-year eras, exact for every year.

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_wire())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Timestamp::parse_rfc3339(&raw)
            .ok_or_else(|| serde::de::Error::custom("expected an RFC 3339 timestamp"))
    }
}

/// The server's clock and sessions work in chrono; its times convert here.
#[cfg(feature = "ssr")]
impl From<chrono::DateTime<chrono::Utc>> for Timestamp {
    fn from(t: chrono::DateTime<chrono::Utc>) -> Self {
        Timestamp(t.timestamp_millis())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_format_matches_javascript_to_json() {
        let t = parse_due_date("2026-10-01T12:34:56.789123+02:00").unwrap();
        assert_eq!(t.to_wire(), "2026-10-01T10:34:56.789Z");
        assert_eq!(
            Timestamp::from_millis(0).to_wire(),
            "1970-01-01T00:00:00.000Z"
        );
        let before_1970 = parse_due_date("1969-12-31T23:59:59.5-00:30").unwrap();
        assert_eq!(before_1970.to_wire(), "1970-01-01T00:29:59.500Z");
    }

    #[test]
    fn calendar_dates_mean_midnight_utc_and_impossible_ones_fail() {
        assert_eq!(
            parse_due_date("2026-10-01").unwrap().to_wire(),
            "2026-10-01T00:00:00.000Z"
        );
        assert_eq!(parse_due_date(" 2024-02-29 ").unwrap().date(), "2024-02-29");
        for bad in [
            "2026-02-30",
            "2100-02-29",
            "2026-13-01T00:00:00Z",
            "2026-10-01T24:00:00Z",
            "2026-10-01T10:00:00",
            "2026-10-01T10:00:00.Z",
            "2026-10-01T10:00:00+2:00",
            "tomorrow",
            "",
        ] {
            assert!(parse_due_date(bad).is_none(), "{bad}");
        }
    }

    /// Every day of four centuries (leap rules included) survives a round
    /// trip through the calendar sums.
    #[test]
    fn every_day_round_trips() {
        for day in -146_097..3 * 146_097 {
            let t = Timestamp::from_millis(day * MS_PER_DAY + 45_296_789);
            assert_eq!(Timestamp::parse_rfc3339(&t.to_wire()), Some(t));
        }
    }

    /// The server still has chrono: the hand-written sums must agree with it.
    #[cfg(feature = "ssr")]
    #[test]
    fn the_calendar_agrees_with_chrono() {
        for day in -146_097..3 * 146_097 {
            let c = chrono::DateTime::from_timestamp_millis(day * MS_PER_DAY + 45_296_789).unwrap();
            let t = Timestamp::from(c);
            assert_eq!(
                t.to_wire(),
                c.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
            );
            assert_eq!(t.date(), c.format("%Y-%m-%d").to_string());
        }
    }

    #[test]
    fn wire_timestamps_travel_as_strings() {
        let t = parse_due_date("2026-10-01T10:00:00Z").unwrap();
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, r#""2026-10-01T10:00:00.000Z""#);
        assert_eq!(serde_json::from_str::<Timestamp>(&json).unwrap(), t);
        assert!(serde_json::from_str::<Timestamp>(r#""soon""#).is_err());
    }
}
