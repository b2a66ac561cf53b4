//! Preview renderer benchmark for the README (issue 18):
//!
//! ```text
//! cargo run --release -p conform-reference --example preview_bench
//! ```
//!
//! One job, done three ways on one CPU: turn `BENCH_IMAGES` (default 100) different 1024x1024
//! JPEGs on disk into 256 px wide WebP files at quality 80.
//!
//! (i)   conform-reference's `preview::render`, in this process: read, render, write each file.
//! (ii)  ImageMagick, ONE process for all images:
//!       `mogrify -limit thread 1 -path OUT -resize 256x -quality 80 -format webp *.jpg`
//!       with `MAGICK_THREAD_LIMIT=1`.
//! (iii) libvips, ONE process for all images:
//!       `vipsthumbnail --vips-concurrency=1 -s 256 -o OUT/%s.webp[Q=80] *.jpg` with
//!       `VIPS_CONCURRENCY=1` (it decodes JPEGs at reduced scale: shrink-on-load).
//!
//! The process pins itself to one CPU first and the tools inherit that, so no helper thread
//! (a tool's thread pool) can borrow the second core. Each tool's rate is the images over the
//! CPU time (user + system) it used, less its bare start-up (`-version` run alone; the start-up
//! is also amortised over all images); wall-clock rates are printed beside. The three run interleaved, `ROUNDS` times, and the
//! median round counts. Output size and PSNR against a Lanczos3 downscale of the original,
//! never-compressed pixels show that all three give comparable previews. A tool that is not
//! installed is reported on one line and skipped (`apt-get install -y imagemagick libvips-tools`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use conform_reference::preview::{render, OutputFormat, PreviewParams};
use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, RgbImage};
use rand::{Rng, SeedableRng};

const SIDE: u32 = 1024;
const PREVIEW_WIDTH: u32 = 256;
const QUALITY: u8 = 80;
const ROUNDS: usize = 3;

type BoxError = Box<dyn std::error::Error>;

fn main() -> Result<(), BoxError> {
    let images: usize = std::env::var("BENCH_IMAGES").ok().and_then(|v| v.parse().ok()).unwrap_or(100);
    let cpu = pin_to_one_cpu()?;
    let base = std::env::var_os("BENCH_DIR").map(Into::into).unwrap_or_else(std::env::temp_dir);
    let dir = tempfile::tempdir_in(base)?;
    let sources = dir.path().join("in");
    std::fs::create_dir(&sources)?;

    let mut inputs = Vec::new();
    let mut references = Vec::new();
    let mut source_bytes = 0;
    for index in 0..images {
        let original = sample_image(index as u64);
        let path = sources.join(format!("img{index:03}.jpg"));
        let mut jpeg = std::io::Cursor::new(Vec::new());
        DynamicImage::ImageRgb8(original.clone()).write_to(&mut jpeg, image::ImageFormat::Jpeg)?;
        source_bytes += jpeg.get_ref().len();
        std::fs::write(&path, jpeg.into_inner())?;
        references.push(lanczos_preview(&original)?);
        inputs.push(path);
    }
    println!(
        "{images} different {SIDE}x{SIDE} JPEGs (q75, {} KB on average) -> {PREVIEW_WIDTH} px wide WebP q{QUALITY}, pinned to CPU {cpu}",
        source_bytes / images / 1000
    );

    let mut tools: Vec<Box<dyn Tool>> = vec![Box::new(Ours)];
    for tool in [external_tool(imagemagick()), external_tool(vips())] {
        match tool {
            Ok(tool) => tools.push(tool),
            Err(missing) => println!("{missing}"),
        }
    }
    let mut samples: Vec<Vec<Sample>> = tools.iter().map(|_| Vec::new()).collect();
    for round in 0..ROUNDS {
        for (tool, samples) in tools.iter().zip(&mut samples) {
            let out = dir.path().join(format!("out-{}-{round}", tool.key()));
            std::fs::create_dir(&out)?;
            samples.push(tool.run(&inputs, &out)?);
            if round == ROUNDS - 1 {
                let (bytes, psnr) = compare(&inputs, &out, &references)?;
                println!("{:<34} {bytes:>6} bytes/preview, PSNR {psnr:.2} dB vs Lanczos3 of the original", tool.name());
            }
        }
    }

    println!("\n{:<34} {:>14} {:>14} {:>12}", "median of 3 rounds", "previews/CPU-s", "previews/s", "start-up ms");
    let mut rates = Vec::new();
    for (tool, samples) in tools.iter().zip(samples) {
        let startup = tool.startup()?;
        let cpu = median(samples.iter().map(|s| s.cpu).collect()).saturating_sub(startup.cpu);
        let wall = median(samples.iter().map(|s| s.wall).collect()).saturating_sub(startup.wall);
        let per_cpu = images as f64 / cpu.as_secs_f64();
        let per_wall = images as f64 / wall.as_secs_f64();
        println!("{:<34} {per_cpu:>14.1} {per_wall:>14.1} {:>12.1}", tool.name(), startup.wall.as_secs_f64() * 1000.0);
        rates.push((tool.key(), per_cpu, per_wall));
    }
    let ours = rates[0];
    for (key, target) in [("imagemagick", 3.0), ("vips", 1.0)] {
        if let Some(&(_, cpu, wall)) = rates.iter().find(|r| r.0 == key) {
            println!("ours / {key:<12} {:6.2} x by CPU time, {:6.2} x by wall time (target >= {target})", ours.1 / cpu, ours.2 / wall);
        }
    }
    Ok(())
}

