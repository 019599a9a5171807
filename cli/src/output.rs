//! The pieces every command shares to turn the dashboard's JSON into output.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::CliError;

/// `value` read as a `T`; an error names the `path` it came from.
pub(crate) fn parse<T: DeserializeOwned>(path: &str, value: Value) -> Result<T, CliError> {
    serde_json::from_value(value).map_err(|error| CliError::BadAnswer {
        path: path.to_owned(),
        detail: error.to_string(),
    })
}

/// `value` as indented JSON, ending with a newline.
pub(crate) fn json_text(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string());
    text.push('\n');
    text
}
