//! Load profiles: `scenarios/<name>.toml`, what one `conform load` run does.
//!
//! Unknown keys are refused (`deny_unknown_fields`) so a misspelt setting cannot silently
//! fall back to a default; every error names the file and the field.

use anyhow::Context;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Output formats the preview route accepts (Appwrite's `output` enum) that we can check.
pub const PREVIEW_OUTPUTS: &[&str] = &["jpg", "jpeg", "png", "gif", "webp", "avif"];

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// One line saying what the profile measures; shown in reports.
    pub description: String,
    #[serde(default)]
    pub run: RunSection,
    #[serde(default)]
    pub bucket: BucketSection,
    #[serde(default)]
    pub sample: SampleSection,
    pub upload: Option<UploadSection>,
    pub preview: Option<PreviewSection>,
    pub ping: Option<PingSection>,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields, default)]
pub struct RunSection {
    /// Closed model: this many users, each starting its next transaction when the last ends.
    pub users: usize,
    /// Open model: transactions started per second on a fixed schedule (overrides `users`).
    pub rate: Option<f64>,
    /// How long the measured phase lasts; exclusive with `iterations`.
    pub duration: Option<Span>,
    /// How many transactions the measured phase runs in all; exclusive with `duration`.
    pub iterations: Option<u64>,
    /// Unrecorded load before the measured phase (warms connections and the server's caches).
    pub warmup: Span,
    /// Open model: at most this many transactions in flight; later ones start late (and are counted late).
    pub max_in_flight: usize,
    /// One request may take this long before it counts as an error.
    pub request_timeout: Span,
}

impl Default for RunSection {
    fn default() -> Self {
        RunSection {
            users: 4,
            rate: None,
            duration: None,
            iterations: None,
            warmup: Span(Duration::from_secs(2)),
            max_in_flight: 256,
            request_timeout: Span(Duration::from_secs(60)),
        }
    }
}

/// The bucket setup creates for the run (and teardown deletes).
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields, default)]
pub struct BucketSection {
    /// Appwrite's `compression`: none, gzip or zstd.
    pub compression: String,
    pub encryption: bool,
    pub antivirus: bool,
}

impl Default for BucketSection {
    fn default() -> Self {
        BucketSection { compression: "none".into(), encryption: false, antivirus: false }
    }
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields, default)]
pub struct SampleSection {
    /// Percentage of uploads downloaded again and compared by SHA-256.
    pub uploads_percent: f64,
    /// Percentage of previews decoded and checked for format and dimensions.
    pub previews_percent: f64,
}

