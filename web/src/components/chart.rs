//! The chart every fit view uses: lines (or a histogram's bars) drawn as SVG by the app, with
//! axes whose ticks and names come from the data (a channel's or parameter's name carries its
//! unit in brackets), a legend, a readout on hover and from the keyboard, zoom (drag, keys,
//! buttons; double-click or `0` resets), a table view and a CSV download. The picture is
//! `role="img"` with a text alternative that says what it shows and the latest values. Zoom and
//! readout live in the component, so they stay while polls bring new data.
//!
//! Keys, with the chart focused: ← → move the readout, Home / End jump to the ends, + and −
//! zoom around it, 0 resets, Escape hides the readout.

use std::fmt::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::erased::{handler, text};
use crate::format::{exact, number, reveal_bidi};
use crate::plot::{escape, nearest, visible_rows, Area, At, Frame, Scale};

/// How to read and zoom the charts: said once above a page's charts, and shown with the page,
/// before the charts' chunk arrives.
pub const HINT: &str =
    "Point at a chart, or focus it and use ← → Home End, to read its values; drag across it, or press + and −, to zoom; 0 or a double-click resets.";

/// One line (or a histogram's bars) of a chart.
#[derive(Clone, PartialEq)]
pub struct Line {
    /// Its name in the legend, readout and table.
    pub label: String,
    /// How it looks (classes in `style.css`: `c0`…`c7` colours, `cost`, `best`, `model`, `data`…).
    pub class: String,
    /// Its x values, in order.
    pub x: Arc<[f64]>,
    /// Its y values, one per x.
    pub y: Arc<[f64]>,
    /// Bars of this width from each x (a histogram), rather than a line.
    pub bars: Option<f64>,
    /// Read out and downloaded, but not drawn (the parameters at a cost chart's iterations).
    pub hidden: bool,
}

/// What a chart shows.
#[derive(Clone, PartialEq, Default)]
pub struct Plot {
    /// What it shows, as a heading and the start of its text alternative.
    pub title: String,
    /// The x axis's name (with its unit in brackets, when it has one).
    pub x_name: String,
    /// The y axis's name.
    pub y_name: String,
    /// Log scale on y when every value is positive.
    pub log_y: bool,
    /// The lines.
    pub lines: Vec<Line>,
    /// Vertical marks at these x values, each with its label (a burn-in's end).
    pub marks: Vec<(f64, String)>,
    /// A sentence under the chart (how many points it draws of how many rows).
    pub note: String,
    /// The latest values, for the text alternative.
    pub summary: String,
    /// The x range of all the data, when the lines hold only a window of it (a series fetched
    /// for a zoom): zoom is bounded by this rather than by what is drawn.
    pub x_extent: Option<(f64, f64)>,
}

impl Plot {
    fn x_range(&self) -> Scale {
        if let Some((low, high)) = self.x_extent {
            return Scale::linear(low, high);
        }
        let ends = self.lines.iter().filter(|l| !l.hidden).flat_map(|l| {
            let last = l.x.last().copied().unwrap_or(f64::NAN) + l.bars.unwrap_or(0.0);
            [l.x.first().copied().unwrap_or(f64::NAN), last]
        });
        Scale::of(ends.collect::<Vec<_>>().into_iter(), false, 0.0)
    }

    fn frame(&self, area: Area, zoom: Option<(f64, f64)>) -> Frame {
        let x = match zoom {
            Some((low, high)) => Scale::linear(low, high),
            None => self.x_range(),
        };
        let visible = self.lines.iter().filter(|l| !l.hidden).flat_map(|l| {
            let rows = visible_rows(&l.x, x);
            let base = l.bars.map(|_| 0.0);
            l.y[rows].iter().copied().chain(base)
        });
        let y = Scale::of(visible.collect::<Vec<_>>().into_iter(), self.log_y, 0.05);
        Frame { area, x, y }
    }

    /// The line with the most rows: the readout steps through its x values.
    fn main_x(&self) -> Arc<[f64]> {
        self.lines
            .iter()
            .filter(|l| !l.hidden)
            .max_by_key(|l| l.x.len())
            .map(|l| l.x.clone())
            .unwrap_or_else(|| Arc::from([]))
    }

