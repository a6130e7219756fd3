//! What every page template shares: rendering, and the form-field errors the
//! error summary and the fields show. Imports only the error leaf.

use askama::Template;
use axum::response::Html;

use crate::error::AppError;

/// A problem with one form field, shown beside it and in the error summary.
#[derive(Debug)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> FieldError {
        FieldError {
            field,
            message: message.into(),
        }
    }
}

/// The message for `field`, if it has one.
pub fn field_error<'a>(errors: &'a [FieldError], field: &str) -> Option<&'a str> {
    errors
        .iter()
        .find(|error| error.field == field)
        .map(|error| error.message.as_str())
}

pub fn render(page: &impl Template) -> Result<Html<String>, AppError> {
    Ok(Html(page.render()?))
}

/// [`render`] for a page that carries `carried` bytes of HTML rendered
/// earlier: room for them is made at once, where growing the page as it is
/// written would copy a large page over and over.
pub fn render_with_room<T: Template>(page: &T, carried: usize) -> Result<Html<String>, AppError> {
    let mut html = String::with_capacity(carried + T::SIZE_HINT);
    page.render_into(&mut html)?;
    Ok(Html(html))
}