impl Default for SampleSection {
    fn default() -> Self {
        SampleSection { uploads_percent: 5.0, previews_percent: 5.0 }
    }
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct UploadSection {
    /// Relative share of transactions in a mixed profile.
    #[serde(default = "one")]
    pub weight: u32,
    /// Size of every uploaded file, e.g. "12MiB".
    pub file_size: ByteSize,
    /// Bytes per request. Appwrite files chunk `start / 5 MiB` wherever it says it starts, so
    /// against Appwrite (and the bundled server, which refuses ranges off that grid) only
    /// 5 MiB works; other sizes are for servers of one's own. Files no larger than this go
    /// in one request.
    #[serde(default = "five_mib")]
    pub chunk_size: ByteSize,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct PreviewSection {
    #[serde(default = "one")]
    pub weight: u32,
    /// The source image setup uploads (a PNG generated in code).
    pub source_width: u32,
    pub source_height: u32,
    /// Requested size; both set means an exact crop to width × height, 0 keeps the aspect ratio.
    pub width: u32,
    pub height: u32,
    /// Output formats, used in turn; latency is reported per format.
    pub outputs: Vec<String>,
    #[serde(default = "quality")]
    pub quality: u32,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct PingSection {
    #[serde(default = "one")]
    pub weight: u32,
}

fn one() -> u32 {
    1
}
fn five_mib() -> ByteSize {
    ByteSize(5 * 1024 * 1024)
}
fn quality() -> u32 {
    80
}

/// A byte count written as an integer or with a unit: "512KiB", "5MiB", "1GB".
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ByteSize(pub u64);

/// A duration written as "500ms", "20s", "2m" or "1h".
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span(pub Duration);

impl<'de> Deserialize<'de> for ByteSize {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Int(u64),
            Text(String),
        }
        match Raw::deserialize(d)? {
            Raw::Int(n) => Ok(ByteSize(n)),
            Raw::Text(s) => parse_size(&s).map(ByteSize).map_err(serde::de::Error::custom),
        }
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        parse_span(&s).map(Span).map_err(serde::de::Error::custom)
    }
}

pub fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (digits, unit) = s.split_at(split);
    let n: u64 = digits.parse().map_err(|_| format!("{s:?} is not a size such as 512KiB, 5MiB or 1048576"))?;
    let factor: u64 = match unit.trim() {
        "" | "B" => 1,
        "KiB" => 1 << 10,
        "MiB" => 1 << 20,
        "GiB" => 1 << 30,
        "KB" | "kB" => 1_000,
        "MB" => 1_000_000,
        "GB" => 1_000_000_000,
        other => return Err(format!("unknown size unit {other:?} in {s:?} (use B, KiB, MiB, GiB, KB, MB or GB)")),
    };
    n.checked_mul(factor).ok_or_else(|| format!("{s:?} is too large"))
}

pub fn parse_span(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(s.len());
    let (number, unit) = s.split_at(split);
    let n: f64 = number.parse().map_err(|_| format!("{s:?} is not a duration such as 500ms, 20s or 2m"))?;
    let seconds = match unit {
        "ms" => n / 1000.0,
        "s" => n,
        "m" => n * 60.0,
        "h" => n * 3600.0,
        _ => return Err(format!("{s:?} needs a unit: ms, s, m or h")),
    };
    Ok(Duration::from_secs_f64(seconds))
}

impl Profile {
    /// `name` is a file path, or the name of a profile in `scenarios/` (`chunked-upload`).
    pub fn load(name: &str) -> anyhow::Result<(Profile, PathBuf)> {
        let path = resolve(name)?;
        let text = std::fs::read_to_string(&path).with_context(|| format!("reading load profile {}", path.display()))?;
        let profile = Profile::parse(&text).with_context(|| format!("load profile {}", path.display()))?;
        Ok((profile, path))
    }

    pub fn parse(text: &str) -> anyhow::Result<Profile> {
        let profile: Profile = toml::from_str(text)?;
        profile.validate()?;
        Ok(profile)
    }