    /// The data as CSV: one x column and a column per line when every line has the same x,
    /// else one row per point (line, x, y). Full precision.
    pub fn csv(&self) -> String {
        let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        let shared = self.lines.windows(2).all(|w| w[0].x == w[1].x);
        let mut out = String::new();
        if shared && !self.lines.is_empty() {
            out.push_str(&quote(&self.x_name));
            for l in &self.lines {
                out.push(',');
                out.push_str(&quote(&l.label));
            }
            out.push('\n');
            for (row, x) in self.lines[0].x.iter().enumerate() {
                out.push_str(&exact(*x));
                for l in &self.lines {
                    out.push(',');
                    out.push_str(&l.y.get(row).map_or_else(String::new, |v| exact(*v)));
                }
                out.push('\n');
            }
        } else {
            out.push_str(&format!("\"series\",{},{}\n", quote(&self.x_name), quote(&self.y_name)));
            for l in &self.lines {
                for (x, y) in l.x.iter().zip(l.y.iter()) {
                    out.push_str(&format!("{},{},{}\n", quote(&l.label), exact(*x), exact(*y)));
                }
            }
        }
        out
    }
}

/// Rows the table view shows (the CSV has them all).
const TABLE_ROWS: usize = 200;

/// A chart of `plot`, live. `zoom` may be shared with another chart (a residual strip under its
/// chart) or read by the owner (to fetch the window again); `width` receives the drawing's
/// measured width in pixels.
#[component]
pub fn Chart(
    /// What to draw (a derived signal is fine: the chart keeps the last value until it changes).
    #[prop(into)]
    plot: Signal<Plot>,
    /// The size class: [`Area::FULL`], [`Area::SMALL`] or [`Area::STRIP`] (the width follows the page).
    area: Area,
    /// The x window shown (None: everything).
    #[prop(optional)]
    zoom: Option<RwSignal<Option<(f64, f64)>>>,
    /// Set to the drawing's width in pixels once it is measured.
    #[prop(optional)]
    width: Option<RwSignal<f64>>,
    /// The file name of the CSV download (without `.csv`).
    #[prop(into)]
    file: String,
) -> impl IntoView {
    let plot = Memo::new(move |_| plot.get());
    let zoom = zoom.unwrap_or_else(|| RwSignal::new(None));
    let measured = width.unwrap_or_else(|| RwSignal::new(0.0));
    let serial = NEXT_CHART.fetch_add(1, Ordering::Relaxed);
    let holder = format!("chart-{serial}");
    let state = State { plot, area, zoom, cursor: RwSignal::new(None), drag: RwSignal::new(None), measured, serial };
    let (cursor, drag) = (state.cursor, state.drag);
    let table = RwSignal::new(false);
    // Measured once it is on the page, and again when the window's size changes.
    request_animation_frame(move || state.measure());
    let resize = window_event_listener(leptos::ev::resize, move |_| state.measure());
    on_cleanup(move || resize.remove());

    let title = move || plot.with(|p| p.title.clone());
    let label = move || {
        plot.with(|p| {
            let zoomed =
                zoom.get().map(|(l, h)| format!(" Zoomed to {} from {} to {}.", p.x_name, number(l), number(h)));
            reveal_bidi(&format!("{}. {}{}", p.title, p.summary, zoomed.unwrap_or_default()))
        })
    };
    let clip = format!("chart-clip-{serial}");
    let drawing = move || {
        let f = state.frame();
        plot.with(|p| drawing(p, f, &clip))
    };
    let overlay = move || state.overlay();
    let readout = move || match cursor.get() {
        Some(at) => plot.with(|p| readout(p, at)),
        None => String::new(),
    };
    let svg_size = move || {
        let a = state.sized();
        (At(a.width).to_string(), At(a.height).to_string())
    };
    let file_name = format!("{file}.csv");
    view! {
        <figure class="chart">
            <div class="chart-head">
                <figcaption>{text(move || reveal_bidi(&title()))}</figcaption>
                <div class="chart-tools" role="group" aria-label=move || format!("{}: view", reveal_bidi(&title()))>
                    <button type="button" class="small" on:click=handler(move |_| state.zoom_by(0.5))>"Zoom in"</button>
                    <button type="button" class="small" on:click=handler(move |_| state.zoom_by(2.0))>"Zoom out"</button>
                    <button type="button" class="small" disabled=move || zoom.get().is_none() on:click=handler(move |_| state.set_zoom(None))>"Reset zoom"</button>
                    <button type="button" class="small" aria-pressed=move || if table.get() { "true" } else { "false" } on:click=handler(move |_| table.update(|t| *t = !*t))>"Table"</button>
                    <button type="button" class="small" on:click=handler(move |_| crate::download::download(&file_name, "text/csv", &plot.with_untracked(Plot::csv)))>"Download CSV"</button>
                </div>
            </div>
            <div class="plot" id=holder>
                <svg role="img" tabindex="0" aria-label=label
                    width=move || svg_size().0 height=move || svg_size().1
                    viewBox=move || { let (w, h) = svg_size(); format!("0 0 {w} {h}") }
                    on:pointerdown=handler(move |ev| state.down(ev)) on:pointermove=handler(move |ev| state.moved(ev))
                    on:pointerup=handler(move |_: web_sys::PointerEvent| state.up())
                    on:pointerleave=handler(move |_: web_sys::PointerEvent| if drag.get_untracked().is_none() { cursor.set(None) })
                    on:dblclick=handler(move |_: web_sys::MouseEvent| state.set_zoom(None))
                    on:keydown=handler(move |ev| state.key(ev))>
                    <g inner_html=drawing/>
                    // The overlay never takes the pointer: it is redrawn as the pointer moves, and
                    // a click landing on it would be lost (so would a double-click's reset).
                    <g class="overlay" inner_html=overlay/>
                </svg>
            </div>
            <p class="readout" aria-live="polite">{text(readout)}</p>
            <ul class="legend" inner_html=move || plot.with(legend)/>
            <p class="hint" inner_html=move || plot.with(|p| escape(&p.note))/>
            <div inner_html=move || if table.get() { plot.with(table_view) } else { String::new() }/>
        </figure>
    }
}

