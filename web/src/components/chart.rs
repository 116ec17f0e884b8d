//! The chart every fit view uses: lines (or a histogram's bars) drawn as SVG by the app, with
//! axes whose ticks and names come from the data (a channel's or parameter's name carries its
//! unit in brackets), a legend, a readout on hover and from the keyboard, zoom (drag, keys,
//! buttons; double-click or `0` resets), a table view and a CSV download. The picture is
//! `role="img"` with a text alternative that says what it shows and the latest values. Zoom and
//! readout live in the component, so they stay while polls bring new data.
//!
//! Keys, with the chart focused: ← → move the readout, Home / End jump to the ends, + and −
//! zoom around it, 0 resets, Escape hides the readout.

use std::sync::Arc;

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::erased::{handler, part, text};
use crate::format::{exact, number, reveal_bidi};
use crate::plot::{nearest, visible_rows, Area, Frame, Scale};

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
}

impl Plot {
    fn x_range(&self) -> Scale {
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
    #[prop(into)] plot: Signal<Plot>,
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
    let zoom = zoom.unwrap_or_else(|| RwSignal::new(None));
    let measured = width.unwrap_or_else(|| RwSignal::new(0.0));
    let cursor = RwSignal::new(None::<f64>);
    let drag = RwSignal::new(None::<(f64, f64)>);
    let table = RwSignal::new(false);
    let holder = NodeRef::<Div>::new();
    let measure = move || {
        if let Some(div) = holder.get_untracked() {
            let w = f64::from(div.client_width());
            if w > 0.0 && (w - measured.get_untracked()).abs() >= 1.0 {
                measured.set(w);
            }
        }
    };
    Effect::new(move |_| {
        if holder.get().is_some() {
            measure();
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    let sized = move || {
        let w = measured.get();
        Area { width: if w > 0.0 { w.clamp(240.0, 1600.0) } else { area.width }, ..area }
    };
    let frame = Memo::new(move |_| plot.with(|p| p.frame(sized(), zoom.get())));

    // Pointer and keys.
    let x_of = move |ev: &web_sys::MouseEvent| {
        let target: web_sys::Element = ev.current_target()?.dyn_into().ok()?;
        let px = f64::from(ev.client_x()) - target.get_bounding_client_rect().left();
        Some(frame.get_untracked().x_at(px))
    };
    let full = move || plot.with_untracked(Plot::x_range);
    let set_zoom = move |window: Option<(f64, f64)>| {
        let all = full();
        let window = window.and_then(|(low, high)| {
            let (low, high) = (low.max(all.low), high.min(all.high));
            // A window as wide as the data is no zoom; one too narrow to draw is refused.
            (high > low && (high - low) < (all.high - all.low) * 0.999).then_some((low, high))
        });
        zoom.set(window);
        measure();
    };
    let zoom_by = move |factor: f64| {
        let now = frame.get_untracked().x;
        let centre = cursor.get_untracked().unwrap_or((now.low + now.high) / 2.0);
        let half = (now.high - now.low) * factor / 2.0;
        set_zoom(Some((centre - half, centre + half)));
    };
    let step = move |direction: i64| {
        let xs = plot.with_untracked(Plot::main_x);
        if xs.is_empty() {
            return;
        }
        let rows = visible_rows(&xs, frame.get_untracked().x);
        let at = cursor.get_untracked().and_then(|c| nearest(&xs, c));
        let next = match (at, direction) {
            (_, i64::MIN) => rows.start,
            (_, i64::MAX) => rows.end.saturating_sub(1),
            (None, _) => rows.start,
            (Some(i), d) => (i as i64 + d).clamp(0, xs.len() as i64 - 1) as usize,
        };
        cursor.set(Some(xs[next]));
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        match ev.key().as_str() {
            "ArrowRight" => step(1),
            "ArrowLeft" => step(-1),
            "Home" => step(i64::MIN),
            "End" => step(i64::MAX),
            "+" | "=" => zoom_by(0.5),
            "-" | "_" => zoom_by(2.0),
            "0" => set_zoom(None),
            "Escape" => cursor.set(None),
            _ => return,
        }
        ev.prevent_default();
    };
    let on_down = move |ev: web_sys::PointerEvent| {
        if ev.button() != 0 {
            return;
        }
        if let Some(x) = x_of(&ev) {
            drag.set(Some((x, x)));
            if let Some(target) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                let _ = target.set_pointer_capture(ev.pointer_id());
            }
        }
    };
    let on_move = move |ev: web_sys::PointerEvent| {
        let Some(x) = x_of(&ev) else { return };
        cursor.set(Some(x));
        if let Some((start, _)) = drag.get_untracked() {
            drag.set(Some((start, x)));
        }
    };
    let on_up = move |_ev: web_sys::PointerEvent| {
        let Some((a, b)) = drag.get_untracked() else { return };
        drag.set(None);
        let f = frame.get_untracked();
        // A drag of a few pixels is a click: it only moves the readout.
        if (f.px(a) - f.px(b)).abs() > 6.0 {
            set_zoom(Some((a.min(b), a.max(b))));
        }
    };

    let title = move || plot.with(|p| p.title.clone());
    let label = move || {
        plot.with(|p| {
            let zoomed =
                zoom.get().map(|(l, h)| format!(" Zoomed to {} from {} to {}.", p.x_name, number(l), number(h)));
            format!("{}. {}{}", p.title, p.summary, zoomed.unwrap_or_default())
        })
    };
    let drawing = move || {
        let f = frame.get();
        plot.with(|p| Some(drawing(p, f)))
    };
    let overlay = move || {
        let f = frame.get();
        let mut shapes = Vec::new();
        if let Some((a, b)) = drag.get() {
            let (x0, x1) = (f.px(a.min(b)), f.px(a.max(b)));
            let (top, bottom) = f.area.y_span();
            shapes.push(
                view! { <rect class="selection" x=x0 y=top width=(x1 - x0).max(0.0) height=bottom - top/> }.into_any(),
            );
        }
        if let Some(at) = cursor.get() {
            let (top, bottom) = f.area.y_span();
            let x = f.px(at);
            shapes.push(view! { <line class="crosshair" x1=x x2=x y1=top y2=bottom/> }.into_any());
            plot.with(|p| {
                for l in p.lines.iter().filter(|l| l.bars.is_none() && !l.hidden) {
                    if let Some(i) = nearest(&l.x, at) {
                        let (cx, cy) = (f.px(l.x[i]), f.py(l.y[i]));
                        if cx.is_finite() && cy.is_finite() {
                            shapes.push(
                                view! { <circle class=format!("dot {}", l.class) cx=cx cy=cy r="3.5"/> }.into_any(),
                            );
                        }
                    }
                }
            });
        }
        Some(shapes.into_any())
    };
    let readout = move || {
        let Some(at) = cursor.get() else {
            return "Point at the chart, or focus it and use the arrow keys, to read values.".to_owned();
        };
        plot.with(|p| readout(p, at))
    };
    let svg_size = move || {
        let a = frame.get().area;
        (a.width, a.height)
    };
    let file_name = format!("{file}.csv");
    view! {
        <figure class="chart">
            <div class="chart-head">
                <figcaption>{text(title)}</figcaption>
                <div class="chart-tools" role="group" aria-label=move || format!("{}: view", plot.with(|p| p.title.clone()))>
                    <button type="button" class="small" on:click=handler(move |_| zoom_by(0.5))>"Zoom in"</button>
                    <button type="button" class="small" on:click=handler(move |_| zoom_by(2.0))>"Zoom out"</button>
                    <button type="button" class="small" disabled=move || zoom.get().is_none() on:click=handler(move |_| set_zoom(None))>"Reset zoom"</button>
                    <button type="button" class="small" aria-pressed=move || if table.get() { "true" } else { "false" } on:click=handler(move |_| table.update(|t| *t = !*t))>"Table"</button>
                    <button type="button" class="small" on:click=handler(move |_| crate::download::download(&file_name, "text/csv", &plot.with_untracked(Plot::csv)))>"Download CSV"</button>
                </div>
            </div>
            <div class="plot" node_ref=holder>
                <svg role="img" tabindex="0" aria-label=label
                    width=move || svg_size().0 height=move || svg_size().1
                    viewBox=move || { let (w, h) = svg_size(); format!("0 0 {w} {h}") }
                    on:pointerdown=handler(on_down) on:pointermove=handler(on_move) on:pointerup=handler(on_up)
                    on:pointerleave=handler(move |_: web_sys::PointerEvent| if drag.get_untracked().is_none() { cursor.set(None) })
                    on:dblclick=handler(move |_: web_sys::MouseEvent| set_zoom(None))
                    on:keydown=handler(on_key)>
                    {part(drawing)}
                    {part(overlay)}
                </svg>
            </div>
            <p class="readout" aria-live="polite">{text(readout)}</p>
            {part(move || Some(legend(&plot.get())))}
            {part(move || plot.with(|p| (!p.note.is_empty()).then(|| view! { <p class="hint">{p.note.clone()}</p> }.into_any())))}
            {part(move || table.get().then(|| plot.with(table_view)))}
        </figure>
    }
}

/// Axes, ticks, marks and lines, for one frame.
fn drawing(p: &Plot, f: Frame) -> AnyView {
    let (left, right) = f.area.x_span();
    let (top, bottom) = f.area.y_span();
    let x_count = ((right - left) / 90.0).max(2.0) as usize;
    let y_count = ((bottom - top) / 40.0).max(2.0) as usize;
    let x_ticks: Vec<AnyView> =
        f.x.ticks(x_count)
            .into_iter()
            .map(|t| {
                let x = f.px(t);
                view! {
                    <line class="grid" x1=x x2=x y1=top y2=bottom/>
                    <text class="tick" x=x y=bottom + 14.0 text-anchor="middle">{number(t)}</text>
                }
                .into_any()
            })
            .collect();
    let y_ticks: Vec<AnyView> =
        f.y.ticks(y_count)
            .into_iter()
            .map(|t| {
                let y = f.py(t);
                view! {
                    <line class="grid" x1=left x2=right y1=y y2=y/>
                    <text class="tick" x=left - 6.0 y=y + 4.0 text-anchor="end">{number(t)}</text>
                }
                .into_any()
            })
            .collect();
    let marks: Vec<AnyView> = p
        .marks
        .iter()
        .filter(|(x, _)| *x >= f.x.low && *x <= f.x.high)
        .map(|(x, label)| {
            let px = f.px(*x);
            view! {
                <line class="mark" x1=px x2=px y1=top y2=bottom/>
                <text class="mark-label" x=px + 4.0 y=top + 12.0>{label.clone()}</text>
            }
            .into_any()
        })
        .collect();
    let lines: Vec<AnyView> = p
        .lines
        .iter()
        .filter(|l| !l.hidden)
        .map(|l| {
            let d = match l.bars {
                Some(width) => f.bars_path(&l.x, &l.y, width),
                None => f.line_path(&l.x, &l.y),
            };
            let class = if l.bars.is_some() { format!("bars {}", l.class) } else { format!("line {}", l.class) };
            view! { <path class=class d=d/> }.into_any()
        })
        .collect();
    let y_name = format!("{}{}", reveal_bidi(&p.y_name), if f.y.log { " (log scale)" } else { "" });
    let clip = format!("M{left},{top}H{right}V{bottom}H{left}Z");
    view! {
        <g aria-hidden="true">
            {x_ticks}{y_ticks}
            <path class="axis" d=format!("M{left},{top}V{bottom}H{right}")/>
            <text class="axis-name" x=(left + right) / 2.0 y=f.area.height - 4.0 text-anchor="middle">{reveal_bidi(&p.x_name)}</text>
            <text class="axis-name" x=left y=top - 2.0 text-anchor="start">{y_name}</text>
            <clipPath id="plot-clip"><path d=clip/></clipPath>
            <g class="lines">{lines}</g>
            {marks}
        </g>
    }
    .into_any()
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
            } else {
                format!("{}: {}", l.label, number(y))
            };
            parts.push(shown);
        }
    }
    reveal_bidi(&parts.join(" · "))
}

