//! How a chart is drawn, as SVG markup: scales (linear, or log when values span orders of
//! magnitude), ticks at round values, the plot area inside its axes, and each line as a path
//! thinned to the pixel columns it covers (jobs-core's min/max `decimate`, so one-sample peaks
//! stay). A chart is drawn as one piece of markup, as plotting libraries draw (a view per tick and
//! line would cost the app far more code, and the browser more nodes to reconcile). Every text
//! from the data goes through [`escape`]. No browser here: the chart component
//! (`components/chart.rs`) puts the markup on the page, and the tests run natively.

use std::ops::Range;

use std::fmt::Write;

use jobs_core::series::{decimate, window};

use crate::format::{number, reveal_bidi};

/// `text` as it is safe inside markup, an element's text or an attribute's value: `& < > " '`
/// escaped, and bidirectional controls written out (`format::reveal_bidi`).
pub fn escape(text: &str) -> String {
    let text = reveal_bidi(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The drawing's size in SVG units (the browser scales it to the figure's width, keeping its
/// shape, so text stays undistorted).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    /// The whole drawing's width.
    pub width: f64,
    /// The whole drawing's height.
    pub height: f64,
    /// Room left of the plot for the y ticks' labels.
    pub left: f64,
    /// Room under the plot for the x ticks' labels and the axis name.
    pub bottom: f64,
}

/// Room above and right of the plot, so that the last tick's label is not cut.
const MARGIN: f64 = 20.0;

/// What marks a point that has no neighbour to join: a dash of 4 units through it.
const LONE_POINT: &str = "m-2,0h4";

impl Area {
    /// A full chart.
    pub const FULL: Area = Area { width: 640.0, height: 260.0, left: 64.0, bottom: 40.0 };
    /// A small chart in a grid of them (small multiples).
    pub const SMALL: Area = Area { width: 320.0, height: 180.0, left: 60.0, bottom: 38.0 };
    /// A strip under a full chart (a residual).
    pub const STRIP: Area = Area { width: 640.0, height: 120.0, left: 64.0, bottom: 32.0 };

    /// The plot's horizontal extent.
    pub fn x_span(&self) -> (f64, f64) {
        (self.left, self.width - MARGIN)
    }

    /// The plot's vertical extent (top, bottom).
    pub fn y_span(&self) -> (f64, f64) {
        (MARGIN, self.height - self.bottom)
    }
}

/// A mapping of values onto one axis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    /// Log (base 10) rather than linear.
    pub log: bool,
    /// The lowest value shown.
    pub low: f64,
    /// The highest value shown.
    pub high: f64,
}

impl Scale {
    /// The scale that shows `values` (non-finite ones, and non-positive ones on a log scale, are
    /// left out). `log` is taken when asked for and every finite value is positive. `pad` widens
    /// the range by that fraction on each side. A single value gets a range around it.
    pub fn of(values: impl Iterator<Item = f64> + Clone, log: bool, pad: f64) -> Scale {
        let log = log && values.clone().filter(|v| v.is_finite()).all(|v| v > 0.0);
        let (mut low, mut high) = (f64::INFINITY, f64::NEG_INFINITY);
        for v in values.filter(|v| v.is_finite() && (!log || *v > 0.0)) {
            (low, high) = (low.min(v), high.max(v));
        }
        if low > high {
            return Scale { log, low: if log { 0.1 } else { 0.0 }, high: 1.0 };
        }
        let scale = Scale { log, low, high };
        let (t_low, t_high) = (scale.t(low), scale.t(high));
        let span = t_high - t_low;
        let (t_low, t_high) = if span > 0.0 {
            (t_low - span * pad, t_high + span * pad)
        } else {
            let half = if log { 0.5 } else { (t_low.abs() * 0.1).max(0.5) };
            (t_low - half, t_high + half)
        };
        Scale { log, low: scale.inverse(t_low), high: scale.inverse(t_high) }
    }

    /// A linear scale from `low` to `high` exactly.
    pub fn linear(low: f64, high: f64) -> Scale {
        Scale { log: false, low, high: if high > low { high } else { low + 1.0 } }
    }

