//! The sized text types (varchar, text, mediumtext, longtext) and bigint: what their routes
//! take beyond the common params. Appwrite 1.9.6 `Attributes/{Varchar,Text,Mediumtext,
//! Longtext,BigInt}/{Create,Update}.php`: varchar's `size` is 1..16,381 characters, the other
//! text types have a fixed size (MariaDB's TEXT, MEDIUMTEXT, LONGTEXT limits), and all four
//! take `encrypt`; bigint is a 64-bit integer whose bounds default to the whole int64 range
//! (kept exactly: JSON integers, SQLite INTEGER, never a double in between).

use crate::catalogue;
use crate::error::{ApiError, ApiResult};
use crate::params::Params;
use crate::store::databases::schema::AttrType;

/// The largest varchar `size`.
pub const VARCHAR_MAX: i64 = 16_381;
/// `APP_DATABASE_ENCRYPT_SIZE_MIN`: encrypted values need room for the ciphertext.
const ENCRYPT_SIZE_MIN: i64 = 150;

/// The size a create request gives a text-family or bigint attribute (0 for other types).
pub fn create_size(params: &Params, kind: AttrType) -> ApiResult<i64> {
    Ok(match kind {
        AttrType::Varchar => params.int("size", 1, VARCHAR_MAX)?.ok_or_else(|| ApiError::argument("Param \"size\" is not optional."))?,
        AttrType::Text => 65_535,
        AttrType::Mediumtext => 16_777_215,
        AttrType::Longtext => 2_147_483_647,
        AttrType::BigInt => 8,
        _ => 0,
    })
}

/// `encrypt` (text family only). Encrypted varchars need room for the ciphertext.
pub fn encrypt_param(params: &Params, kind: AttrType, size: i64) -> ApiResult<bool> {
    if !matches!(kind, AttrType::Varchar | AttrType::Text | AttrType::Mediumtext | AttrType::Longtext) {
        return Ok(false);
    }
    let encrypt = params.bool("encrypt")?.unwrap_or(false);
    if encrypt && size < ENCRYPT_SIZE_MIN {
        return Err(ApiError::with_message(
            catalogue::GENERAL_BAD_REQUEST,
            format!("Size too small. Encrypted strings require a minimum size of {ENCRYPT_SIZE_MIN} characters."),
        ));
    }
    Ok(encrypt)
}

/// The integer types: bounds, defaults and values are exact 64-bit integers.
pub fn is_integer(kind: AttrType) -> bool {
    matches!(kind, AttrType::Integer | AttrType::BigInt)
}