/// A chart's reactive state, and what the pointer and keys do to it (methods, so that each is
/// compiled once however many handlers call it).
#[derive(Clone, Copy)]
struct State {
    plot: Memo<Plot>,
    /// The size class (its width follows the page).
    area: Area,
    /// The x window shown; None: everything.
    zoom: RwSignal<Option<(f64, f64)>>,
    /// Where the readout is (an x value).
    cursor: RwSignal<Option<f64>>,
    /// A drag in progress: where it started and where it is (x values).
    drag: RwSignal<Option<(f64, f64)>>,
    /// The drawing's width in pixels.
    measured: RwSignal<f64>,
    /// Tells this chart's elements apart from other charts' (`chart-N`, `chart-clip-N`).
    serial: usize,
}

impl State {
    /// The drawing's size: as wide as the page lets it be.
    fn sized(self) -> Area {
        let w = self.measured.get();
        Area { width: if w > 0.0 { w.clamp(240.0, 1600.0) } else { self.area.width }, ..self.area }
    }

    /// How the plot is drawn now (tracked: a view that calls it follows zoom, size and data).
    fn frame(self) -> Frame {
        self.plot.with(|p| p.frame(self.sized(), self.zoom.get()))
    }

    fn frame_untracked(self) -> Frame {
        untrack(|| self.frame())
    }

    fn measure(self) {
        if let Some(div) = document().get_element_by_id(&format!("chart-{}", self.serial)) {
            let w = f64::from(div.client_width());
            if w > 0.0 && (w - self.measured.get_untracked()).abs() >= 1.0 {
                self.measured.set(w);
            }
        }
    }

    /// The x value under the pointer.
    fn x_of(self, ev: &web_sys::MouseEvent) -> Option<f64> {
        let target: web_sys::Element = ev.current_target()?.dyn_into().ok()?;
        let px = f64::from(ev.client_x()) - target.get_bounding_client_rect().left();
        Some(self.frame_untracked().x_at(px))
    }

    /// Shows `window`, kept within the data (shifted back inside when it runs past an end); as
    /// wide as the data, or too narrow to draw, it is no zoom.
    fn set_zoom(self, window: Option<(f64, f64)>) {
        let all = self.plot.with_untracked(Plot::x_range);
        self.zoom.set(window.and_then(|w| within(w, (all.low, all.high))));
        self.measure();
    }

