//! The Storage service's response models: `bucket` and `file` (models.md).

use serde_json::{json, Value};

use crate::store::storage::{BucketRecord, FileRecord};

fn permission_strings(perms: &[crate::permissions::Permission]) -> Vec<String> {
    perms.iter().map(ToString::to_string).collect()
}

/// `total_size` is the bucket's `totalSize`: the bytes its files occupy on disk.
pub fn bucket(b: &BucketRecord, total_size: i64) -> Value {
    json!({
        "$id": b.id,
        "$createdAt": b.created_at,
        "$updatedAt": b.updated_at,
        "$permissions": permission_strings(&b.permissions),
        "fileSecurity": b.file_security,
        "name": b.name,
        "enabled": b.enabled,
        "maximumFileSize": b.maximum_file_size,
        "allowedFileExtensions": b.allowed_file_extensions,
        "compression": b.compression,
        "encryption": b.encryption,
        "antivirus": b.antivirus,
        "transformations": b.transformations,
        "totalSize": total_size,
    })
}

pub fn file(f: &FileRecord) -> Value {
    json!({
        "$id": f.id,
        "bucketId": f.bucket_id,
        "$createdAt": f.created_at,
        "$updatedAt": f.updated_at,
        "$permissions": permission_strings(&f.permissions),
        "name": f.name,
        "signature": f.signature,
        "mimeType": f.mime_type,
        "sizeOriginal": f.size_original,
        "chunksTotal": f.chunks_total,
        "chunksUploaded": f.chunks_uploaded,
        "encryption": f.encryption,
        "compression": f.compression,
        "sizeActual": f.size_actual,
    })
}