/// The legend: each line's look and name.
fn legend(p: &Plot) -> AnyView {
    let items: Vec<AnyView> = p
        .lines
        .iter()
        .filter(|l| !l.hidden)
        .map(|l| {
            let swatch = if l.bars.is_some() {
                view! { <rect class=format!("bars {}", l.class) x="2" y="2" width="20" height="8"/> }.into_any()
            } else {
                view! { <path class=format!("line {}", l.class) d="M2,6H22"/> }.into_any()
            };
            view! { <li><svg class="swatch" width="24" height="12" aria-hidden="true">{swatch}</svg>{reveal_bidi(&l.label)}</li> }
                .into_any()
        })
        .collect();
    view! { <ul class="legend">{items}</ul> }.into_any()
}

/// The data as a table (the first rows; the CSV has them all).
fn table_view(p: &Plot) -> AnyView {
    let total: usize = p.lines.iter().map(|l| l.x.len()).sum();
    let mut rows: Vec<AnyView> = Vec::new();
    'lines: for l in &p.lines {
        for (x, y) in l.x.iter().zip(l.y.iter()) {
            if rows.len() == TABLE_ROWS {
                break 'lines;
            }
            rows.push(
                view! {
                    <tr><th scope="row">{reveal_bidi(&l.label)}</th><td class="number" title=exact(*x)>{number(*x)}</td><td class="number" title=exact(*y)>{number(*y)}</td></tr>
                }
                .into_any(),
            );
        }
    }
    let note = (total > TABLE_ROWS)
        .then(|| format!("The first {TABLE_ROWS} of {total} rows; the CSV download holds them all."));
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=format!("{}: table", p.title)>
            <table class="chart-table">
                <caption class="visually-hidden">{format!("{}: the values drawn", p.title)}</caption>
                <thead><tr><th scope="col">"Line"</th><th scope="col">{reveal_bidi(&p.x_name)}</th><th scope="col">{reveal_bidi(&p.y_name)}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {note.map(|n| view! { <p class="hint">{n}</p> })}
    }
    .into_any()
}

