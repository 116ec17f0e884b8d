//! pydantic's `HttpUrl`: an absolute http(s) URL with a host, at most 2,083 bytes as written,
//! parsed and normalized by the `url` crate (WHATWG rules, IDNA), which is what pydantic-core uses.

use url::Url;

use crate::validate::error::{expected_repr, ErrorKind};
use crate::validate::input::Input;

/// `HttpUrl`'s length limit. pydantic-core compares it with the UTF-8 length of the input
/// string before parsing (so 2,083 characters of `é` are too long).
pub const MAX_URL_LENGTH: usize = 2083;

const SCHEMES: [&str; 2] = ["http", "https"];

/// The URL as the API serializes it (`str(HttpUrl(...))`), or the error it answers.
pub(crate) fn http_url(input: &Input) -> Result<String, ErrorKind> {
    let text = input.string().ok_or(ErrorKind::UrlType)?;
    if text.len() > MAX_URL_LENGTH {
        return Err(ErrorKind::UrlTooLong { max_length: MAX_URL_LENGTH });
    }
    if text.is_empty() {
        return Err(ErrorKind::UrlParsing { error: "input is empty".to_owned() });
    }
    let url = Url::parse(&text).map_err(|e| ErrorKind::UrlParsing { error: e.to_string() })?;
    if !SCHEMES.contains(&url.scheme()) {
        return Err(ErrorKind::UrlScheme { expected_schemes: expected_repr(SCHEMES) });
    }
    if !url.has_host() {
        return Err(ErrorKind::UrlParsing { error: url::ParseError::EmptyHost.to_string() });
    }
    Ok(url.into())
}
