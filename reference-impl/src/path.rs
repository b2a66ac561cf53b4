//! Path parameters whose extraction failures (bad percent-encoding) are Appwrite-shaped
//! 400s instead of axum's plain-text rejections, and whose resource IDs are checked the way
//! Appwrite's `UID` validator checks every `…Id` route param: a malformed ID is a 400
//! `general_argument_invalid`, never a lookup that ends in a 404.

use axum::extract::{FromRequestParts, Path, RawPathParams};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

pub struct PathParams<T>(pub T);

impl<S, T> FromRequestParts<S> for PathParams<T>
where
    S: Send + Sync,
    T: DeserializeOwned + Send,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let invalid = |text: String| ApiError::argument(format!("Invalid path parameter: {text}"));
        let raw = RawPathParams::from_request_parts(parts, state).await.map_err(|rejection| invalid(rejection.body_text()))?;
        for (name, value) in &raw {
            if name.ends_with("Id") {
                crate::ids::existing(name, value)?;
            }
        }
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(value)| PathParams(value))
            .map_err(|rejection| invalid(rejection.body_text()))
    }
}