/// A small chart of one parameter's values in a table cell: no axes (the table says the values).
pub fn sparkline(x: &[f64], y: &[f64], label: String) -> AnyView {
    let area = Area { width: 120.0, height: 32.0, left: 2.0, bottom: -8.0 };
    let frame =
        Frame { area, x: Scale::of(x.iter().copied(), false, 0.0), y: Scale::of(y.iter().copied(), false, 0.05) };
    view! {
        <svg class="spark" viewBox="0 0 120 32" role="img" aria-label=label preserveAspectRatio="none">
            <path class="line c0" d=frame.line_path(x, y)/>
        </svg>
    }
    .into_any()
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
            lines: vec![line("start 1", &[1.0], &[2e-6]), line("start 2", &[2.0, 3.0], &[0.5, 0.25])],
            ..Plot::default()
        };
        assert_eq!(
            plot.csv(),
            "\"series\",\"Iteration\",\"Cost\"\n\"start 1\",1,2e-6\n\"start 2\",2,0.5\n\"start 2\",3,0.25\n"
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
    fn a_zoomed_frame_fits_y_to_the_rows_in_the_window() {
        let plot = Plot { lines: vec![line("a", &[0.0, 1.0, 2.0, 3.0], &[0.0, 10.0, 1.0, 2.0])], ..Plot::default() };
        let whole = plot.frame(Area::FULL, None);
        let zoomed = plot.frame(Area::FULL, Some((2.5, 3.0)));
        assert!(whole.y.high > 10.0);
        assert!(zoomed.y.high < 3.0, "row 1 (10) lies outside the window and its neighbour");
    }
}
