//! Typed `multipart/form-data` bodies (the `multipart` part): a generated form type adds its
//! properties to a [`Multipart`] as the spec's `encoding` says: binary properties as file parts
//! ([`FilePart`]: bytes, a stream or a file, with a file name), arrays of them as repeated parts
//! of one name, scalars as text parts, objects as JSON parts. A raw `reqwest` form converts into
//! a [`Multipart`] as well. Never takes a path: a file is opened by the caller, so the same API
//! works where there is no file system (WebAssembly).

use std::fmt;

use reqwest::multipart::{Form, Part};
use serde::Serialize;

use super::encoding::EncodeError;
use super::stream::UploadBody;

/// One file of a multipart body: its content (bytes, a stream or a file), a file name, and a
/// content type that replaces the one the API documents for the part.
///
/// `Debug` shows the file name, the content type and the size, never the content.
#[derive(Debug)]
pub struct FilePart {
    body: UploadBody,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A part with this content, without a file name.
    pub fn new(body: impl Into<UploadBody>) -> Self {
        FilePart { body: body.into(), file_name: None, content_type: None }
    }

    /// Sets the file name (the `filename` of the part's `Content-Disposition`).
    #[must_use]
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Sets the part's `Content-Type`, instead of the one the API documents
    /// (`application/octet-stream` when it documents none).
    #[must_use]
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

impl<T: Into<UploadBody>> From<T> for FilePart {
    fn from(body: T) -> Self {
        FilePart::new(body)
    }
}

/// A `multipart/form-data` body being built. Errors (a value that does not serialize, a content
/// type that is not a valid header value) are kept and reported when the body is set on a
/// request.
pub struct Multipart {
    form: Result<Form, EncodeError>,
}

impl fmt::Debug for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Multipart").field("ok", &self.form.is_ok()).finish_non_exhaustive()
    }
}

impl Default for Multipart {
    fn default() -> Self {
        Self::new()
    }
}

impl From<Form> for Multipart {
    /// A raw form, sent as it is.
    fn from(form: Form) -> Self {
        Multipart { form: Ok(form) }
    }
}

impl Multipart {
    /// An empty body.
    pub fn new() -> Self {
        Multipart { form: Ok(Form::new()) }
    }

    fn add(self, make: impl FnOnce(Form) -> Result<Form, EncodeError>) -> Self {
        Multipart { form: self.form.and_then(make) }
    }

    /// Adds a file part named `name`; `content_type` is the API's (`encoding.contentType`), used
    /// unless the part sets its own.
    #[must_use]
    pub fn file(self, name: &str, part: FilePart, content_type: &str) -> Self {
        let name = name.to_string();
        self.add(|form| {
            let ct = part.content_type.as_deref().unwrap_or(content_type);
            let mut p = match part.body.into_parts() {
                Ok(bytes) => {
                    let len = bytes.len() as u64;
                    Part::stream_with_length(bytes, len)
                }
                Err(body) => Part::stream(body),
            };
            if let Some(file_name) = part.file_name {
                // File names are often end-user input: control characters (a CR or LF would
                // start a header line of its own in the part) become `_`.
                let file_name: String = file_name.chars().map(|c| if c.is_control() { '_' } else { c }).collect();
                p = p.file_name(file_name);
            }
            let p = p.mime_str(ct).map_err(|_| EncodeError::InvalidHeader(format!("Content-Type of part {name}")))?;
            Ok(form.part(name, p))
        })
    }

    /// Adds one file part named `name` per item (an array of binaries).
    #[must_use]
    pub fn files(self, name: &str, parts: impl IntoIterator<Item = FilePart>, content_type: &str) -> Self {
        parts.into_iter().fold(self, |form, part| form.file(name, part, content_type))
    }

    /// Adds a text part: a string as it is, a number or boolean as its JSON text, each item of an
    /// array as a part of its own; nothing for `null` (an unset `Option`). Objects are written as
    /// JSON text (use [`json`](Self::json) to label them).
    #[must_use]
    pub fn text<T: Serialize + ?Sized>(self, name: &str, value: &T) -> Self {
        let value = serde_json::to_value(value);
        self.add(|form| {
            let items = match value? {
                serde_json::Value::Array(items) => items,
                other => vec![other],
            };
            Ok(items.into_iter().fold(form, |form, item| match item {
                serde_json::Value::Null => form,
                serde_json::Value::String(s) => form.text(name.to_string(), s),
                other => form.text(name.to_string(), other.to_string()),
            }))
        })
    }

    /// Adds a JSON part with the given content type (`application/json`, or the API's
    /// `encoding.contentType`); nothing for `null`.
    #[must_use]
    pub fn json<T: Serialize + ?Sized>(self, name: &str, value: &T, content_type: &str) -> Self {
        let value = serde_json::to_vec(value);
        let name = name.to_string();
        self.add(|form| {
            let data = value?;
            if data == b"null" {
                return Ok(form);
            }
            let p = Part::bytes(data).mime_str(content_type).map_err(|_| EncodeError::InvalidHeader(format!("Content-Type of part {name}")))?;
            Ok(form.part(name, p))
        })
    }

    /// The form to send.
    pub(super) fn into_form(self) -> Result<Form, EncodeError> {
        self.form
    }
}
