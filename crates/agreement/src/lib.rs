//! Inter-rater agreement: do auditors who score the same encounter agree?
//!
//! A small, pure module of the statistics a calibration study needs, with
//! the formulas written out in `docs/calibration.md`:
//!
//! - [`alpha`]: Krippendorff's alpha for any number of raters with missing
//!   ratings, with the nominal, ordinal or interval difference function, and
//!   [`alpha_interval`], a deterministic bootstrap confidence interval;
//! - [`cohen_kappa`]: Cohen's kappa for two raters, unweighted or with
//!   linear or quadratic weights;
//! - [`fleiss_kappa`]: Fleiss' kappa for many raters;
//! - [`percent_agreement`]: the share of pairs of ratings that agree.
//!
//! A *unit* is one thing rated (one criterion of one encounter); its
//! ratings are the values the raters who rated it gave, missing ones left
//! out. Values are numbers: category codes for nominal data, ordered codes
//! for ordinal data, the values themselves for interval data.
//!
//! Every statistic can be undefined — no two ratings of one unit to compare,
//! or no variation at all — and then says so ([`Undefined`]) instead of
//! returning NaN.
//!
//! ```
//! use tarkka_agreement::{Metric, alpha};
//!
//! // Three auditors, four encounters, yes = 1 / no = 0; one missing rating.
//! let units = vec![vec![1.0, 1.0, 1.0], vec![0.0, 0.0], vec![1.0, 0.0, 1.0], vec![0.0, 0.0, 0.0]];
//! let result = alpha(&units, Metric::Nominal);
//! // Coincidences: o(0,0) = 5, o(0,1) = o(1,0) = 1, o(1,1) = 4; n = 11.
//! // alpha = 1 - (n - 1) * 2 / (6 * 5 * 2) = 2/3.
//! assert!((result.value.unwrap() - 2.0 / 3.0).abs() < 1e-12);
//! assert_eq!((result.units, result.ratings), (4, 11));
//! ```

use serde::Serialize;

/// How different two values are taken to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Metric {
    /// Equal or not (yes/no, named choices).
    Nominal,
    /// Ordered categories: the difference grows with how many ratings lie
    /// between them (integer scales).
    Ordinal,
    /// Numbers: the squared difference (points).
    Interval,
}

/// Why a statistic has no value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Undefined {
    /// No unit has two ratings to compare.
    NoPairs,
    /// Every rating is the same value: agreement is perfect but chance
    /// agreement is too, so the coefficient is 0/0.
    NoVariation,
}

impl std::fmt::Display for Undefined {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Undefined::NoPairs => "undefined: no unit was rated twice",
            Undefined::NoVariation => "undefined: every rating is the same",
        })
    }
}

/// A coefficient with what it rests on.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Coefficient {
    /// The value; `None` when undefined.
    pub value: Option<f64>,
    /// Why it is undefined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undefined: Option<Undefined>,
    /// Units with at least two ratings (pairs, for Cohen's kappa).
    pub units: usize,
    /// The ratings in those units.
    pub ratings: usize,
}

impl Coefficient {
    fn new(value: Result<f64, Undefined>, units: usize, ratings: usize) -> Coefficient {
        match value {
            Ok(value) => Coefficient { value: Some(value), undefined: None, units, ratings },
            Err(why) => Coefficient { value: None, undefined: Some(why), units, ratings },
        }
    }
}

/// The distinct values, sorted, and each value's category index.
fn categories(units: &[&[f64]]) -> Vec<f64> {
    let mut values: Vec<f64> = units.iter().flat_map(|u| u.iter().copied()).collect();
    values.sort_by(f64::total_cmp);
    values.dedup();
    values
}

fn index_of(categories: &[f64], value: f64) -> usize {
    categories.binary_search_by(|c| c.total_cmp(&value)).expect("every value is a category")
}

/// One unit's ratings as category indices, sorted: units with the same
/// pattern contribute the same to the coincidence matrix.
type Pattern = Vec<u16>;

/// The data alpha is computed from: the pairable units grouped by pattern.
struct Prepared {
    categories: Vec<f64>,
    patterns: Vec<Pattern>,
    /// Per pattern, for the interval metric: m, Σ v, Σ v², and the unit's
    /// observed disagreement Σ_{i≠j} (v_i − v_j)² / (m − 1).
    interval: Vec<[f64; 4]>,
    /// The pattern of each pairable unit.
    unit_pattern: Vec<u32>,
}

