//! Helpers shared by the integration tests: run the `conform` binary like a user would
//! and explain failures with the command, its output and what was expected.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A run that takes longer than this has hung: the harness promises bounded runs. It sits
/// ten minutes above selfcheck's own `--run-timeout`: a fault run that hangs is stopped by
/// selfcheck at that timeout and named in its report (an error verdict) while the other
/// runs go on, instead of the whole test being killed with nothing named.
pub const HANG_BOUND: Duration = Duration::from_secs(conform::cli::SELFCHECK_RUN_TIMEOUT_S + 600);

pub struct Run {
    pub args: Vec<String>,
    pub output: Output,
    pub reports: PathBuf,
    /// Wall time of the whole process, start-up included.
    pub elapsed: Duration,
}

impl Run {
    pub fn explain(&self) -> String {
        format!(
            "command: conform {}\nexit: {:?} after {:.1} s\n--- stdout ---\n{}\n--- stderr (last 8000 bytes) ---\n{}",
            self.args.join(" "),
            self.output.status.code(),
            self.elapsed.as_secs_f64(),
            String::from_utf8_lossy(&self.output.stdout),
            tail(&String::from_utf8_lossy(&self.output.stderr), 8000)
        )
    }

    #[allow(dead_code)] // selfcheck writes no run summary of its own
    pub fn summary(&self) -> serde_json::Value {
        let path = self.reports.join("latest").join("summary.json");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("no {}: {e}\n{}", path.display(), self.explain()));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
    }
}

fn drain(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        bytes
    })
}

fn tail(text: &str, max: usize) -> &str {
    let start = text.len().saturating_sub(max);
    let start = (start..text.len()).find(|i| text.is_char_boundary(*i)).unwrap_or(text.len());
    &text[start..]
}

/// Runs `conform <args>` with reports in a fresh folder under `dir`, failing the test if it hangs.
pub fn conform(dir: &Path, args: &[&str]) -> Run {
    conform_within(dir, args, HANG_BOUND)
}

/// [`conform`], killed and failing the test when it outlives `hang_bound`.
pub fn conform_within(dir: &Path, args: &[&str], hang_bound: Duration) -> Run {
    let reports = dir.join("reports");
    let mut all: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    if matches!(args.first(), Some(&"run" | &"selfcheck")) {
        all.extend(["--reports".to_string(), reports.display().to_string()]);
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_conform"))
        .args(&all)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("APPWRITE_ENDPOINT")
        .env_remove("APPWRITE_PROJECT")
        .env_remove("APPWRITE_API_KEY")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the conform binary");
    // Drain both pipes while waiting: a child blocked on a full pipe would look like a hang.
    let stdout = drain(child.stdout.take().expect("piped stdout"));
    let stderr = drain(child.stderr.take().expect("piped stderr"));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("poll conform") {
            break status;
        }
        if started.elapsed() > hang_bound {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "conform {} did not end within {} s (it must never hang)\n{}",
                all.join(" "),
                hang_bound.as_secs(),
                String::from_utf8_lossy(&stderr.join().unwrap_or_default())
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let elapsed = started.elapsed();
    let output = Output { status, stdout: stdout.join().expect("stdout reader"), stderr: stderr.join().expect("stderr reader") };
    Run { args: all, output, reports, elapsed }
}
