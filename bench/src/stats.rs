//! Percentiles and rounding for the numbers the harness reports.

use serde_json::{Value, json};

/// The `p`-th percentile (0..=100) of `sorted`, nearest rank; 0 when empty.
pub fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// p50 / p99 / max of latencies in microseconds, as milliseconds.
pub fn latency_ms(mut micros: Vec<u64>) -> Value {
    micros.sort_unstable();
    let ms = |us: u64| round(us as f64 / 1000.0, 3);
    json!({
        "count": micros.len(),
        "p50_ms": ms(percentile(&micros, 50.0)),
        "p99_ms": ms(percentile(&micros, 99.0)),
        "max_ms": ms(micros.last().copied().unwrap_or(0)),
    })
}

pub fn round(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (x * f).round() / f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&v, 50.0), 50);
        assert_eq!(percentile(&v, 99.0), 99);
        assert_eq!(percentile(&v, 100.0), 100);
        assert_eq!(percentile(&[7], 99.0), 7);
        assert_eq!(percentile(&[], 50.0), 0);
    }
}
