//! The token rule: when `ACTOR_CORE_DASHBOARD_TOKEN` is set, every request carries it, as
//! `Authorization: Bearer TOKEN`, as `?token=TOKEN`, or in the cookie a page sets after a
//! request with `?token=` (so that a browser's links and live refreshes carry it too).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::api::error_response;

/// The cookie that carries the token for a browser.
const COOKIE: &str = "actor_core_dashboard_token";

/// Who may read the dashboard: anyone who reaches it, or those who know the token.
#[derive(Clone, Debug)]
pub(super) struct Access {
    token: Option<Arc<str>>,
}

impl Access {
    /// Everyone when `token` is `None`, else only the requests that carry `token`.
    pub(super) fn new(token: Option<String>) -> Self {
        Self {
            token: token.map(Arc::from),
        }
    }
}

/// Lets the request through if it carries the token (or none is needed); answers 401
/// otherwise.
pub(super) async fn require_token(
    State(access): State<Access>,
    request: Request,
    next: Next,
) -> Response {
    let Some(token) = access.token.as_deref() else {
        return next.run(request).await;
    };
    let from_query = query_token(request.uri()).is_some_and(|given| same(&given, token));
    if from_query || header_token(request.headers()).is_some_and(|given| same(given, token)) {
        let mut response = next.run(request).await;
        if from_query {
            let cookie = format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict");
            if let Ok(cookie) = HeaderValue::from_str(&cookie) {
                response.headers_mut().append(header::SET_COOKIE, cookie);
            }
        }
        return response;
    }
    let mut response = error_response(
        StatusCode::UNAUTHORIZED,
        "this dashboard needs its token: send `Authorization: Bearer TOKEN` or add \
         `?token=TOKEN` (the value of ACTOR_CORE_DASHBOARD_TOKEN)",
    )
    .into_response();
    response
        .headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}

/// The value of `token=` in the query string, decoded.
fn query_token(uri: &Uri) -> Option<String> {
    let Query(mut params) = Query::<HashMap<String, String>>::try_from_uri(uri).ok()?;
    params.remove("token")
}

/// The token of a bearer `Authorization` header, else of the dashboard's cookie.
fn header_token(headers: &HeaderMap) -> Option<&str> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    bearer.or_else(|| {
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|cookies| cookies.split(';'))
            .find_map(|cookie| cookie.trim().strip_prefix(COOKIE)?.strip_prefix('='))
    })
}

/// Whether `given` is `token`, compared in a time that does not depend on where they
/// first differ.
fn same(given: &str, token: &str) -> bool {
    given.len() == token.len()
        && given
            .bytes()
            .zip(token.bytes())
            .fold(0, |differ, (a, b)| differ | (a ^ b))
            == 0
}