fn prepare(units: &[Vec<f64>]) -> Prepared {
    let pairable: Vec<&[f64]> =
        units.iter().filter(|u| u.len() >= 2).map(|u| u.as_slice()).collect();
    let categories = categories(&pairable);
    let mut patterns: Vec<Pattern> = Vec::new();
    let mut lookup: std::collections::HashMap<Pattern, u32> = std::collections::HashMap::new();
    let mut unit_pattern = Vec::with_capacity(pairable.len());
    for unit in pairable {
        let mut pattern: Pattern = unit.iter().map(|&v| index_of(&categories, v) as u16).collect();
        pattern.sort_unstable();
        let id = *lookup.entry(pattern.clone()).or_insert_with(|| {
            patterns.push(pattern);
            (patterns.len() - 1) as u32
        });
        unit_pattern.push(id);
    }
    let interval = patterns
        .iter()
        .map(|pattern| {
            let values: Vec<f64> = pattern.iter().map(|&c| categories[c as usize]).collect();
            let m = values.len() as f64;
            let mut within = 0.0;
            for (i, a) in values.iter().enumerate() {
                for (j, b) in values.iter().enumerate() {
                    if i != j {
                        within += (a - b).powi(2);
                    }
                }
            }
            [m, values.iter().sum(), values.iter().map(|v| v * v).sum(), within / (m - 1.0)]
        })
        .collect();
    Prepared { categories, patterns, interval, unit_pattern }
}

/// Alpha from how many units of each pattern there are.
fn alpha_of_counts(prepared: &Prepared, counts: &[f64], metric: Metric) -> Result<f64, Undefined> {
    if metric == Metric::Interval {
        return interval_alpha_of_counts(prepared, counts);
    }
    let k = prepared.categories.len();
    // The coincidence matrix: each unit's m(m-1) ordered pairs of values,
    // each weighted 1/(m-1).
    let mut o = vec![0.0f64; k * k];
    for (pattern, &count) in prepared.patterns.iter().zip(counts) {
        if count == 0.0 {
            continue;
        }
        let weight = count / (pattern.len() - 1) as f64;
        for (i, &a) in pattern.iter().enumerate() {
            for (j, &b) in pattern.iter().enumerate() {
                if i != j {
                    o[a as usize * k + b as usize] += weight;
                }
            }
        }
    }
    let marginals: Vec<f64> = (0..k).map(|c| o[c * k..(c + 1) * k].iter().sum()).collect();
    let n: f64 = marginals.iter().sum();
    if n < 2.0 {
        return Err(Undefined::NoPairs);
    }
    let delta = |c: usize, d: usize| -> f64 {
        match metric {
            Metric::Nominal => f64::from(c != d),
            Metric::Interval => (prepared.categories[c] - prepared.categories[d]).powi(2),
            Metric::Ordinal => {
                let (low, high) = if c <= d { (c, d) } else { (d, c) };
                let between: f64 = marginals[low..=high].iter().sum();
                (between - (marginals[c] + marginals[d]) / 2.0).powi(2)
            }
        }
    };
    let mut observed = 0.0;
    let mut expected = 0.0;
    for c in 0..k {
        for d in 0..k {
            if c == d {
                continue;
            }
            let difference = delta(c, d);
            observed += o[c * k + d] * difference;
            expected += marginals[c] * marginals[d] * difference;
        }
    }
    if expected == 0.0 {
        return Err(Undefined::NoVariation);
    }
    Ok(1.0 - (n - 1.0) * observed / expected)
}

/// The interval metric in closed form, without the k × k coincidence
/// matrix (scores have as many distinct values as units): with n pairable
/// values v,
///
/// Σ_c Σ_k n_c n_k (c − k)² = 2 n Σ v² − 2 (Σ v)²,
///
/// and each unit contributes Σ_{i≠j} (v_i − v_j)² / (m − 1) to the observed
/// disagreement.
fn interval_alpha_of_counts(prepared: &Prepared, counts: &[f64]) -> Result<f64, Undefined> {
    let (mut n, mut sum, mut squares, mut observed) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
    for ([m, values, values_squared, within], &count) in prepared.interval.iter().zip(counts) {
        n += count * m;
        sum += count * values;
        squares += count * values_squared;
        observed += count * within;
    }
    if n < 2.0 {
        return Err(Undefined::NoPairs);
    }
    let expected = 2.0 * n * squares - 2.0 * sum * sum;
    if expected <= f64::EPSILON * n * squares.max(1.0) {
        return Err(Undefined::NoVariation);
    }
    Ok(1.0 - (n - 1.0) * observed / expected)
}

