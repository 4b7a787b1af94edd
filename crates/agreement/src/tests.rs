//! Each expected value is reproduced from its published source, cited
//! beside it, or computed by hand in the comment.

use super::*;

fn close(actual: Option<f64>, expected: f64, places: i32) {
    let actual = actual.expect("defined");
    let scale = 10f64.powi(places);
    assert_eq!((actual * scale).round() / scale, expected, "{actual}");
}

/// Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability.
/// Annenberg School for Communication, University of Pennsylvania, section
/// "C. Nominal data, any number of observers, missing values" and following:
/// four observers, twelve units, values 1–5, missing values marked `None`.
/// Published: nominal 0.743, ordinal 0.815, interval 0.849.
fn krippendorff_2011() -> Vec<Vec<f64>> {
    let observers: [[Option<f64>; 12]; 4] = [
        [
            Some(1.),
            Some(2.),
            Some(3.),
            Some(3.),
            Some(2.),
            Some(1.),
            Some(4.),
            Some(1.),
            Some(2.),
            None,
            None,
            None,
        ],
        [
            Some(1.),
            Some(2.),
            Some(3.),
            Some(3.),
            Some(2.),
            Some(2.),
            Some(4.),
            Some(1.),
            Some(2.),
            Some(5.),
            None,
            Some(3.),
        ],
        [
            None,
            Some(3.),
            Some(3.),
            Some(3.),
            Some(2.),
            Some(3.),
            Some(4.),
            Some(2.),
            Some(2.),
            Some(5.),
            Some(1.),
            None,
        ],
        [
            Some(1.),
            Some(2.),
            Some(3.),
            Some(3.),
            Some(2.),
            Some(4.),
            Some(4.),
            Some(1.),
            Some(2.),
            Some(5.),
            Some(1.),
            None,
        ],
    ];
    (0..12).map(|unit| observers.iter().filter_map(|o| o[unit]).collect()).collect()
}

#[test]
fn alpha_reproduces_krippendorff_2011() {
    let units = krippendorff_2011();
    let nominal = alpha(&units, Metric::Nominal);
    close(nominal.value, 0.743, 3);
    close(alpha(&units, Metric::Ordinal).value, 0.815, 3);
    close(alpha(&units, Metric::Interval).value, 0.849, 3);
    // Unit 12 has a single value: not pairable. 11 units, 40 values.
    assert_eq!((nominal.units, nominal.ratings), (11, 40));
}

#[test]
fn alpha_edge_cases_say_why_they_are_undefined() {
    // A single rating per unit: nothing to pair.
    let single = vec![vec![1.0], vec![0.0]];
    let result = alpha(&single, Metric::Nominal);
    assert_eq!((result.value, result.undefined, result.units), (None, Some(Undefined::NoPairs), 0));
    // Every rating identical: perfect agreement, but 0/0.
    let same = vec![vec![1.0, 1.0], vec![1.0, 1.0, 1.0]];
    assert_eq!(alpha(&same, Metric::Nominal).undefined, Some(Undefined::NoVariation));
    assert_eq!(fleiss_kappa(&same).undefined, Some(Undefined::NoVariation));
    assert_eq!(
        cohen_kappa(&[(1.0, 1.0), (1.0, 1.0)], Weights::Unweighted).undefined,
        Some(Undefined::NoVariation)
    );
    // No units at all.
    assert_eq!(alpha(&[], Metric::Interval).undefined, Some(Undefined::NoPairs));
    assert_eq!(cohen_kappa(&[], Weights::Linear).undefined, Some(Undefined::NoPairs));
    assert_eq!(percent_agreement(&single).undefined, Some(Undefined::NoPairs));
    assert_eq!(alpha_interval(&same, Metric::Nominal, 100, 1), None);
    // Perfect agreement with variation is exactly 1.
    assert_eq!(alpha(&[vec![1.0, 1.0], vec![0.0, 0.0]], Metric::Nominal).value, Some(1.0));
}

#[test]
fn cohen_kappa_reproduces_the_textbook_example() {
    // The worked example in Wikipedia's "Cohen's kappa" (yes/yes 20,
    // yes/no 5, no/yes 10, no/no 15 of 50): p_o = 0.7, p_e = 0.5, kappa = 0.4.
    let mut pairs = Vec::new();
    pairs.extend(std::iter::repeat_n((1.0, 1.0), 20));
    pairs.extend(std::iter::repeat_n((1.0, 0.0), 5));
    pairs.extend(std::iter::repeat_n((0.0, 1.0), 10));
    pairs.extend(std::iter::repeat_n((0.0, 0.0), 15));
    let kappa = cohen_kappa(&pairs, Weights::Unweighted);
    close(kappa.value, 0.4, 10);
    assert_eq!(kappa.units, 50);
}