    /// Zooms by `factor` of the width shown, around the readout (or the middle).
    fn zoom_by(self, factor: f64) {
        let now = self.frame_untracked().x;
        let centre = self.cursor.get_untracked().unwrap_or((now.low + now.high) / 2.0);
        let half = (now.high - now.low) * factor / 2.0;
        self.set_zoom(Some((centre - half, centre + half)));
    }

    /// Moves the readout `direction` rows (`i64::MIN`: the first shown, `i64::MAX`: the last).
    fn step(self, direction: i64) {
        let xs = self.plot.with_untracked(Plot::main_x);
        if xs.is_empty() {
            return;
        }
        let rows = visible_rows(&xs, self.frame_untracked().x);
        let at = self.cursor.get_untracked().and_then(|c| nearest(&xs, c));
        let next = match (at, direction) {
            (_, i64::MAX) => rows.end.saturating_sub(1),
            (_, i64::MIN) | (None, _) => rows.start,
            (Some(i), d) => (i as i64 + d).clamp(0, xs.len() as i64 - 1) as usize,
        };
        self.cursor.set(Some(xs[next]));
    }

    fn key(self, ev: web_sys::KeyboardEvent) {
        match ev.key().as_str() {
            "ArrowRight" => self.step(1),
            "ArrowLeft" => self.step(-1),
            "Home" => self.step(i64::MIN),
            "End" => self.step(i64::MAX),
            "+" | "=" => self.zoom_by(0.5),
            "-" | "_" => self.zoom_by(2.0),
            "0" => self.set_zoom(None),
            "Escape" => self.cursor.set(None),
            _ => return,
        }
        ev.prevent_default();
    }

    fn down(self, ev: web_sys::PointerEvent) {
        if ev.button() != 0 {
            return;
        }
        if let Some(x) = self.x_of(&ev) {
            self.drag.set(Some((x, x)));
            if let Some(target) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                let _ = target.set_pointer_capture(ev.pointer_id());
            }
        }
    }

    fn moved(self, ev: web_sys::PointerEvent) {
        let Some(x) = self.x_of(&ev) else { return };
        self.cursor.set(Some(x));
        if let Some((start, _)) = self.drag.get_untracked() {
            self.drag.set(Some((start, x)));
        }
    }

    fn up(self) {
        let Some((a, b)) = self.drag.get_untracked() else { return };
        self.drag.set(None);
        let f = self.frame_untracked();
        // A drag of a few pixels is a click: it only moves the readout.
        if (f.px(a) - f.px(b)).abs() > 6.0 {
            self.set_zoom(Some((a.min(b), a.max(b))));
        }
    }

    /// The drag's selection, the readout's crosshair and a dot on each line there, as markup.
    fn overlay(self) -> String {
        let f = self.frame();
        let (top, bottom) = f.area.y_span();
        let mut out = String::new();
        if let Some((a, b)) = self.drag.get() {
            let (x0, x1) = (f.px(a.min(b)), f.px(a.max(b)));
            let _ = write!(
                out,
                r#"<rect class="selection" x="{}" y="{}" width="{}" height="{}"/>"#,
                At(x0),
                At(top),
                At((x1 - x0).max(0.0)),
                At(bottom - top)
            );
        }
        if let Some(at) = self.cursor.get() {
            let x = At(f.px(at));
            let _ = write!(out, r#"<line class="crosshair" x1="{x}" x2="{x}" y1="{}" y2="{}"/>"#, At(top), At(bottom));
            self.plot.with(|p| {
                for l in p.lines.iter().filter(|l| l.bars.is_none() && !l.hidden) {
                    if let Some(i) = nearest(&l.x, at) {
                        let (cx, cy) = (f.px(l.x[i]), f.py(l.y[i]));
                        if cx.is_finite() && cy.is_finite() {
                            let _ = write!(
                                out,
                                r#"<circle class="dot {}" cx="{}" cy="{}" r="3.5"/>"#,
                                escape(&l.class),
                                At(cx),
                                At(cy)
                            );
                        }
                    }
                }
            });
        }
        out
    }
}

/// `window` moved inside `all` (keeping its width where it fits); None when it covers all of it
/// or is empty.
fn within((low, high): (f64, f64), all: (f64, f64)) -> Option<(f64, f64)> {
    let width = high - low;
    let span = all.1 - all.0;
    if width.is_nan() || width <= 0.0 || width >= span * 0.999 {
        return None;
    }
    let low = low.max(all.0).min(all.1 - width);
    Some((low, low + width))
}