/// CPU and wall time of one run over all images.
struct Sample {
    cpu: Duration,
    wall: Duration,
}

trait Tool {
    fn key(&self) -> &'static str;
    fn name(&self) -> String;
    /// Turns every input into `out/<stem>.webp`.
    fn run(&self, inputs: &[PathBuf], out: &Path) -> Result<Sample, BoxError>;
    /// The cost of starting the tool with no work, subtracted from its runs.
    fn startup(&self) -> Result<Sample, BoxError>;
}

struct Ours;

impl Tool for Ours {
    fn key(&self) -> &'static str {
        "ours"
    }

    fn name(&self) -> String {
        "conform-reference (in-process)".into()
    }

    fn run(&self, inputs: &[PathBuf], out: &Path) -> Result<Sample, BoxError> {
        let params = PreviewParams { width: PREVIEW_WIDTH, quality: Some(QUALITY), output: OutputFormat::Webp, ..Default::default() };
        let (cpu, wall) = (cpu_time(libc::RUSAGE_SELF), Instant::now());
        for input in inputs {
            let source = std::fs::read(input)?;
            let (bytes, _) = render(&source, &params)?;
            std::fs::write(output_path(out, input), bytes)?;
        }
        Ok(Sample { cpu: cpu_time(libc::RUSAGE_SELF) - cpu, wall: wall.elapsed() })
    }

    fn startup(&self) -> Result<Sample, BoxError> {
        Ok(Sample { cpu: Duration::ZERO, wall: Duration::ZERO })
    }
}

/// A command-line tool that converts all inputs in one process.
struct External {
    key: &'static str,
    version: String,
    command: fn(&[PathBuf], &Path) -> Command,
    /// The same program doing nothing but print its version.
    bare: fn() -> Command,
}

impl Tool for External {
    fn key(&self) -> &'static str {
        self.key
    }

    fn name(&self) -> String {
        self.version.clone()
    }

    fn run(&self, inputs: &[PathBuf], out: &Path) -> Result<Sample, BoxError> {
        let sample = timed(&mut (self.command)(inputs, out))?;
        let written = inputs.iter().filter(|input| output_path(out, input).exists()).count();
        if written != inputs.len() {
            return Err(format!("{} wrote {written} of {} previews", self.key, inputs.len()).into());
        }
        Ok(sample)
    }

    fn startup(&self) -> Result<Sample, BoxError> {
        let runs = 10;
        let mut total = Sample { cpu: Duration::ZERO, wall: Duration::ZERO };
        for _ in 0..runs {
            let one = timed(&mut (self.bare)())?;
            total.cpu += one.cpu;
            total.wall += one.wall;
        }
        Ok(Sample { cpu: total.cpu / runs, wall: total.wall / runs })
    }
}

/// The tool, or the line saying it is missing.
fn external_tool(tool: Result<External, String>) -> Result<Box<dyn Tool>, String> {
    tool.map(|t| Box::new(t) as Box<dyn Tool>)
}

fn imagemagick() -> Result<External, String> {
    let version = first_line("mogrify", "-version")
        .filter(|v| v.contains("ImageMagick"))
        .ok_or("ImageMagick: not installed (no `mogrify` that says ImageMagick); `apt-get install -y imagemagick` to include it")?;
    Ok(External {
        key: "imagemagick",
        version: format!("{} mogrify", version.split_whitespace().take(3).collect::<Vec<_>>().join(" ")),
        command: |inputs, out| {
            let mut command = Command::new("mogrify");
            command.env("MAGICK_THREAD_LIMIT", "1").args(["-limit", "thread", "1", "-path"]).arg(out);
            command.args(["-resize", &format!("{PREVIEW_WIDTH}x"), "-quality", &QUALITY.to_string(), "-format", "webp"]).args(inputs);
            command
        },
        bare: || {
            let mut command = Command::new("mogrify");
            command.env("MAGICK_THREAD_LIMIT", "1").arg("-version");
            command
        },
    })
}