    fn t(&self, v: f64) -> f64 {
        if self.log {
            v.log10()
        } else {
            v
        }
    }

    fn inverse(&self, t: f64) -> f64 {
        if self.log {
            10f64.powf(t)
        } else {
            t
        }
    }

    /// Where `v` lies, from 0 (low) to 1 (high); outside for values outside.
    pub fn fraction(&self, v: f64) -> f64 {
        let (low, high) = (self.t(self.low), self.t(self.high));
        (self.t(v) - low) / (high - low).max(f64::MIN_POSITIVE)
    }

    /// The value at `fraction` of the way from low to high.
    pub fn at(&self, fraction: f64) -> f64 {
        let (low, high) = (self.t(self.low), self.t(self.high));
        self.inverse(low + fraction * (high - low))
    }

    /// Round values to mark, about `count` of them, inside the range: multiples of 1, 2 or 5
    /// times a power of ten; on a log scale, powers of ten (every few when there are many), or
    /// round values when the range is within one decade.
    pub fn ticks(&self, count: usize) -> Vec<f64> {
        let count = count.max(2);
        if self.log {
            let (first, last) = (self.low.log10().ceil() as i32, self.high.log10().floor() as i32);
            if last - first >= 1 {
                let every = ((last - first) as usize / count + 1) as i32;
                return (first..=last).filter(|e| e.rem_euclid(every) == 0).map(|e| 10f64.powf(f64::from(e))).collect();
            }
        }
        let span = self.high - self.low;
        if span.is_nan() || span <= 0.0 || !span.is_finite() {
            return vec![self.low];
        }
        let raw = span / count as f64;
        let power = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * power).find(|s| *s >= raw).unwrap_or(10.0 * power);
        // A hair of slack: 0.35 / 0.05 is 6.999….
        let first = (self.low / step - 1e-9).ceil() as i64;
        let last = (self.high / step + 1e-9).floor() as i64;
        // Multiples of the step computed from integers, so 0.30000000000000004 never shows.
        (first..=last).map(|i| round_to(i as f64 * step, step)).collect()
    }
}

/// `v` rounded to the precision of `step` (so that tick values print as typed).
fn round_to(v: f64, step: f64) -> f64 {
    let decimals = (-step.log10().floor()).max(0.0) + 1.0;
    let factor = 10f64.powf(decimals);
    (v * factor).round() / factor
}

/// One drawing: its area and the scales of its two axes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// Where the plot lies.
    pub area: Area,
    /// The horizontal axis.
    pub x: Scale,
    /// The vertical axis.
    pub y: Scale,
}

impl Frame {
    /// The horizontal position of `v`.
    pub fn px(&self, v: f64) -> f64 {
        let (left, right) = self.area.x_span();
        left + self.x.fraction(v) * (right - left)
    }

    /// The vertical position of `v`.
    pub fn py(&self, v: f64) -> f64 {
        let (top, bottom) = self.area.y_span();
        bottom - self.y.fraction(v) * (bottom - top)
    }

    /// The value of x at horizontal position `px` (clamped to the plot).
    pub fn x_at(&self, px: f64) -> f64 {
        let (left, right) = self.area.x_span();
        self.x.at(((px - left) / (right - left)).clamp(0.0, 1.0))
    }

    /// The plot's width in SVG units.
    pub fn plot_width(&self) -> f64 {
        let (left, right) = self.area.x_span();
        right - left
    }

