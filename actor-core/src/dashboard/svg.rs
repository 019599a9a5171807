//! Charts drawn by the server as inline SVG: a latency histogram and a calls-per-second
//! line. Each `<svg>` has the class `chart`.

use maud::{Markup, html};

use super::format;
use super::rows::{Histogram, RatePoint};

const WIDTH: f64 = 480.0;
const HEIGHT: f64 = 170.0;
/// Room for the axis labels: left, right, top, bottom.
const LEFT: f64 = 46.0;
const RIGHT: f64 = 10.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 34.0;

fn plot_width() -> f64 {
    WIDTH - LEFT - RIGHT
}

fn plot_height() -> f64 {
    HEIGHT - TOP - BOTTOM
}

/// The frame shared by both charts: the axes, the largest value on the left, and `body`.
fn frame(label: &str, y_max: &str, body: Markup) -> Markup {
    html! {
        svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img"
            viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) width=(WIDTH) height=(HEIGHT)
            aria-label=(label) {
            title { (label) }
            line class="axis" x1=(LEFT) y1=(TOP) x2=(LEFT) y2=(HEIGHT - BOTTOM) {}
            line class="axis" x1=(LEFT) y1=(HEIGHT - BOTTOM) x2=(WIDTH - RIGHT)
                y2=(HEIGHT - BOTTOM) {}
            text x=(LEFT - 4.0) y=(TOP + 8.0) text-anchor="end" { (y_max) }
            text x=(LEFT - 4.0) y=(HEIGHT - BOTTOM) text-anchor="end" { "0" }
            (body)
        }
    }
}

/// A chart with nothing to draw yet, saying why.
fn empty(label: &str, why: &str) -> Markup {
    frame(
        label,
        "",
        html! {
            text x=(LEFT + plot_width() / 2.0) y=(TOP + plot_height() / 2.0)
                text-anchor="middle" { (why) }
        },
    )
}

/// The fewest buckets a histogram shows.
const MIN_BARS: usize = 10;

/// The latency histogram of one method: a bar per bucket, around the buckets with calls.
pub(super) fn histogram(method: &str, histogram: &Histogram) -> Markup {
    let label = format!("latency of {method}");
    let used: Vec<usize> = (0..histogram.counts.len())
        .filter(|index| histogram.counts[*index] > 0)
        .collect();
    let (Some(first), Some(last)) = (used.first(), used.last()) else {
        return empty(&label, "no timed calls yet");
    };
    // A few empty buckets on each side, at least MIN_BARS in all, show where the calls fall.
    let first = first.saturating_sub(2);
    let last = (last + 2)
        .max(first + MIN_BARS - 1)
        .min(histogram.counts.len() - 1);
    let shown = &histogram.counts[first..=last];
    let max = shown.iter().copied().max().unwrap_or(1).max(1);
    let slot = plot_width() / shown.len() as f64;
    let label_every = shown.len().div_ceil(6);
    let bound = |index: usize| {
        histogram.upper_bounds_us.get(index).map_or_else(
            || "more".to_owned(),
            |us| format!("≤{}", format::micros(*us)),
        )
    };
    frame(
        &label,
        &max.to_string(),
        html! {
            @for (offset, count) in shown.iter().enumerate() {
                @let height = plot_height() * *count as f64 / max as f64;
                @let x = LEFT + slot * offset as f64;
                rect class="bar" x=(x + 1.0) y=(TOP + plot_height() - height)
                    width=((slot - 2.0).max(1.0)) height=(height) {
                    title { (bound(first + offset)) ": " (count) " calls" }
                }
                @if offset % label_every == 0 {
                    text x=(x + slot / 2.0) y=(HEIGHT - BOTTOM + 14.0) text-anchor="middle" {
                        (bound(first + offset))
                    }
                }
            }
            text x=(LEFT + plot_width() / 2.0) y=(HEIGHT - 4.0) text-anchor="middle" {
                "latency (calls per bucket)"
            }
        },
    )
}

/// Calls per second of one method over the samples kept (up to the last 10 minutes).
pub(super) fn calls_per_second(method: &str, points: &[RatePoint]) -> Markup {
    let label = format!("calls per second of {method}");
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return empty(
            &label,
            "sampled every second; shown from the next sample on",
        );
    };
    let span = (last.t - first.t).max(60.0);
    let max = points
        .iter()
        .map(|point| point.calls_per_s)
        .fold(0.0, f64::max);
    let y_max = if max > 0.0 { max * 1.1 } else { 1.0 };
    let line: Vec<String> = points
        .iter()
        .map(|point| {
            let x = LEFT + plot_width() * (1.0 - (last.t - point.t) / span);
            let y = TOP + plot_height() * (1.0 - point.calls_per_s / y_max);
            format!("{x:.1},{y:.1}")
        })
        .collect();
    frame(
        &label,
        &format::rate(y_max),
        html! {
            polyline class="line" fill="none" points=(line.join(" ")) {}
            text x=(LEFT) y=(HEIGHT - BOTTOM + 14.0) text-anchor="start" {
                "−" (format::span(span)) " ago"
            }
            text x=(WIDTH - RIGHT) y=(HEIGHT - BOTTOM + 14.0) text-anchor="end" { "now" }
            text x=(LEFT + plot_width() / 2.0) y=(HEIGHT - 4.0) text-anchor="middle" {
                "calls per second (now " (format::rate(last.calls_per_s)) ")"
            }
        },
    )
}
