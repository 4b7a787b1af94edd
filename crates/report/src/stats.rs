//! The intervals and limits the report shows: an interval for a mean score
//! that stays on its 0–100 scale, Wilson's interval for a proportion, 3σ
//! limits for a p-chart.

/// The 97.5 % quantile of Student's t with `df` degrees of freedom: the
/// multiplier of a two-sided 95 % interval. Exact to three decimals from
/// the usual table up to 30 degrees of freedom, then the normal's 1.960
/// approached by the Cornish–Fisher expansion.
pub fn t_975(df: u64) -> f64 {
    const TABLE: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042,
    ];
    match df {
        0 => f64::NAN,
        1..=30 => TABLE[df as usize - 1],
        _ => {
            let z = 1.959_964f64;
            let v = df as f64;
            z + (z.powi(3) + z) / (4.0 * v)
                + (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / (96.0 * v * v)
        }
    }
}

/// Below this many scores a mean gets no interval: two numbers say nothing
/// about the spread of a location's or an agent's scores.
pub const MIN_INTERVAL_N: u64 = 3;

/// A mean score's 95 % interval, on the score's own 0–100 scale, from the
/// scores' standard deviation and count; `None` below [`MIN_INTERVAL_N`].
///
/// A t interval (mean ± t·sd/√n) runs past 0 and 100 for bounded scores in
/// small groups. This is Wilson's score interval for the mean as a share
/// of 100, with the effective sample size that gives the observed variance
/// of the mean, m(1 − m) / Var(m̂), and Student's t on n − 1 degrees of
/// freedom in place of z — the construction Korn and Graubard (1998)
/// propose for proportions estimated with a variance of their own. It
/// stays inside 0–100, approaches the t interval as n grows, and is wide
/// where the data are few and spread. A group whose scores are all equal
/// (or whose mean is 0 or 100) has no estimated variance to go by and gets
/// Wilson's interval at its own n with the normal quantile, as a share of
/// passes would: three scores of 100 % are [44–100], not a t interval's
/// [14–100].
pub fn mean_interval(mean: f64, sd: f64, n: u64) -> Option<(f64, f64)> {
    if n < MIN_INTERVAL_N || !mean.is_finite() || !sd.is_finite() {
        return None;
    }
    let m = (mean / 100.0).clamp(0.0, 1.0);
    let variance_of_mean = (sd / 100.0).powi(2) / n as f64;
    let spread = m * (1.0 - m);
    let (low, high) = if variance_of_mean > 0.0 && spread > 0.0 {
        wilson_at(m, spread / variance_of_mean, t_975(n - 1))
    } else {
        wilson_at(m, n as f64, 1.959_964)
    };
    Some((low * 100.0, high * 100.0))
}

/// For each interval, how many of the others it does not overlap: the
/// groups it can be told apart from; `None` where there is no interval.
/// Groups whose intervals overlap cannot be ranked against each other.
pub fn told_apart(intervals: &[Option<(f64, f64)>]) -> Vec<Option<usize>> {
    intervals
        .iter()
        .enumerate()
        .map(|(i, interval)| {
            let (low, high) = (*interval)?;
            let apart = intervals
                .iter()
                .enumerate()
                .filter(|(j, other)| *j != i && other.is_some_and(|(l, h)| h < low || l > high));
            Some(apart.count())
        })
        .collect()
}

/// Wilson's 95 % score interval for `successes` out of `n`; `None` for
/// `n = 0`. Unlike the textbook interval it stays inside 0..1 and is sound
/// for the small groups a report has many of.
pub fn wilson(successes: u64, n: u64) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    Some(wilson_at(successes as f64 / n as f64, n as f64, 1.959_964))
}

