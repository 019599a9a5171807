//! The HTTP side: GET a path of the dashboard's JSON API, with the token, and say clearly why
//! it failed.
//!
//! The client is `ureq` without its default features: the dashboard speaks plain HTTP on a
//! local address, so the CLI needs neither TLS nor an async runtime, and a blocking client
//! with few dependencies keeps the binary small.

use std::time::Duration;

use serde_json::Value;
use ureq::Agent;

use crate::error::CliError;

/// How long a request may take in all before the CLI gives up.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The largest answer read (a page of 1,000 actors is well under a megabyte).
const MAX_BODY_BYTES: u64 = 64 * 1024 * 1024;

/// A connection to one dashboard.
#[derive(Debug)]
pub(crate) struct Dashboard {
    agent: Agent,
    base: String,
    token: Option<String>,
}

impl Dashboard {
    /// The dashboard at `address` (`http://host:port`, or `host:port`), asked with `token`.
    pub(crate) fn new(address: &str, token: Option<String>) -> Self {
        let address = address.trim().trim_end_matches('/');
        let base = if address.contains("://") {
            address.to_owned()
        } else {
            format!("http://{address}")
        };
        let config = Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(REQUEST_TIMEOUT))
            // The dashboard is local or reached directly: a proxy set for the web would
            // only stand in the way (and see the token).
            .proxy(None)
            .build();
        Self {
            agent: config.into(),
            base,
            token: token.filter(|token| !token.is_empty()),
        }
    }

    /// The JSON at `path` (which starts with `/`) with the parameters `query`, which this
    /// encodes.
    pub(crate) fn get(&self, path: &str, query: &[(&str, String)]) -> Result<Value, CliError> {
        let url = format!("{}{path}", self.base);
        let mut request = self
            .agent
            .get(&url)
            .query_pairs(query.iter().map(|(k, v)| (k, v)));
        if let Some(token) = &self.token {
            request = request.header("Authorization", &format!("Bearer {token}"));
        }
        let mut response = request.call().map_err(|error| CliError::Unreachable {
            address: self.base.clone(),
            detail: error.to_string(),
        })?;
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY_BYTES)
            .read_to_string()
            .map_err(|error| CliError::Unreachable {
                address: self.base.clone(),
                detail: format!("the answer broke off: {error}"),
            })?;
        match status {
            200 => serde_json::from_str(&body).map_err(|error| CliError::BadAnswer {
                path: url,
                detail: error.to_string(),
            }),
            401 if self.token.is_none() => Err(CliError::TokenMissing {
                address: self.base.clone(),
            }),
            401 => Err(CliError::TokenRefused {
                address: self.base.clone(),
            }),
            _ => Err(CliError::Status {
                url,
                status,
                message: error_message(&body),
            }),
        }
    }
}

/// The `error` field of a JSON error body, else the body itself.
fn error_message(body: &str) -> String {
    serde_json::from_str::<Value>(body)
        .ok()
        .and_then(|value| value.get("error")?.as_str().map(str::to_owned))
        .unwrap_or_else(|| body.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_without_a_scheme_is_http_and_loses_its_trailing_slash() {
        assert_eq!(
            Dashboard::new("127.0.0.1:8265/", None).base,
            "http://127.0.0.1:8265"
        );
        assert_eq!(
            Dashboard::new("http://[::1]:80", None).base,
            "http://[::1]:80"
        );
    }

    #[test]
    fn an_empty_token_counts_as_none() {
        assert_eq!(Dashboard::new("x:1", Some(String::new())).token, None);
    }

    #[test]
    fn the_error_field_of_a_json_body_is_the_message() {
        assert_eq!(
            error_message(r#"{"error": "no actor 1.2"}"#),
            "no actor 1.2"
        );
        assert_eq!(error_message(" plain text \n"), "plain text");
    }
}
