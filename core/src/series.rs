//! Series of samples (a fit's data and model, by row): picking the rows inside an x window and
//! thinning them to a row budget without losing peaks. Used by the local server to answer
//! `GET /jobs/{id}/series` (`x_min` / `x_max`, then `max_points`) and by the app to draw no more
//! than a chart's pixel columns. Pure logic: the caller owns the columns.
//!
//! Decimation is min/max per bucket: the rows are cut into `max_points / 2` runs of equal x
//! width, and each run keeps the rows holding the smallest and the largest value of the column
//! that matters (in row order), plus the first and the last row of the whole series. A spike of
//! one sample survives, which averaging or taking every n-th row would lose; every column keeps
//! the same rows, so the columns stay aligned.

use std::ops::Range;

/// The rows whose `x` lies in `[x_min, x_max]` (either bound optional), for `x` in
/// non-decreasing order. A bound that is NaN is ignored; an empty window gives an empty range.
pub fn window(x: &[f64], x_min: Option<f64>, x_max: Option<f64>) -> Range<usize> {
    let start = match x_min.filter(|v| !v.is_nan()) {
        Some(low) => x.partition_point(|&v| v < low),
        None => 0,
    };
    let end = match x_max.filter(|v| !v.is_nan()) {
        Some(high) => x.partition_point(|&v| v <= high),
        None => x.len(),
    };
    start..end.max(start)
}

/// The rows of `rows` to keep so that at most `max_points` remain (at least 2 are kept when
/// there are 2; a budget of 0 or 1 keeps the first row only), chosen by min/max of `y` per bucket
/// of `x`. Indices are ascending and lie in `rows`. `x` and `y` are whole columns (same length);
/// NaN values of `y` are never chosen as a bucket's extreme unless the bucket has nothing else.
pub fn decimate(x: &[f64], y: &[f64], rows: Range<usize>, max_points: usize) -> Vec<usize> {
    let rows = rows.start.min(x.len()).min(y.len())..rows.end.min(x.len()).min(y.len());
    let n = rows.len();
    if n <= max_points.max(1) {
        return rows.collect();
    }
    if max_points < 2 {
        return vec![rows.start];
    }
    let (first, last) = (rows.start, rows.end - 1);
    // The first and the last row are kept on their own; the buckets share what is left.
    let buckets = ((max_points - 2) / 2).max(1);
    let (x0, x1) = (x[first], x[last]);
    let width = (x1 - x0) / buckets as f64;
    let bucket_of = |v: f64| -> usize {
        if width.is_nan() || width <= 0.0 || !v.is_finite() {
            return 0;
        }
        (((v - x0) / width) as usize).min(buckets - 1)
    };
    let mut kept = Vec::with_capacity(max_points);
    kept.push(first);
    let mut i = first + 1;
    while i < last {
        let b = bucket_of(x[i]);
        let (mut low, mut high) = (i, i);
        let mut j = i;
        while j < last && bucket_of(x[j]) == b {
            if y[j] < y[low] || y[low].is_nan() {
                low = j;
            }
            if y[j] > y[high] || y[high].is_nan() {
                high = j;
            }
            j += 1;
        }
        match low.cmp(&high) {
            std::cmp::Ordering::Less => kept.extend([low, high]),
            std::cmp::Ordering::Greater => kept.extend([high, low]),
            std::cmp::Ordering::Equal => kept.push(low),
        }
        i = j;
    }
    kept.push(last);
    // An x column out of order can put one bucket's rows in several runs; the budget still holds.
    if kept.len() > max_points {
        let step = kept.len() as f64 / max_points as f64;
        let thinned: Vec<usize> = (0..max_points - 1).map(|k| kept[(k as f64 * step) as usize]).collect();
        kept = thinned;
        kept.push(last);
        kept.dedup();
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ramp(n: usize) -> Vec<f64> {
        (0..n).map(|i| i as f64).collect()
    }

    #[test]
    fn a_window_keeps_the_rows_between_its_bounds_inclusive() {
        let x = [0.0, 1.0, 2.0, 2.0, 3.0, 4.0];
        assert_eq!(window(&x, Some(1.0), Some(3.0)), 1..5);
        assert_eq!(window(&x, None, Some(2.0)), 0..4);
        assert_eq!(window(&x, Some(2.5), None), 4..6);
        assert_eq!(window(&x, None, None), 0..6);
    }

    #[test]
    fn a_window_outside_the_data_or_reversed_is_empty() {
        let x = ramp(10);
        assert!(window(&x, Some(20.0), None).is_empty());
        assert!(window(&x, None, Some(-1.0)).is_empty());
        assert!(window(&x, Some(5.0), Some(2.0)).is_empty());
    }

    #[test]
    fn a_nan_bound_is_ignored() {
        let x = ramp(5);
        assert_eq!(window(&x, Some(f64::NAN), Some(f64::NAN)), 0..5);
    }

    #[test]
    fn a_series_within_budget_is_kept_whole() {
        let x = ramp(10);
        assert_eq!(decimate(&x, &x, 0..10, 10), (0..10).collect::<Vec<_>>());
        assert_eq!(decimate(&x, &x, 2..5, 100), vec![2, 3, 4]);
    }

    #[test]
    fn decimation_keeps_the_budget_the_ends_and_a_one_sample_spike() {
        let n = 80_000;
        let x = ramp(n);
        let mut y: Vec<f64> = x.iter().map(|v| (v / 1000.0).sin()).collect();
        y[41_234] = 50.0;
        y[7_777] = -50.0;
        let kept = decimate(&x, &y, 0..n, 1000);
        assert!(kept.len() <= 1000, "{} rows", kept.len());
        assert!(kept.len() >= 900, "the budget is used: {} rows", kept.len());
        assert_eq!(kept.first(), Some(&0));
        assert_eq!(kept.last(), Some(&(n - 1)));
        assert!(kept.contains(&41_234) && kept.contains(&7_777), "the spikes survive");
        assert!(kept.windows(2).all(|w| w[0] < w[1]), "ascending, no repeats");
    }

    #[test]
    fn decimation_applies_to_the_window_only() {
        let x = ramp(1000);
        let rows = window(&x, Some(100.0), Some(199.0));
        let kept = decimate(&x, &x, rows.clone(), 10);
        assert!(kept.len() <= 10);
        assert!(kept.iter().all(|i| rows.contains(i)));
        assert_eq!((kept[0], *kept.last().unwrap()), (100, 199));
    }

    #[test]
    fn tiny_budgets_and_odd_columns_do_not_panic() {
        let x = ramp(100);
        assert_eq!(decimate(&x, &x, 0..100, 0), vec![0]);
        assert_eq!(decimate(&x, &x, 0..100, 1), vec![0]);
        assert_eq!(decimate(&x, &x, 0..100, 2), vec![0, 99]);
        assert!(decimate(&x, &x, 0..100, 3).len() <= 3);
        let flat = vec![1.0; 100];
        assert!(decimate(&flat, &flat, 0..100, 10).len() <= 10, "all x equal");
        let nan = vec![f64::NAN; 100];
        assert!(decimate(&x, &nan, 0..100, 10).len() <= 10);
        let shuffled: Vec<f64> = (0..100).map(|i| ((i * 37) % 100) as f64).collect();
        assert!(decimate(&shuffled, &x, 0..100, 10).len() <= 10, "x out of order");
        assert!(decimate(&x, &x[..50], 0..100, 10).iter().all(|&i| i < 50), "columns of unequal length");
        assert!(decimate(&x, &x, 90..200, 5).iter().all(|&i| (90..100).contains(&i)));
    }
}
