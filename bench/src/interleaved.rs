//! A/B timing with the two sides interleaved, for ratios that survive a noisy machine.
//!
//! criterion measures one function, then the next: on a shared machine a burst of load
//! during one of them moves the ratio by tens of percent (seen here: paging measured 1.09x
//! and 1.49x in two runs an hour apart). Alternating the sides round by round, in a
//! changing order, exposes both to the same load; the median of the per-round ratios is
//! what BENCHMARKS.md reports beside criterion's absolute times.

use std::time::{Duration, Instant};

/// The outcome of [`compare`].
#[derive(Clone, Debug)]
pub struct Comparison {
    /// Rounds measured (after one untimed warm-up round).
    pub rounds: usize,
    /// Median time of side A.
    pub a: Duration,
    /// Median time of side B.
    pub b: Duration,
    /// Median of the per-round ratios B / A.
    pub ratio: f64,
    /// The 10th and 90th percentiles of the per-round ratios.
    pub spread: (f64, f64),
}

/// Times `a` and `b` alternately for `rounds` rounds (A first in even rounds, B first in
/// odd ones) and summarises the per-round ratios B / A.
pub fn compare(rounds: usize, mut a: impl FnMut(), mut b: impl FnMut()) -> Comparison {
    a();
    b();
    let mut times_a = Vec::with_capacity(rounds);
    let mut times_b = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let (ta, tb) = if round % 2 == 0 {
            let ta = time(&mut a);
            (ta, time(&mut b))
        } else {
            let tb = time(&mut b);
            (time(&mut a), tb)
        };
        times_a.push(ta);
        times_b.push(tb);
    }
    let mut ratios: Vec<f64> = times_a
        .iter()
        .zip(&times_b)
        .map(|(a, b)| b.as_secs_f64() / a.as_secs_f64().max(f64::MIN_POSITIVE))
        .collect();
    ratios.sort_by(f64::total_cmp);
    times_a.sort();
    times_b.sort();
    Comparison {
        rounds,
        a: median(&times_a).unwrap_or_default(),
        b: median(&times_b).unwrap_or_default(),
        ratio: median(&ratios).unwrap_or(f64::NAN),
        spread: (
            percentile(&ratios, 10).unwrap_or(f64::NAN),
            percentile(&ratios, 90).unwrap_or(f64::NAN),
        ),
    }
}

impl Comparison {
    /// One line for the benchmark's output: `label: A …, B …, B/A … (p10 … p90 …)`.
    pub fn report(&self, label: &str, a: &str, b: &str) -> String {
        format!(
            "{label}: interleaved over {} rounds: {a} {:.1?}, {b} {:.1?} (medians); \
             {b}/{a} = {:.3} (p10 {:.3}, p90 {:.3})",
            self.rounds, self.a, self.b, self.ratio, self.spread.0, self.spread.1
        )
    }
}

fn time(f: &mut impl FnMut()) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

fn median<T: Copy>(sorted: &[T]) -> Option<T> {
    sorted.get(sorted.len() / 2).copied()
}

fn percentile<T: Copy>(sorted: &[T], p: usize) -> Option<T> {
    let index = (sorted.len().saturating_sub(1) * p) / 100;
    sorted.get(index).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ratio_follows_the_slower_side() {
        let spin = |d: Duration| {
            let start = Instant::now();
            while start.elapsed() < d {
                std::hint::spin_loop();
            }
        };
        let c = compare(
            21,
            || spin(Duration::from_micros(200)),
            || spin(Duration::from_micros(600)),
        );
        assert_eq!(c.rounds, 21);
        // B spins three times as long as A; scheduling noise only lengthens either side.
        assert!(c.ratio > 1.5 && c.ratio < 6.0, "{c:?}");
        assert!(c.spread.0 <= c.ratio && c.ratio <= c.spread.1, "{c:?}");
    }
}