/// Wilson's interval for a share `p` of `n` with the quantile `z`.
fn wilson_at(p: f64, n: f64, z: f64) -> (f64, f64) {
    let denominator = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denominator;
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / denominator;
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// The p-chart's 3σ control limits for a period of `n` encounters around
/// the overall rate `p`, clamped to 0..1.
pub fn p_chart_limits(p: f64, n: u64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let sigma = (p * (1.0 - p) / n as f64).sqrt();
    ((p - 3.0 * sigma).max(0.0), (p + 3.0 * sigma).min(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 5e-4
    }

    #[test]
    fn t_quantiles_match_the_table_and_approach_the_normal() {
        assert_eq!(t_975(1), 12.706);
        assert_eq!(t_975(10), 2.228);
        assert!(close(t_975(60), 2.000), "{}", t_975(60));
        assert!(close(t_975(120), 1.980), "{}", t_975(120));
        assert!(close(t_975(1_000_000), 1.960));
    }

    #[test]
    fn a_mean_interval_by_hand() {
        // n = 4, mean 80, sd 10: Var(m̂) = 0.1² / 4 = 0.0025, so the
        // effective n is 0.8 × 0.2 / 0.0025 = 64; t(3) = 3.182.
        // Wilson: centre (0.8 + 3.182² / 128) / (1 + 3.182² / 64) = 0.759022,
        // half 3.182 × √(0.0025 + 3.182² / 16384) / 1.158205 = 0.153410.
        let (low, high) = mean_interval(80.0, 10.0, 4).unwrap();
        assert!(close(low, 60.561) && close(high, 91.243), "{low} {high}");
        assert_eq!(mean_interval(80.0, 0.0, 2), None, "below the minimum n");
    }

    /// The report's own cases: two bounded scores far apart, and a group of
    /// equal scores, never leave 0–100; a large group agrees with the t
    /// interval.
    #[test]
    fn mean_intervals_stay_on_the_scale() {
        for (mean, sd, n) in [(61.0, 53.7, 3), (35.4, 50.0, 3), (88.8, 12.0, 7), (100.0, 0.0, 5)] {
            let (low, high) = mean_interval(mean, sd, n).unwrap();
            assert!((0.0..=mean).contains(&low) && (mean..=100.0).contains(&high), "{low} {high}");
        }
        let (low, high) = mean_interval(75.0, 15.0, 10_000).unwrap();
        let half = 1.96 * 15.0 / 100.0;
        assert!((low - (75.0 - half)).abs() < 0.01 && (high - (75.0 + half)).abs() < 0.01);
    }

    #[test]
    fn a_group_without_spread_gets_the_interval_of_a_share() {
        // Three scores of 100: as three passes of three (Wilson, 95 %).
        let (low, high) = mean_interval(100.0, 0.0, 3).unwrap();
        let (share_low, share_high) = wilson(3, 3).unwrap();
        assert!((low - share_low * 100.0).abs() < 1e-9 && (high - share_high * 100.0).abs() < 1e-9);
        assert!((43.0..45.0).contains(&low), "{low}");
    }

    #[test]
    fn groups_are_told_apart_only_by_intervals_that_do_not_overlap() {
        let intervals = [Some((10.0, 20.0)), Some((15.0, 30.0)), Some((25.0, 40.0)), None];
        assert_eq!(told_apart(&intervals), [Some(1), Some(0), Some(1), None]);
    }

    #[test]
    fn wilson_intervals_match_published_values() {
        // Newcombe (1998), table I: 81/263 → 0.2553 to 0.3662.
        let (low, high) = wilson(81, 263).unwrap();
        assert!(close(low, 0.2553) && close(high, 0.3662), "{low} {high}");
        // 0/10 → 0 to 0.2775; 10/10 → 0.7225 to 1.
        let (low, high) = wilson(0, 10).unwrap();
        assert!(low == 0.0 && close(high, 0.2775), "{high}");
        let (low, high) = wilson(10, 10).unwrap();
        assert!(close(low, 0.7225) && close(high, 1.0), "{low} {high}");
        assert_eq!(wilson(0, 0), None);
    }

    #[test]
    fn p_chart_limits_are_three_sigma() {
        let (low, high) = p_chart_limits(0.1, 100);
        assert!(close(low, 0.01) && close(high, 0.19), "{low} {high}");
        assert_eq!(p_chart_limits(0.01, 10).0, 0.0);
    }
}