    /// The grid, ticks with their values, the axes and their names (the y name says "log
    /// scale" when it is one), as markup.
    pub fn axes(&self, x_name: &str, y_name: &str) -> String {
        let (left, right) = self.area.x_span();
        let (top, bottom) = self.area.y_span();
        let (l, r, t, b) = (At(left), At(right), At(top), At(bottom));
        let mut out = String::new();
        for tick in self.x.ticks(((right - left) / 90.0).max(2.0) as usize) {
            let x = At(self.px(tick));
            let _ = write!(
                out,
                r#"<line class="grid" x1="{x}" x2="{x}" y1="{t}" y2="{b}"/><text class="tick" x="{x}" y="{}" text-anchor="middle">{}</text>"#,
                At(bottom + 14.0),
                number(tick)
            );
        }
        for tick in self.y.ticks(((bottom - top) / 40.0).max(3.0) as usize) {
            let y = self.py(tick);
            let _ = write!(
                out,
                r#"<line class="grid" x1="{l}" x2="{r}" y1="{}" y2="{}"/><text class="tick" x="{}" y="{}" text-anchor="end">{}</text>"#,
                At(y),
                At(y),
                At(left - 6.0),
                At(y + 4.0),
                number(tick)
            );
        }
        let log = if self.y.log { " (log scale)" } else { "" };
        let _ = write!(
            out,
            r#"<path class="axis" d="M{l},{t}V{b}H{r}"/><text class="axis-name" x="{}" y="{}" text-anchor="middle">{}</text><text class="axis-name" x="{l}" y="{}">{}{log}</text>"#,
            At((left + right) / 2.0),
            At(self.area.height - 4.0),
            escape(x_name),
            At(top - 2.0),
            escape(y_name)
        );
        out
    }

    /// A dashed vertical mark at `x` with its label (a burn-in's end); nothing outside the range.
    pub fn mark(&self, x: f64, label: &str) -> String {
        if x < self.x.low || x > self.x.high {
            return String::new();
        }
        let (top, bottom) = self.area.y_span();
        let px = At(self.px(x));
        format!(
            r#"<line class="mark" x1="{px}" x2="{px}" y1="{}" y2="{}"/><text class="mark-label" x="{}" y="{}">{}</text>"#,
            At(top),
            At(bottom),
            At(self.px(x) + 4.0),
            At(top + 12.0),
            escape(label)
        )
    }

    /// A line through the rows of `x`/`y` inside the x range, thinned to two points per plot
    /// column (min and max, so peaks stay); a gap where a value is not a number (or not
    /// positive on a log scale). Points are written to a tenth of a unit.
    pub fn line_path(&self, x: &[f64], y: &[f64]) -> String {
        let rows = visible_rows(x, self.x);
        let kept = decimate(x, y, rows, (self.plot_width() * 2.0) as usize);
        let mut d = String::with_capacity(kept.len() * 14);
        // Points in the segment being drawn: a segment of one point (a lone row between gaps,
        // a series of one row) gets a short dash, since a bare "M x,y" draws nothing.
        let mut in_segment = 0;
        for i in kept {
            let drawable = x[i].is_finite() && y[i].is_finite() && (!self.y.log || y[i] > 0.0);
            if !drawable {
                if in_segment == 1 {
                    d.push_str(LONE_POINT);
                }
                in_segment = 0;
                continue;
            }
            d.push(if in_segment > 0 { 'L' } else { 'M' });
            push_point(&mut d, self.px(x[i]), self.py(y[i]));
            in_segment += 1;
        }
        if in_segment == 1 {
            d.push_str(LONE_POINT);
        }
        d
    }

    /// Bars from the x axis up to each value, each as wide as its bin (`x` holds the bins' left
    /// edges and `width` their width): a histogram.
    pub fn bars_path(&self, x: &[f64], y: &[f64], width: f64) -> String {
        let mut d = String::new();
        let base = self.area.y_span().1;
        for (&left, &count) in x.iter().zip(y) {
            if !(left.is_finite() && count.is_finite() && count > 0.0) {
                continue;
            }
            let (x0, x1) = (self.px(left).max(self.area.left), self.px(left + width).min(self.area.x_span().1));
            if x1 <= x0 {
                continue;
            }
            d.push('M');
            push_point(&mut d, x0, base);
            d.push('V');
            push_number(&mut d, self.py(count));
            d.push('H');
            push_number(&mut d, x1);
            d.push('V');
            push_number(&mut d, base);
            d.push('Z');
        }
        d
    }
}

/// The rows of `x` inside the scale's range (with one row either side, so a line runs to the
/// plot's edge); all rows when `x` is not in order.
pub fn visible_rows(x: &[f64], scale: Scale) -> Range<usize> {
    if !x.is_sorted_by(|a, b| a <= b || a.is_nan() || b.is_nan()) {
        return 0..x.len();
    }
    let inside = window(x, Some(scale.low), Some(scale.high));
    inside.start.saturating_sub(1)..(inside.end + 1).min(x.len())
}

