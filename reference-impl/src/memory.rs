//! Keeps the server's memory flat over long runs.
//!
//! Request bodies (5 MiB chunks, multipart parts) and decoded images are buffers of several
//! MiB that live for one request. glibc serves an allocation that large with its own `mmap`
//! and unmaps it on free, but after the first such free it raises that threshold (up to
//! 32 MiB), so later buffers come from its per-thread heaps instead; freed in the middle of a
//! heap, they are never returned to the system. Measured with `tools/rss_over_runs.sh`: RSS
//! grew 506 → 616 → 672 MB over three whole-suite runs with the default, and stayed at
//! 42 → 43 MB with the threshold fixed at 1 MiB (setting it also turns the raising off).

/// Allocations from this size up get their own mapping, returned to the system on free.
const MMAP_THRESHOLD: i32 = 1024 * 1024;

/// Fixes glibc's mmap threshold (process-wide; a no-op on other C libraries).
pub fn return_large_buffers_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; any value is valid to pass.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
    }
}
