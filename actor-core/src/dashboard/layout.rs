//! The frame of every page: head, style, navigation, and the script that refreshes the
//! part of the page marked `id="live"` every 2 seconds.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::{DOCTYPE, Markup, PreEscaped, html};

const STYLE: &str = "
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1d2330; background: #f6f7f9; }
header { background: #1d2330; color: #fff; padding: 8px 16px; display: flex; gap: 18px;
  align-items: baseline; }
header a { color: #cfe0ff; text-decoration: none; }
header strong { margin-right: 12px; }
main { padding: 12px 16px; }
table { border-collapse: collapse; background: #fff; margin: 8px 0 16px; }
th, td { padding: 4px 10px; border-bottom: 1px solid #e3e6eb; text-align: left;
  white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
th a { color: inherit; }
.state-ALIVE { color: #127c36; } .state-DEAD { color: #b3261e; }
.state-RESTARTING, .state-PENDING_CREATION { color: #9a6200; }
.cause { white-space: normal; max-width: 28em; color: #555; }
form { display: flex; gap: 8px; flex-wrap: wrap; align-items: end; }
form label { display: flex; flex-direction: column; font-size: 12px; color: #555; }
.charts { display: flex; gap: 12px; flex-wrap: wrap; margin-bottom: 16px; }
svg.chart { background: #fff; border: 1px solid #e3e6eb; font-size: 10px; }
svg.chart .axis { stroke: #888; }
svg.chart .bar { fill: #4a7bd0; }
svg.chart .line { stroke: #4a7bd0; stroke-width: 1.5; }
.bar-bg { background: #e3e6eb; width: 160px; height: 10px; display: inline-block; }
.bar-fg { background: #4a7bd0; height: 10px; display: block; }
.pager { display: flex; gap: 12px; }
.muted { color: #666; }
";

const LIVE_REFRESH: &str = "
setInterval(async () => {
  const live = document.getElementById('live');
  if (!live || document.hidden) return;
  try {
    const response = await fetch(location.href, { credentials: 'same-origin' });
    if (!response.ok) return;
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    const fresh = page.getElementById('live');
    if (fresh) live.replaceWith(fresh);
  } catch (_) {}
}, 2000);
";

/// A whole page titled `title` around `body`.
pub(super) fn page(title: &str, body: Markup) -> Html<String> {
    Html(
        html! {
            (DOCTYPE)
            html lang="en" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (title) " · actor-core dashboard" }
                    style { (PreEscaped(STYLE)) }
                }
                body {
                    header {
                        strong { "actor-core" }
                        a href="/" { "Overview" }
                        a href="/actors" { "Actors" }
                        a href="/tasks" { "Tasks" }
                        a href="/metrics" { "Metrics" }
                    }
                    main {
                        h1 { (title) }
                        (body)
                    }
                    script { (PreEscaped(LIVE_REFRESH)) }
                }
            }
        }
        .into_string(),
    )
}

/// An error page: `status`, with `message` saying what is wrong.
pub(super) fn error_page(status: StatusCode, message: &str) -> Response {
    let title = status.canonical_reason().unwrap_or("Error");
    (status, page(title, html! { p { (message) } })).into_response()
}