/// Krippendorff's alpha over units of ratings (a unit's missing ratings are
/// simply absent; units with fewer than two ratings cannot be paired and
/// are left out).
pub fn alpha(units: &[Vec<f64>], metric: Metric) -> Coefficient {
    let prepared = prepare(units);
    let mut counts = vec![0.0; prepared.patterns.len()];
    for &p in &prepared.unit_pattern {
        counts[p as usize] += 1.0;
    }
    let ratings = units.iter().filter(|u| u.len() >= 2).map(Vec::len).sum();
    Coefficient::new(
        alpha_of_counts(&prepared, &counts, metric),
        prepared.unit_pattern.len(),
        ratings,
    )
}

/// A confidence interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Interval {
    /// The lower bound.
    pub low: f64,
    /// The upper bound.
    pub high: f64,
    /// How many resamples had a defined alpha.
    pub resamples: usize,
}

/// A 95 % bootstrap confidence interval for alpha: the units are resampled
/// with replacement `resamples` times from a SplitMix64 stream seeded with
/// `seed`, alpha is computed for each, and the 2.5th and 97.5th percentiles
/// (nearest rank) of the defined values are the bounds. `None` when alpha
/// itself is undefined.
pub fn alpha_interval(
    units: &[Vec<f64>],
    metric: Metric,
    resamples: usize,
    seed: u64,
) -> Option<Interval> {
    let prepared = prepare(units);
    let total = prepared.unit_pattern.len();
    if total == 0 || resamples == 0 {
        return None;
    }
    let mut full = vec![0.0; prepared.patterns.len()];
    for &p in &prepared.unit_pattern {
        full[p as usize] += 1.0;
    }
    alpha_of_counts(&prepared, &full, metric).ok()?;
    let mut state = seed;
    let mut counts = vec![0.0; prepared.patterns.len()];
    let mut values = Vec::with_capacity(resamples);
    for _ in 0..resamples {
        counts.iter_mut().for_each(|c| *c = 0.0);
        for _ in 0..total {
            let draw = bounded(splitmix(&mut state), total as u64) as usize;
            counts[prepared.unit_pattern[draw] as usize] += 1.0;
        }
        if let Ok(value) = alpha_of_counts(&prepared, &counts, metric) {
            values.push(value);
        }
    }
    percentile_interval(values)
}

/// The 2.5th and 97.5th percentiles of bootstrap values; `None` when there
/// are none.
fn percentile_interval(mut values: Vec<f64>) -> Option<Interval> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let rank =
        |q: f64| values[((q * values.len() as f64).ceil() as usize).clamp(1, values.len()) - 1];
    Some(Interval { low: rank(0.025), high: rank(0.975), resamples: values.len() })
}

/// SplitMix64: a fixed stream for a seed, on every machine.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A number below `n` from 64 random bits, without modulo bias worth
/// mentioning (Lemire's multiply-shift).
fn bounded(random: u64, n: u64) -> u64 {
    ((u128::from(random) * u128::from(n)) >> 64) as u64
}

/// How much Cohen's kappa credits a near miss.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Weights {
    /// Only exact agreement counts.
    Unweighted,
    /// Agreement weight 1 − |a − b| / range.
    Linear,
    /// Agreement weight 1 − ((a − b) / range)².
    Quadratic,
}

/// Cohen's kappa for two raters from the pairs of values they gave the
/// units they both rated.
pub fn cohen_kappa(pairs: &[(f64, f64)], weights: Weights) -> Coefficient {
    if pairs.is_empty() {
        return Coefficient::new(Err(Undefined::NoPairs), 0, 0);
    }
    let values: Vec<f64> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
    let categories = categories(&[&values]);
    let k = categories.len();
    let range = categories[k - 1] - categories[0];
    let weight = |a: f64, b: f64| -> f64 {
        match weights {
            Weights::Unweighted => f64::from(a == b),
            _ if range == 0.0 => 1.0,
            Weights::Linear => 1.0 - (a - b).abs() / range,
            Weights::Quadratic => 1.0 - ((a - b) / range).powi(2),
        }
    };
    let n = pairs.len() as f64;
    let mut first = vec![0.0; k];
    let mut second = vec![0.0; k];
    let mut observed = 0.0;
    for &(a, b) in pairs {
        first[index_of(&categories, a)] += 1.0 / n;
        second[index_of(&categories, b)] += 1.0 / n;
        observed += weight(a, b) / n;
    }
    let mut expected = 0.0;
    for c in 0..k {
        for d in 0..k {
            expected += weight(categories[c], categories[d]) * first[c] * second[d];
        }
    }
    let value = if (1.0 - expected).abs() < 1e-12 {
        Err(Undefined::NoVariation)
    } else {
        Ok((observed - expected) / (1.0 - expected))
    };
    Coefficient::new(value, pairs.len(), 2 * pairs.len())
}

