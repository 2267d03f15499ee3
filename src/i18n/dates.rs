//! Dates and relative times in the page's language. Due dates are calendar
//! days (UTC, like `<input type=date>`), so they are formatted from the
//! day itself rather than through the browser's time zone: the server and
//! the browser then render the same text.

use super::{Lang, fill};
use crate::domain::time::Timestamp;

/// "Feb 3, 2026", "3 февр. 2026 г.".
pub fn format_date(lang: Lang, at: Timestamp) -> String {
    let t = lang.texts();
    let (year, month, day) = at.civil();
    let month = t.months[(month - 1).clamp(0, 11) as usize];
    fill(t.date, &[&day.to_string(), month, &year.to_string()])
}

/// "just now", "42 seconds ago", "5 minutes ago", "3 hours ago", then the
/// date.
pub fn relative(lang: Lang, at: Timestamp, now: Timestamp) -> String {
    let t = lang.texts();
    let secs = ((now.millis() - at.millis()) / 1000).max(0) as u64;
    match secs {
        0..=9 => t.just_now.to_owned(),
        10..=59 => lang.count(secs, &t.seconds_ago),
        60..=3599 => lang.count(secs / 60, &t.minutes_ago),
        3600..=86_399 => lang.count(secs / 3600, &t.hours_ago),
        _ => format_date(lang, at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::parse_due_date;

    #[test]
    fn relative_times_in_both_languages() {
        let now = Timestamp::from_millis(1_800_000_000_000);
        let ago =
            |lang, s: i64| relative(lang, Timestamp::from_millis(now.millis() - s * 1000), now);
        assert_eq!(ago(Lang::En, 3), "just now");
        assert_eq!(ago(Lang::En, 42), "42 seconds ago");
        assert_eq!(ago(Lang::En, 60), "1 minute ago");
        assert_eq!(ago(Lang::En, 300), "5 minutes ago");
        assert_eq!(ago(Lang::En, 3 * 3600 + 5), "3 hours ago");
        assert_eq!(ago(Lang::Ru, 3), "только что");
        assert_eq!(ago(Lang::Ru, 21), "21 секунду назад");
        assert_eq!(ago(Lang::Ru, 60), "1 минуту назад");
        assert_eq!(ago(Lang::Ru, 180), "3 минуты назад");
        assert_eq!(ago(Lang::Ru, 300), "5 минут назад");
        assert_eq!(ago(Lang::Ru, 2 * 3600), "2 часа назад");
        assert_eq!(ago(Lang::Ru, 5 * 3600), "5 часов назад");
        assert_eq!(ago(Lang::Ru, 21 * 3600), "21 час назад");
        let old = Timestamp::from_millis(now.millis() - 3 * 86_400_000);
        assert_eq!(relative(Lang::En, old, now), format_date(Lang::En, old));
    }

    #[test]
    fn dates_in_both_languages() {
        let day = parse_due_date("2026-02-03").unwrap();
        assert_eq!(format_date(Lang::En, day), "Feb 3, 2026");
        assert_eq!(format_date(Lang::Ru, day), "3 февр. 2026 г.");
        let may = parse_due_date("2020-05-09").unwrap();
        assert_eq!(format_date(Lang::Ru, may), "9 мая 2020 г.");
    }
}
