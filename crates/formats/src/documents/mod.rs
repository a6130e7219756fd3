//! Tables from published plan documents.