#[test]
fn weighted_kappa_by_hand() {
    // Pairs on a 1–3 scale: (1,1) (2,2) (3,3) (1,2) (1,3).
    // Marginals: rater A 1: 3/5, 2: 1/5, 3: 1/5; rater B 1: 1/5, 2: 2/5, 3: 2/5.
    // Unweighted: p_o = 3/5, p_e = .6·.2 + .2·.4 + .2·.4 = .28 → (0.6 − 0.28)/0.72 = 4/9.
    // Linear (near miss 1/2): p_o = 3.5/5 = .7, p_e = .5 → 0.4.
    // Quadratic (near miss 3/4): p_o = 3.75/5 = .75, p_e = .61 → .14/.39 = 14/39.
    let pairs = [(1.0, 1.0), (2.0, 2.0), (3.0, 3.0), (1.0, 2.0), (1.0, 3.0)];
    close(cohen_kappa(&pairs, Weights::Unweighted).value, (4.0f64 / 9.0 * 1e10).round() / 1e10, 10);
    close(cohen_kappa(&pairs, Weights::Linear).value, 0.4, 10);
    close(
        cohen_kappa(&pairs, Weights::Quadratic).value,
        (14.0f64 / 39.0 * 1e10).round() / 1e10,
        10,
    );
}

#[test]
fn fleiss_kappa_reproduces_the_worked_example() {
    // Wikipedia's "Fleiss' kappa" worked example: 10 subjects, 14 raters,
    // 5 categories; P̄ = 0.378, P̄e = 0.213, kappa = 0.210.
    let table: [[usize; 5]; 10] = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ];
    let units: Vec<Vec<f64>> = table
        .iter()
        .map(|row| {
            row.iter()
                .enumerate()
                .flat_map(|(category, &n)| std::iter::repeat_n(category as f64, n))
                .collect()
        })
        .collect();
    let kappa = fleiss_kappa(&units);
    close(kappa.value, 0.210, 3);
    assert_eq!((kappa.units, kappa.ratings), (10, 140));
}

#[test]
fn percent_agreement_counts_pairs() {
    // Unit 1: 3 pairs, all agree; unit 2: 1 pair, disagrees; unit 3: 3 pairs, 1 agrees.
    let units = vec![vec![1.0, 1.0, 1.0], vec![0.0, 1.0], vec![1.0, 0.0, 1.0]];
    close(percent_agreement(&units).value, (4.0f64 / 7.0 * 1e10).round() / 1e10, 10);
}

#[test]
fn the_bootstrap_interval_is_deterministic_and_brackets_alpha() {
    let units = krippendorff_2011();
    let first = alpha_interval(&units, Metric::Interval, 1000, 42).unwrap();
    assert_eq!(first, alpha_interval(&units, Metric::Interval, 1000, 42).unwrap());
    assert_ne!(first, alpha_interval(&units, Metric::Interval, 1000, 43).unwrap());
    let point = alpha(&units, Metric::Interval).value.unwrap();
    assert!(first.low <= point && point <= first.high, "{first:?} {point}");
    assert!(first.low > 0.3 && first.high <= 1.0, "{first:?}");
    assert_eq!(first.resamples, 1000);
}

/// Gwet's AC1 on the same data as Krippendorff's example C, which Gwet's
/// Handbook of Inter-Rater Reliability (4th ed., 2014) analyses too
/// (`cac.raw4raters` in his irrCAC package): p_a 0.8182, p_e 0.1903,
/// AC1 0.77544.
#[test]
fn ac1_reproduces_gwet_2014() {
    let units = krippendorff_2011();
    let ac1 = gwet_ac1(&units, 5);
    close(ac1.value, 0.77544, 5);
    assert_eq!((ac1.units, ac1.ratings), (11, 40));
    let interval = ac1_interval(&units, 5, 1000, 1).unwrap();
    assert!(interval.low < 0.77544 && 0.77544 < interval.high, "{interval:?}");
    assert!(interval.low >= -1.0 && interval.high <= 1.0);
    assert_eq!(ac1_interval(&units, 5, 1000, 1), Some(interval), "the same draws for a seed");
}

/// The paradox AC1 exists for: a yes/no item answered "yes" by both raters
/// in 19 units of 20, and split once. Agreement is 95 %, kappa and alpha
/// are near zero or below, AC1 stays high.
#[test]
fn ac1_is_not_fooled_by_a_rare_category() {
    let mut units = vec![vec![1.0, 1.0]; 19];
    units.push(vec![1.0, 0.0]);
    let ac1 = gwet_ac1(&units, 2).value.unwrap();
    let alpha = alpha(&units, Metric::Nominal).value.unwrap();
    assert!(ac1 > 0.9, "{ac1}");
    assert!(alpha < 0.1, "{alpha}");
    // All "yes": alpha is undefined (no variation), AC1 is 1.
    let all_yes = vec![vec![1.0, 1.0]; 5];
    assert_eq!(gwet_ac1(&all_yes, 2).value, Some(1.0));
    assert_eq!(gwet_ac1(&[vec![1.0]], 2).undefined, Some(Undefined::NoPairs));
}
