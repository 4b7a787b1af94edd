//! The intervals and limits the report shows: a t interval for a mean,
//! Wilson's interval for a proportion, 3σ limits for a p-chart.

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

/// A mean's 95 % interval from its sample standard deviation and size;
/// `None` below two observations, where there is no spread to estimate.
pub fn mean_interval(mean: f64, sd: f64, n: u64) -> Option<(f64, f64)> {
    if n < 2 || !mean.is_finite() || !sd.is_finite() {
        return None;
    }
    let half = t_975(n - 1) * sd / (n as f64).sqrt();
    Some((mean - half, mean + half))
}

/// Wilson's 95 % score interval for `successes` out of `n`; `None` for
/// `n = 0`. Unlike the textbook interval it stays inside 0..1 and is sound
/// for the small groups a report has many of.
pub fn wilson(successes: u64, n: u64) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let z = 1.959_964f64;
    let n = n as f64;
    let p = successes as f64 / n;
    let denominator = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denominator;
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / denominator;
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
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
        // n = 4, mean 80, sd 10: 80 ± 3.182 × 10 / 2.
        let (low, high) = mean_interval(80.0, 10.0, 4).unwrap();
        assert!(close(low, 64.09) && close(high, 95.91), "{low} {high}");
        assert_eq!(mean_interval(80.0, 0.0, 1), None);
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