/// Tells charts apart in their markup's ids (each clips its lines to its own plot).
static NEXT_CHART: AtomicUsize = AtomicUsize::new(0);

/// Axes, ticks, marks and lines, for one frame, as markup.
fn drawing(p: &Plot, f: Frame, clip: &str) -> String {
    let (left, right) = f.area.x_span();
    let (top, bottom) = f.area.y_span();
    let mut out = f.axes(&p.x_name, &p.y_name);
    let _ = write!(
        out,
        r#"<clipPath id="{clip}"><rect x="{}" y="{}" width="{}" height="{}"/></clipPath><g clip-path="url(#{clip})">"#,
        At(left),
        At(top - 4.0),
        At(right - left),
        At(bottom - top + 4.0)
    );
    for l in p.lines.iter().filter(|l| !l.hidden) {
        let (kind, d) = match l.bars {
            Some(width) => ("bars", f.bars_path(&l.x, &l.y, width)),
            None => ("line", f.line_path(&l.x, &l.y)),
        };
        let _ = write!(out, r#"<path class="{kind} {}" d="{d}"/>"#, escape(&l.class));
    }
    out.push_str("</g>");
    for (x, label) in &p.marks {
        out.push_str(&f.mark(*x, label));
    }
    out
}

/// The values nearest to `at`: the x, then each line's y there.
fn readout(p: &Plot, at: f64) -> String {
    let x = p.main_x();
    let Some(i) = nearest(&x, at) else { return String::new() };
    let mut parts = vec![format!("{} {}", p.x_name, number(x[i]))];
    for l in &p.lines {
        if let Some(j) = nearest(&l.x, x[i]) {
            let y = l.y[j];
            let shown = if l.bars.is_some() {
                format!(
                    "{} from {} to {}: {}",
                    l.label,
                    number(l.x[j]),
                    number(l.x[j] + l.bars.unwrap_or(0.0)),
                    number(y)
                )
            } else if y.is_nan() {
                format!("{}: no value", l.label)
            } else {
                format!("{}: {}", l.label, number(y))
            };
            parts.push(shown);
        }
    }
    reveal_bidi(&parts.join(" · "))
}

/// The legend's items: each drawn line's look and name.
fn legend(p: &Plot) -> String {
    let mut out = String::new();
    for l in p.lines.iter().filter(|l| !l.hidden) {
        let swatch = if l.bars.is_some() {
            format!(r#"<rect class="bars {}" x="2" y="2" width="20" height="8"/>"#, escape(&l.class))
        } else {
            format!(r#"<path class="line {}" d="M2,6H22"/>"#, escape(&l.class))
        };
        let _ = write!(
            out,
            r#"<li><svg class="swatch" width="24" height="12" aria-hidden="true">{swatch}</svg>{}</li>"#,
            escape(&l.label)
        );
    }
    out
}

/// The data as a table (the first rows; the CSV has them all), as markup.
fn table_view(p: &Plot) -> String {
    let total: usize = p.lines.iter().map(|l| l.x.len()).sum();
    let mut out = format!(
        r#"<div class="table-wrap" tabindex="0" role="region" aria-label="{}: table"><table class="chart-table"><caption class="visually-hidden">{}: the values drawn</caption><thead><tr><th scope="col">Line</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>"#,
        escape(&p.title),
        escape(&p.title),
        escape(&p.x_name),
        escape(&p.y_name)
    );
    for (l, x, y) in
        p.lines.iter().flat_map(|l| l.x.iter().zip(l.y.iter()).map(move |(x, y)| (l, *x, *y))).take(TABLE_ROWS)
    {
        let _ = write!(
            out,
            r#"<tr><th scope="row">{}</th><td class="number" title="{}">{}</td><td class="number" title="{}">{}</td></tr>"#,
            escape(&l.label),
            exact(x),
            number(x),
            exact(y),
            number(y)
        );
    }
    out.push_str("</tbody></table></div>");
    if total > TABLE_ROWS {
        let _ = write!(
            out,
            r#"<p class="hint">The first {TABLE_ROWS} of {total} rows; the CSV download holds them all.</p>"#
        );
    }
    out
}

/// A small chart of one parameter's values for a table cell, as markup: no axes (the table
/// says the values).
pub fn sparkline(x: &[f64], y: &[f64], label: &str) -> String {
    let area = Area { width: 120.0, height: 32.0, left: 2.0, bottom: -8.0 };
    let frame =
        Frame { area, x: Scale::of(x.iter().copied(), false, 0.0), y: Scale::of(y.iter().copied(), false, 0.05) };
    format!(
        r#"<svg class="spark" viewBox="0 0 120 32" role="img" aria-label="{}" preserveAspectRatio="none"><path class="line c0" d="{}"/></svg>"#,
        escape(label),
        frame.line_path(x, y)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(label: &str, x: &[f64], y: &[f64]) -> Line {
        Line {
            label: label.to_owned(),
            class: "c0".to_owned(),
            x: Arc::from(x),
            y: Arc::from(y),
            bars: None,
            hidden: false,
        }
    }

    #[test]
    fn lines_sharing_their_x_download_as_one_column_each() {
        let plot = Plot {
            x_name: "Time [s]".to_owned(),
            lines: vec![line("data", &[0.0, 0.5], &[3.7, 3.6]), line("model \"v\"", &[0.0, 0.5], &[3.69, f64::NAN])],
            ..Plot::default()
        };
        assert_eq!(plot.csv(), "\"Time [s]\",\"data\",\"model \"\"v\"\"\"\n0,3.7,3.69\n0.5,3.6,null\n");
    }

    #[test]
    fn lines_of_their_own_x_download_a_row_per_point() {
        let plot = Plot {
            x_name: "Iteration".to_owned(),
            y_name: "Cost".to_owned(),
            lines: vec![line("start 1", &[1.0], &[2e-7]), line("start 2", &[2.0, 3.0], &[0.5, 0.25])],
            ..Plot::default()
        };
        assert_eq!(
            plot.csv(),
            "\"series\",\"Iteration\",\"Cost\"\n\"start 1\",1,2e-7\n\"start 2\",2,0.5\n\"start 2\",3,0.25\n"
        );
    }

    #[test]
    fn the_readout_names_each_line_s_value_nearest_the_pointer() {
        let plot = Plot {
            x_name: "Iteration".to_owned(),
            lines: vec![
                line("cost", &[100.0, 200.0, 300.0], &[1.0, 0.5, 0.25]),
                line("best", &[100.0, 300.0], &[1.0, 0.25]),
            ],
            ..Plot::default()
        };
        assert_eq!(readout(&plot, 190.0), "Iteration 200 · cost: 0.5 · best: 1");
    }

    #[test]
    fn a_zoom_past_an_end_of_the_data_is_moved_back_inside_keeping_its_width() {
        assert_eq!(within((1100.0, 1300.0), (0.0, 1200.0)), Some((1000.0, 1200.0)));
        assert_eq!(within((-50.0, 50.0), (0.0, 1200.0)), Some((0.0, 100.0)));
        assert_eq!(within((300.0, 400.0), (0.0, 1200.0)), Some((300.0, 400.0)));
        assert_eq!(within((-10.0, 1300.0), (0.0, 1200.0)), None, "wider than the data: no zoom");
        assert_eq!(within((5.0, 5.0), (0.0, 1200.0)), None);
    }

    #[test]
    fn a_chart_of_a_fetched_window_is_bounded_by_the_whole_series() {
        let plot = Plot {
            lines: vec![line("a", &[400.0, 600.0], &[1.0, 2.0])],
            x_extent: Some((0.0, 1200.0)),
            ..Plot::default()
        };
        assert_eq!(plot.x_range(), Scale::linear(0.0, 1200.0));
    }

    #[test]
    fn a_zoomed_frame_fits_y_to_the_rows_in_the_window() {
        let plot = Plot { lines: vec![line("a", &[0.0, 1.0, 2.0, 3.0], &[0.0, 10.0, 1.0, 2.0])], ..Plot::default() };
        let whole = plot.frame(Area::FULL, None);
        let zoomed = plot.frame(Area::FULL, Some((2.5, 3.0)));
        assert!(whole.y.high > 10.0);
        assert!(zoomed.y.high < 3.0, "row 1 (10) lies outside the window and its neighbour");
    }
}