/// Fleiss' kappa over units of nominal ratings. Units may have different
/// numbers of ratings; each unit's agreement is over its own pairs.
pub fn fleiss_kappa(units: &[Vec<f64>]) -> Coefficient {
    let pairable: Vec<&[f64]> =
        units.iter().filter(|u| u.len() >= 2).map(|u| u.as_slice()).collect();
    let ratings: usize = pairable.iter().map(|u| u.len()).sum();
    if pairable.is_empty() {
        return Coefficient::new(Err(Undefined::NoPairs), 0, 0);
    }
    let categories = categories(&pairable);
    let mut totals = vec![0.0; categories.len()];
    let mut agreement = 0.0;
    for unit in &pairable {
        let mut counts = vec![0.0f64; categories.len()];
        for &value in *unit {
            counts[index_of(&categories, value)] += 1.0;
        }
        let m = unit.len() as f64;
        agreement += counts.iter().map(|c| c * (c - 1.0)).sum::<f64>() / (m * (m - 1.0));
        for (total, count) in totals.iter_mut().zip(&counts) {
            *total += count;
        }
    }
    let p_bar = agreement / pairable.len() as f64;
    let p_e: f64 = totals.iter().map(|t| (t / ratings as f64).powi(2)).sum();
    let value = if (1.0 - p_e).abs() < 1e-12 {
        Err(Undefined::NoVariation)
    } else {
        Ok((p_bar - p_e) / (1.0 - p_e))
    };
    Coefficient::new(value, pairable.len(), ratings)
}

/// The share of all pairs of ratings of the same unit that are equal.
pub fn percent_agreement(units: &[Vec<f64>]) -> Coefficient {
    let mut pairs = 0u64;
    let mut agreeing = 0u64;
    let mut unit_count = 0;
    let mut ratings = 0;
    for unit in units.iter().filter(|u| u.len() >= 2) {
        unit_count += 1;
        ratings += unit.len();
        for i in 0..unit.len() {
            for j in i + 1..unit.len() {
                pairs += 1;
                agreeing += u64::from(unit[i] == unit[j]);
            }
        }
    }
    let value =
        if pairs == 0 { Err(Undefined::NoPairs) } else { Ok(agreeing as f64 / pairs as f64) };
    Coefficient::new(value, unit_count, ratings)
}

/// Gwet's AC1 (Gwet 2008) for nominal ratings on a scale of `categories`
/// categories: agreement corrected for chance as kappa is, but with a
/// chance term that stays small when one category is far more common than
/// the others — the paradox that drives kappa and alpha towards zero for a
/// yes/no item answered "yes" almost always, while the raters agree.
///
/// p_a = the mean, over units rated at least twice, of
/// Σ_k r_ik (r_ik − 1) / (r_i (r_i − 1)); π_k = the mean over units of
/// r_ik / r_i; p_e = Σ_k π_k (1 − π_k) / (q − 1); AC1 = (p_a − p_e) / (1 − p_e).
/// `categories` is the scale's (2 for yes/no), not only those used: a
/// scale with one category has no chance term and is undefined.
pub fn gwet_ac1(units: &[Vec<f64>], categories: usize) -> Coefficient {
    let rated: Vec<&[f64]> = units.iter().filter(|u| !u.is_empty()).map(Vec::as_slice).collect();
    let pairable = rated.iter().filter(|u| u.len() >= 2).count();
    let ratings = rated.iter().filter(|u| u.len() >= 2).map(|u| u.len()).sum();
    let value = ac1_of(&rated, categories);
    Coefficient::new(value, pairable, ratings)
}