fn push_point(d: &mut String, x: f64, y: f64) {
    let _ = write!(d, "{},{}", At(x), At(y));
}

fn push_number(d: &mut String, v: f64) {
    let _ = write!(d, "{}", At(v));
}

/// A coordinate in markup: to a tenth of a unit, written with integer formatting (a float
/// printer is not needed for drawing).
#[derive(Clone, Copy)]
pub struct At(pub f64);

impl std::fmt::Display for At {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tenths = (self.0.clamp(-1e6, 1e6) * 10.0).round() as i64;
        let sign = if tenths < 0 { "-" } else { "" };
        let (whole, tenth) = (tenths.abs() / 10, tenths.abs() % 10);
        if tenth == 0 {
            write!(f, "{sign}{whole}")
        } else {
            write!(f, "{sign}{whole}.{tenth}")
        }
    }
}

/// A histogram of `values` in `bins` bins of equal width over their range: the bins' left
/// edges, the count in each, and the bins' width. Values that are not finite are left out.
pub fn histogram(values: &[f64], bins: usize) -> (Vec<f64>, Vec<f64>, f64) {
    let finite = || values.iter().copied().filter(|v| v.is_finite());
    let (low, high) = finite().fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| (l.min(v), h.max(v)));
    if low > high {
        return (Vec::new(), Vec::new(), 1.0);
    }
    let bins = bins.max(1);
    let width = if high > low { (high - low) / bins as f64 } else { (low.abs() * 0.01).max(1e-12) };
    let mut counts = vec![0.0; bins];
    for v in finite() {
        let bin = (((v - low) / width) as usize).min(bins - 1);
        counts[bin] += 1.0;
    }
    let edges = (0..bins).map(|i| low + i as f64 * width).collect();
    (edges, counts, width)
}

/// The value below which `fraction` of `sorted` lies (linear between neighbours), for medians
/// and intervals; NaN when empty.
pub fn quantile(sorted: &[f64], fraction: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let at = fraction.clamp(0.0, 1.0) * (n - 1) as f64;
            let (below, above) = (at.floor() as usize, at.ceil() as usize);
            sorted[below] + (sorted[above] - sorted[below]) * (at - below as f64)
        }
    }
}

