//! getFilePreview: an image file rendered with the requested transformations (the
//! `preview` module does the pixels); a file that is no image renders this server's file
//! icon instead, as Appwrite renders one of its logos. Appwrite 1.9.x `Files/Preview/Get.php`.

use axum::http::header::{self, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::content::{readable_stored_file, READ};
use super::{icon, storage_error};
use crate::catalogue;
use crate::context::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::params::Params;
use crate::path::PathParams;
use crate::preview::{self, Gravity, OutputFormat, PreviewError, PreviewParams, Rgb};
use crate::store::storage::BucketRecord;

/// MIME types rendered from the file itself (`app/config/storage/inputs.php`).
const INPUTS: &[&str] = &["image/jpeg", "image/png", "image/heic", "image/webp", "image/gif", "image/avif"];

/// Larger files preview as the icon (`_APP_STORAGE_PREVIEW_LIMIT`, 20 MB by default).
const PREVIEW_LIMIT: i64 = 20_000_000;

/// The background Appwrite gives its logos when none is asked for.
const ICON_BACKGROUND: Rgb = Rgb([0xec, 0xef, 0xf1]);

/// The query parameters, validated as Appwrite's route declares them.
struct Requested {
    params: PreviewParams,
    /// `None`: decide from the file (its name's extension, else its MIME type).
    output: Option<OutputFormat>,
}

fn whitelist_error(name: &str, allowed: &[&str]) -> ApiError {
    ApiError::argument(format!("Invalid `{name}` param: Value must be one of ({})", allowed.join(", ")))
}

fn colour(params: &Params, name: &str) -> ApiResult<Option<Rgb>> {
    match params.text(name, 16)? {
        None => Ok(None),
        Some(value) if value.is_empty() => Ok(None),
        Some(value) => Rgb::parse_hex(&value)
            .map(Some)
            .ok_or_else(|| ApiError::argument(format!("Invalid `{name}` param: Value must be a valid hex color code"))),
    }
}

fn opacity(params: &Params) -> ApiResult<f32> {
    let invalid = || ApiError::argument("Invalid `opacity` param: Value must be a valid range between 0 and 1");
    let value = match params.raw("opacity")? {
        None => return Ok(1.0),
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) => s.trim().parse::<f64>().ok(),
        Some(_) => None,
    };
    match value {
        Some(v) if (0.0..=1.0).contains(&v) => Ok(v as f32),
        _ => Err(invalid()),
    }
}

fn requested(params: &Params) -> ApiResult<Requested> {
    let int = |name: &str, min: i64, max: i64, default: i64| -> ApiResult<i64> { Ok(params.int(name, min, max)?.unwrap_or(default)) };
    let gravity = match params.text("gravity", 32)? {
        None => Gravity::Center,
        Some(value) => Gravity::parse(&value).ok_or_else(|| whitelist_error("gravity", &Gravity::ALL))?,
    };
    let output = match params.text("output", 16)?.filter(|v| !v.is_empty()) {
        None => None,
        Some(value) => match OutputFormat::parse(&value) {
            Some(format) => Some(format),
            None if value == "heic" => {
                return Err(ApiError::argument("Invalid `output` param: this server does not encode HEIC; use jpg, png, gif, webp or avif"))
            }
            None => return Err(whitelist_error("output", &["jpg", "jpeg", "png", "webp", "heic", "avif", "gif"])),
        },
    };
    let quality = int("quality", -1, 100, -1)?;
    Ok(Requested {
        params: PreviewParams {
            width: int("width", 0, 4000, 0)? as u32,
            height: int("height", 0, 4000, 0)? as u32,
            gravity,
            quality: u8::try_from(quality).ok(),
            border_width: int("borderWidth", 0, 100, 0)? as u32,
            border_color: colour(params, "borderColor")?,
            border_radius: int("borderRadius", 0, 4000, 0)? as u32,
            opacity: opacity(params)?,
            rotation: int("rotation", -360, 360, 0)? as i32,
            background: colour(params, "background")?,
            output: OutputFormat::Jpeg,
        },
        output,
    })
}

pub async fn preview(ctx: Ctx, PathParams((bucket_id, file_id)): PathParams<(String, String)>, params: Params) -> ApiResult<Response> {
    ctx.guard(&READ, &params)?;
    let Requested { params: mut render, output } = requested(&params)?;
    let is_key = ctx.principal.is_key();
    let transformations_allowed = move |bucket: &BucketRecord| {
        if bucket.transformations || is_key {
            Ok(())
        } else {
            Err(ApiError::new(catalogue::STORAGE_BUCKET_TRANSFORMATIONS_DISABLED))
        }
    };
    let (file, key) = readable_stored_file(&ctx, bucket_id, file_id, &params, transformations_allowed).await?;
    let renders_itself = INPUTS.contains(&file.mime_type.as_str()) && file.size_actual <= PREVIEW_LIMIT;
    let source = if renders_itself {
        render.output = output.unwrap_or_else(|| OutputFormat::default_for(&file.name, &file.mime_type));
        ctx.state.storage.read(&key).await.map_err(storage_error)?
    } else {
        render.output = output.unwrap_or(OutputFormat::Png);
        render.background = render.background.or(Some(ICON_BACKGROUND));
        icon::file_icon().to_vec()
    };
    let rendered = tokio::task::spawn_blocking(move || preview::render(&source, &render)).await.map_err(ApiError::internal)?;
    let (bytes, mime) = match rendered {
        Ok(done) => done,
        Err(PreviewError::Decode(detail)) => return Err(ApiError::with_message(catalogue::STORAGE_FILE_TYPE_UNSUPPORTED, detail)),
        Err(other) => return Err(ApiError::internal(other)),
    };
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=2592000"));
    Ok(response)
}
