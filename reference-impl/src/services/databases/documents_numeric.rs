//! Increment and decrement a numeric attribute in place. Appwrite 1.9.6
//! `Documents/Attribute/{Increment,Decrement}.php`: a bound that would be crossed is 400
//! `attribute_limit_exceeded`, a non-numeric attribute 400 `attribute_type_invalid`. The
//! change is one SQL statement under the connection lock, so concurrent calls never lose
//! an update.

use axum::response::Response;
use serde_json::Value;

use super::access::Caller;
use super::documents::{render, WRITE};
use super::transactions::{stage, transaction_param, with_defaults, Write};
use super::with_id;
use crate::catalogue;
use crate::context::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::params::Params;
use crate::path::PathParams;
use crate::permissions::Action;
use crate::respond;
use crate::store::databases::documents as docs;
use crate::store::databases::schema::AttrType;

type Path = (String, String, String, String);

fn number(params: &Params, name: &str) -> ApiResult<Option<f64>> {
    match params.raw(name)? {
        None => Ok(None),
        Some(Value::Number(n)) => Ok(n.as_f64()),
        Some(Value::String(s)) => s
            .trim()
            .parse::<f64>()
            .map(Some)
            .map_err(|_| ApiError::argument(format!("Invalid `{name}` param: Value must be a valid number"))),
        Some(_) => Err(ApiError::argument(format!("Invalid `{name}` param: Value must be a valid number"))),
    }
}

pub async fn increment(ctx: Ctx, PathParams(path): PathParams<Path>, params: Params) -> ApiResult<Response> {
    change(ctx, path, params, 1.0, "max", "increment").await
}

pub async fn decrement(ctx: Ctx, PathParams(path): PathParams<Path>, params: Params) -> ApiResult<Response> {
    change(ctx, path, params, -1.0, "min", "decrement").await
}

async fn change(
    ctx: Ctx,
    (database_id, collection_id, document_id, attribute): Path,
    params: Params,
    sign: f64,
    bound_name: &'static str,
    action: &'static str,
) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let value = number(&params, "value")?.unwrap_or(1.0);
    if value <= 0.0 {
        return Err(ApiError::argument("Invalid `value` param: Value must be a number greater than 0"));
    }
    let bound = number(&params, bound_name)?;
    if let Some(transaction_id) = transaction_param(&params)? {
        let data = serde_json::json!({"attribute": attribute, "value": value, bound_name: bound});
        let write = Write {
            transaction_id,
            database_id: database_id.clone(),
            collection_id: collection_id.clone(),
            action,
            document_id: Some(document_id.clone()),
            data,
        };
        stage(&ctx, write).await?;
        let echo = serde_json::json!({"$id": document_id, "$collectionId": collection_id, "$databaseId": database_id, attribute: value});
        return Ok(respond::ok(with_defaults(echo.as_object().cloned().unwrap_or_default())));
    }
    let caller = Caller::of(&ctx.principal);
    let body = ctx
        .state
        .db
        .call(move |conn| {
            let loaded = super::collection(conn, &database_id, &collection_id, caller.key)?;
            let attr = loaded
                .attrs
                .iter()
                .find(|a| a.key == attribute)
                .cloned()
                .ok_or_else(|| with_id(catalogue::ATTRIBUTE_NOT_FOUND, &attribute))?;
            if !matches!(attr.kind, AttrType::Integer | AttrType::Float) || attr.array {
                return Err(ApiError::with_message(
                    catalogue::ATTRIBUTE_TYPE_INVALID,
                    format!("databases \"{attribute}\" is not a number"),
                ));
            }
            if attr.kind == AttrType::Integer && value.fract() != 0.0 {
                return Err(ApiError::argument("Invalid `value` param: Value must be an integer for an integer attribute"));
            }
            let doc = docs::get(conn, loaded.collection.seq, &loaded.attrs, &document_id)?
                .ok_or_else(|| with_id(catalogue::DOCUMENT_NOT_FOUND, &document_id))?;
            caller.require(&loaded.collection, &doc.permissions, Action::Update)?;
            let current = doc.data.get(&attribute).and_then(Value::as_f64).unwrap_or(0.0);
            let next = current + sign * value;
            let crosses = match bound {
                Some(b) if sign > 0.0 => next > b,
                Some(b) => next < b,
                None => false,
            };
            if crosses {
                let which = if sign > 0.0 { "maximum" } else { "minimum" };
                return Err(ApiError::with_message(
                    catalogue::ATTRIBUTE_LIMIT_EXCEEDED,
                    format!("databases \"{attribute}\" has reached the {which} value of {}", bound.unwrap_or_default()),
                ));
            }
            // The attribute's own range still holds (Appwrite's structure check).
            let outside = attr.min.as_f64().is_some_and(|lo| next < lo) || attr.max.as_f64().is_some_and(|hi| next > hi);
            if outside {
                return Err(ApiError::with_message(
                    catalogue::ATTRIBUTE_LIMIT_EXCEEDED,
                    format!("databases \"{attribute}\" would leave its range"),
                ));
            }
            docs::add_to(conn, loaded.collection.seq, &attr, doc.seq, sign * value, &crate::time::now())?;
            let fresh = docs::get(conn, loaded.collection.seq, &loaded.attrs, &document_id)?
                .ok_or_else(|| with_id(catalogue::DOCUMENT_NOT_FOUND, &document_id))?;
            Ok(render(&loaded, &fresh))
        })
        .await?;
    Ok(respond::ok(body))
}