/// The index of the row of `x` nearest to `at` (for a readout), for `x` in order; None if empty.
pub fn nearest(x: &[f64], at: f64) -> Option<usize> {
    if x.is_empty() {
        return None;
    }
    let after = x.partition_point(|&v| v < at).min(x.len() - 1);
    let before = after.saturating_sub(1);
    Some(if (x[before] - at).abs() <= (x[after] - at).abs() { before } else { after })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_scale_is_taken_only_when_every_value_is_positive() {
        assert!(Scale::of([1e-6, 1e-3].into_iter(), true, 0.0).log);
        assert!(!Scale::of([0.0, 1e-3].into_iter(), true, 0.0).log);
        assert!(!Scale::of([1e-6, 1e-3].into_iter(), false, 0.0).log);
    }

    #[test]
    fn linear_ticks_are_round_multiples_inside_the_range() {
        let scale = Scale::linear(0.0, 600.0);
        assert_eq!(scale.ticks(5), [0.0, 200.0, 400.0, 600.0]);
        assert_eq!(Scale::linear(0.1, 0.35).ticks(5), [0.1, 0.15, 0.2, 0.25, 0.3, 0.35]);
        assert_eq!(Scale::linear(3.7, 3.91).ticks(4), [3.7, 3.8, 3.9]);
    }

    #[test]
    fn log_ticks_are_powers_of_ten_thinned_when_there_are_many() {
        let scale = Scale { log: true, low: 2e-6, high: 1.3e-3 };
        assert_eq!(scale.ticks(5), [1e-5, 1e-4, 1e-3]);
        let wide = Scale { log: true, low: 1e-12, high: 1.0 };
        assert!(wide.ticks(5).len() <= 6, "{:?}", wide.ticks(5));
        // Within one decade: round values, still placed on the log scale.
        assert_eq!(Scale { log: true, low: 2.0, high: 8.0 }.ticks(3), [2.0, 4.0, 6.0, 8.0]);
    }

    #[test]
    fn a_single_value_gets_a_range_around_it() {
        let scale = Scale::of([5.0].into_iter(), false, 0.05);
        assert!(scale.low < 5.0 && scale.high > 5.0);
        let empty = Scale::of(std::iter::empty(), false, 0.05);
        assert!(empty.high > empty.low);
    }

    #[test]
    fn a_line_is_drawn_from_the_left_edge_to_the_right_with_gaps_at_missing_values() {
        let frame = Frame { area: Area::FULL, x: Scale::linear(0.0, 2.0), y: Scale::linear(0.0, 1.0) };
        let path = frame.line_path(&[0.0, 1.0, 2.0], &[0.0, f64::NAN, 1.0]);
        let (left, right) = Area::FULL.x_span();
        let (top, bottom) = Area::FULL.y_span();
        assert_eq!(path, format!("M{left},{bottom}m-2,0h4M{right},{top}m-2,0h4"), "lone points are dashes");
    }

    #[test]
    fn eighty_thousand_rows_are_thinned_to_the_plot_s_columns_keeping_a_spike() {
        let x: Vec<f64> = (0..80_000).map(f64::from).collect();
        let mut y = vec![0.0; 80_000];
        y[40_001] = 1.0;
        let frame = Frame { area: Area::FULL, x: Scale::linear(0.0, 79_999.0), y: Scale::linear(0.0, 1.0) };
        let path = frame.line_path(&x, &y);
        let points = path.matches(['M', 'L']).count();
        assert!(points <= (frame.plot_width() * 2.0) as usize + 2, "{points} points");
        assert!(path.contains(&format!(",{}", Area::FULL.y_span().0)), "the one-sample spike is drawn");
    }

    #[test]
    fn a_zoomed_line_keeps_one_row_either_side_of_the_window() {
        let x = [0.0, 1.0, 2.0, 3.0, 4.0];
        assert_eq!(visible_rows(&x, Scale::linear(1.5, 2.5)), 1..4);
        assert_eq!(visible_rows(&[3.0, 1.0], Scale::linear(0.0, 1.0)), 0..2, "unordered x: every row");
    }

    #[test]
    fn a_histogram_counts_every_finite_value_once() {
        let (edges, counts, width) = histogram(&[0.0, 0.1, 0.9, 1.0, f64::NAN], 2);
        assert_eq!((edges, counts, width), (vec![0.0, 0.5], vec![2.0, 2.0], 0.5));
    }

    #[test]
    fn quantiles_interpolate_between_neighbours() {
        let sorted = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&sorted, 0.5), 2.5);
        assert_eq!(quantile(&sorted, 0.0), 1.0);
        assert_eq!(quantile(&sorted, 1.0), 4.0);
        assert!(quantile(&[], 0.5).is_nan());
    }

    #[test]
    fn the_nearest_row_is_found_either_side() {
        let x = [0.0, 10.0, 20.0];
        assert_eq!(nearest(&x, 4.0), Some(0));
        assert_eq!(nearest(&x, 6.0), Some(1));
        assert_eq!(nearest(&x, 99.0), Some(2));
        assert_eq!(nearest(&[], 1.0), None);
    }

    #[test]
    fn names_from_the_data_are_escaped_in_the_markup() {
        let frame = Frame { area: Area::FULL, x: Scale::linear(0.0, 1.0), y: Scale::linear(0.0, 1.0) };
        let axes = frame.axes("<img src=x onerror=alert(1)> [s]", "a\u{202E}b \"q\"");
        assert!(!axes.contains("<img"), "{axes}");
        assert!(axes.contains("&lt;img src=x onerror=alert(1)&gt; [s]"));
        assert!(axes.contains("a⟨U+202E⟩b &quot;q&quot;"));
        assert_eq!(escape("R & 'x'"), "R &amp; &#39;x&#39;");
    }

    #[test]
    fn coordinates_are_written_to_a_tenth() {
        let mut d = String::new();
        push_point(&mut d, 12.34, -0.46);
        assert_eq!(d, "12.3,-0.5");
    }
}