fn ac1_of(rated: &[&[f64]], categories: usize) -> Result<f64, Undefined> {
    let seen = self::categories(rated);
    let q = categories.max(seen.len());
    let pairable: Vec<&&[f64]> = rated.iter().filter(|u| u.len() >= 2).collect();
    if pairable.is_empty() {
        return Err(Undefined::NoPairs);
    }
    if q < 2 {
        return Err(Undefined::NoVariation);
    }
    let mut counts = vec![0usize; seen.len()];
    let mut agreement = 0.0;
    for unit in &pairable {
        counts.iter_mut().for_each(|c| *c = 0);
        for &value in unit.iter() {
            counts[index_of(&seen, value)] += 1;
        }
        let r = unit.len() as f64;
        agreement +=
            counts.iter().map(|&c| (c * c.saturating_sub(1)) as f64).sum::<f64>() / (r * (r - 1.0));
    }
    let p_a = agreement / pairable.len() as f64;
    let mut shares = vec![0.0; seen.len()];
    for unit in rated {
        for &value in unit.iter() {
            shares[index_of(&seen, value)] += 1.0 / unit.len() as f64;
        }
    }
    let p_e = shares
        .iter()
        .map(|share| share / rated.len() as f64)
        .map(|pi| pi * (1.0 - pi))
        .sum::<f64>()
        / (q - 1) as f64;
    Ok((p_a - p_e) / (1.0 - p_e))
}

/// A seeded bootstrap percentile interval for [`gwet_ac1`]: units drawn
/// with replacement, `resamples` times, from the same SplitMix64 stream as
/// [`alpha_interval`]; `None` when AC1 itself is undefined. Units with the
/// same ratings are one pattern, so a resample costs its draws and a pass
/// over the patterns, not over the ratings.
pub fn ac1_interval(
    units: &[Vec<f64>],
    categories: usize,
    resamples: usize,
    seed: u64,
) -> Option<Interval> {
    let rated: Vec<&[f64]> = units.iter().filter(|u| !u.is_empty()).map(Vec::as_slice).collect();
    if rated.is_empty() || resamples == 0 || ac1_of(&rated, categories).is_err() {
        return None;
    }
    let seen = self::categories(&rated);
    let q = categories.max(seen.len());
    // Each distinct unit once: its share of every category, and its
    // agreement term when it is rated at least twice.
    let mut index: std::collections::HashMap<Pattern, u32> = std::collections::HashMap::new();
    let mut patterns: Vec<(Vec<f64>, Option<f64>)> = Vec::new();
    let unit_pattern: Vec<u32> = rated
        .iter()
        .map(|unit| {
            let mut pattern: Pattern =
                unit.iter().map(|&value| index_of(&seen, value) as u16).collect();
            pattern.sort_unstable();
            *index.entry(pattern).or_insert_with_key(|pattern| {
                let r = pattern.len() as f64;
                let mut counts = vec![0usize; seen.len()];
                for &category in pattern {
                    counts[category as usize] += 1;
                }
                let shares = counts.iter().map(|&c| c as f64 / r).collect();
                let agreement = (pattern.len() >= 2).then(|| {
                    counts.iter().map(|&c| (c * c.saturating_sub(1)) as f64).sum::<f64>()
                        / (r * (r - 1.0))
                });
                patterns.push((shares, agreement));
                (patterns.len() - 1) as u32
            })
        })
        .collect();
    let total = unit_pattern.len();
    let mut state = seed;
    let mut counts = vec![0.0; patterns.len()];
    let mut values = Vec::with_capacity(resamples);
    for _ in 0..resamples {
        counts.iter_mut().for_each(|c| *c = 0.0);
        for _ in 0..total {
            counts[unit_pattern[bounded(splitmix(&mut state), total as u64) as usize] as usize] +=
                1.0;
        }
        let (mut pairable, mut agreement) = (0.0, 0.0);
        let mut shares = vec![0.0; seen.len()];
        for (count, (pattern_shares, pattern_agreement)) in counts.iter().zip(&patterns) {
            if *count == 0.0 {
                continue;
            }
            if let Some(a) = pattern_agreement {
                pairable += count;
                agreement += count * a;
            }
            for (share, s) in shares.iter_mut().zip(pattern_shares) {
                *share += count * s;
            }
        }
        if pairable == 0.0 {
            continue;
        }
        let p_e = shares.iter().map(|s| s / total as f64).map(|pi| pi * (1.0 - pi)).sum::<f64>()
            / (q - 1) as f64;
        values.push((agreement / pairable - p_e) / (1.0 - p_e));
    }
    percentile_interval(values)
}

#[cfg(test)]
mod tests;