    fn validate(&self) -> anyhow::Result<()> {
        anyhow::ensure!(
            self.upload.is_some() || self.preview.is_some() || self.ping.is_some(),
            "the profile runs nothing: add an [upload], [preview] or [ping] table"
        );
        let run = &self.run;
        anyhow::ensure!(run.users >= 1, "run.users must be at least 1");
        if let Some(rate) = run.rate {
            anyhow::ensure!(rate.is_finite() && rate > 0.0, "run.rate must be a positive number of transactions per second");
        }
        anyhow::ensure!(
            !(run.duration.is_some() && run.iterations.is_some()),
            "run.duration and run.iterations exclude each other: the measured phase ends by time or by count"
        );
        anyhow::ensure!(run.iterations != Some(0), "run.iterations must be at least 1");
        anyhow::ensure!(run.max_in_flight >= 1, "run.max_in_flight must be at least 1");
        anyhow::ensure!(
            ["none", "gzip", "zstd"].contains(&self.bucket.compression.as_str()),
            "bucket.compression must be none, gzip or zstd, got {:?}",
            self.bucket.compression
        );
        for (field, value) in
            [("sample.uploads_percent", self.sample.uploads_percent), ("sample.previews_percent", self.sample.previews_percent)]
        {
            anyhow::ensure!((0.0..=100.0).contains(&value), "{field} must be between 0 and 100, got {value}");
        }
        if let Some(upload) = &self.upload {
            anyhow::ensure!(upload.weight >= 1, "upload.weight must be at least 1");
            anyhow::ensure!(upload.file_size.0 >= 1, "upload.file_size must be at least 1 byte");
            anyhow::ensure!(upload.chunk_size.0 >= 1, "upload.chunk_size must be at least 1 byte");
        }
        if let Some(preview) = &self.preview {
            anyhow::ensure!(preview.weight >= 1, "preview.weight must be at least 1");
            anyhow::ensure!(
                (1..=16_000).contains(&preview.source_width) && (1..=16_000).contains(&preview.source_height),
                "preview.source_width and preview.source_height must be between 1 and 16000"
            );
            anyhow::ensure!(
                preview.width <= preview.source_width && preview.height <= preview.source_height,
                "preview.width and preview.height must not exceed the source image ({}×{})",
                preview.source_width,
                preview.source_height
            );
            anyhow::ensure!(!preview.outputs.is_empty(), "preview.outputs must name at least one format");
            for output in &preview.outputs {
                anyhow::ensure!(
                    PREVIEW_OUTPUTS.contains(&output.as_str()),
                    "preview.outputs: unknown format {output:?} (known: {})",
                    PREVIEW_OUTPUTS.join(", ")
                );
            }
            anyhow::ensure!(preview.quality <= 100, "preview.quality must be 0–100");
        }
        if let Some(ping) = &self.ping {
            anyhow::ensure!(ping.weight >= 1, "ping.weight must be at least 1");
        }
        Ok(())
    }
}

/// A path as given, else `scenarios/<name>.toml` here, else the one conform was built with.
fn resolve(name: &str) -> anyhow::Result<PathBuf> {
    let given = Path::new(name);
    if given.is_file() {
        return Ok(given.to_path_buf());
    }
    let file = if name.ends_with(".toml") { name.to_string() } else { format!("{name}.toml") };
    let candidates = [PathBuf::from("scenarios").join(&file), Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(&file)];
    candidates.iter().find(|p| p.is_file()).cloned().ok_or_else(|| {
        let known = list_profiles().join(", ");
        anyhow::anyhow!("no load profile {name:?}: not a file, and not in scenarios/ (known: {known})")
    })
}

/// Names of the profiles in `scenarios/`, for error messages and `--help`.
pub fn list_profiles() -> Vec<String> {
    let dir =
        if Path::new("scenarios").is_dir() { PathBuf::from("scenarios") } else { Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios") };
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter_map(|e| e.file_name().to_str().and_then(|n| n.strip_suffix(".toml")).map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_spans_parse_with_units() {
        assert_eq!(parse_size("5MiB").unwrap(), 5 * 1024 * 1024);
        assert_eq!(parse_size("1000").unwrap(), 1000);
        assert_eq!(parse_size("2KB").unwrap(), 2000);
        assert!(parse_size("5 parsecs").is_err());
        assert_eq!(parse_span("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse_span("2m").unwrap(), Duration::from_secs(120));
        assert!(parse_span("20").is_err());
    }

    #[test]
    fn unknown_fields_are_refused_by_name() {
        let err = Profile::parse("description = \"x\"\n[ping]\nwieght = 2\n").unwrap_err();
        assert!(format!("{err:#}").contains("wieght"), "{err:#}");
        let err = Profile::parse("description = \"x\"\n[run]\nduration = \"1s\"\niterations = 3\n[ping]\n").unwrap_err();
        assert!(format!("{err:#}").contains("exclude"), "{err:#}");
    }

    #[test]
    fn shipped_profiles_are_valid() {
        for name in ["chunked-upload", "preview", "mixed", "ping"] {
            Profile::load(name).unwrap_or_else(|e| panic!("{name}: {e:#}"));
        }
    }
}