fn vips() -> Result<External, String> {
    let version = first_line("vipsthumbnail", "--vips-version")
        .filter(|v| v.starts_with("libvips"))
        .ok_or("libvips: not installed (no `vipsthumbnail`); `apt-get install -y libvips-tools` to include it")?;
    Ok(External {
        key: "vips",
        version: format!("{version} vipsthumbnail"),
        command: |inputs, out| {
            let mut command = Command::new("vipsthumbnail");
            command.env("VIPS_CONCURRENCY", "1").args(["--vips-concurrency=1", "-s", &PREVIEW_WIDTH.to_string(), "-o"]);
            command.arg(format!("{}/%s.webp[Q={QUALITY}]", out.display())).args(inputs);
            command
        },
        bare: || {
            let mut command = Command::new("vipsthumbnail");
            command.env("VIPS_CONCURRENCY", "1").arg("--vips-version");
            command
        },
    })
}

fn first_line(program: &str, arg: &str) -> Option<String> {
    let output = Command::new(program).arg(arg).output().ok().filter(|o| o.status.success())?;
    String::from_utf8_lossy(&output.stdout).lines().next().map(|line| line.trim_start_matches("Version: ").to_owned())
}

/// Runs `command` to completion; its CPU time comes from the children's rusage.
fn timed(command: &mut Command) -> Result<Sample, BoxError> {
    let (cpu, wall) = (cpu_time(libc::RUSAGE_CHILDREN), Instant::now());
    let output = command.output()?;
    let wall = wall.elapsed();
    if !output.status.success() {
        return Err(format!("{:?} failed: {}", command.get_program(), String::from_utf8_lossy(&output.stderr)).into());
    }
    Ok(Sample { cpu: cpu_time(libc::RUSAGE_CHILDREN) - cpu, wall })
}

fn cpu_time(who: libc::c_int) -> Duration {
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut usage = std::mem::zeroed::<libc::rusage>();
        libc::getrusage(who, &mut usage);
        usage
    };
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    time(usage.ru_utime) + time(usage.ru_stime)
}

/// Pins this process (and so the tools it starts) to the first CPU it may run on.
fn pin_to_one_cpu() -> std::io::Result<usize> {
    // SAFETY: the cpu_set_t is owned here and sized by the libc macros.
    unsafe {
        let mut set = std::mem::zeroed::<libc::cpu_set_t>();
        if libc::sched_getaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &mut set) != 0 {
            return Err(std::io::Error::last_os_error());
        }
        let cpu = (0..libc::CPU_SETSIZE as usize).find(|&c| libc::CPU_ISSET(c, &set)).unwrap_or(0);
        libc::CPU_ZERO(&mut set);
        libc::CPU_SET(cpu, &mut set);
        if libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set) != 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(cpu)
    }
}

fn output_path(out: &Path, input: &Path) -> PathBuf {
    out.join(input.file_stem().unwrap_or_default()).with_extension("webp")
}

/// Average preview size and PSNR over all images.
fn compare(inputs: &[PathBuf], out: &Path, references: &[RgbImage]) -> Result<(usize, f64), BoxError> {
    let (mut bytes, mut squared, mut samples) = (0, 0.0, 0.0);
    for (input, reference) in inputs.iter().zip(references) {
        let encoded = std::fs::read(output_path(out, input))?;
        bytes += encoded.len();
        let preview = image::load_from_memory_with_format(&encoded, image::ImageFormat::WebP)?.to_rgb8();
        if preview.dimensions() != reference.dimensions() {
            return Err(
                format!("{} is {:?}, not {:?}", output_path(out, input).display(), preview.dimensions(), reference.dimensions()).into()
            );
        }
        for (a, b) in preview.as_raw().iter().zip(reference.as_raw()) {
            squared += (f64::from(*a) - f64::from(*b)).powi(2);
            samples += 1.0;
        }
    }
    let psnr = 10.0 * (255.0f64.powi(2) / (squared / samples)).log10();
    Ok((bytes / inputs.len(), psnr))
}

fn lanczos_preview(original: &RgbImage) -> Result<RgbImage, BoxError> {
    let height = original.height() * PREVIEW_WIDTH / original.width();
    let mut out = DynamicImage::new_rgb8(PREVIEW_WIDTH, height);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    Resizer::new().resize(&DynamicImage::ImageRgb8(original.clone()), &mut out, &options)?;
    Ok(out.to_rgb8())
}

/// A photo-like image: smooth gradients (shifted per `seed`) plus noise, so neither the
/// decoder nor the encoder gets an unrealistically easy image.
fn sample_image(seed: u64) -> RgbImage {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let shift = (seed * 37 % 256) as u32;
    RgbImage::from_fn(SIDE, SIDE, |x, y| {
        let noise: i32 = rng.random_range(-12..=12);
        let shade = |v: u32| ((v % 256) as i32 + noise).clamp(0, 255) as u8;
        image::Rgb([shade(x / 4 + shift), shade(y / 4), shade((x + y) / 8 + shift / 2)])
    })
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}
