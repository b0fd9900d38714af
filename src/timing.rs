//! Opt-in phase timings for the benchmark (`benches/run`): with `TENDER_TIMINGS=1` in the
//! environment, a command records how long each phase took and prints the durations to
//! stderr when it ends. Without it nothing is recorded or printed, so normal output never
//! changes.

use std::sync::Mutex;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The environment variable that turns timings on.
pub const ENV: &str = "TENDER_TIMINGS";

static PHASES: Mutex<Vec<(&'static str, Duration)>> = Mutex::new(Vec::new());

/// Whether timings are on (`TENDER_TIMINGS` set and not `0`).
pub fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os(ENV).is_some_and(|v| !v.is_empty() && v != "0"))
}

/// Adds `took` to the phase `name` (phases are kept in the order first recorded).
pub fn record(name: &'static str, took: Duration) {
    if !enabled() {
        return;
    }
    if let Ok(mut p) = PHASES.lock() {
        match p.iter_mut().find(|(n, _)| *n == name) {
            Some((_, d)) => *d += took,
            None => p.push((name, took)),
        }
    }
    if let Some(kb) = peak_rss_kb()
        && let Ok(mut r) = PEAKS.lock()
    {
        match r.iter_mut().find(|(n, _)| *n == name) {
            Some((_, k)) => *k = kb,
            None => r.push((name, kb)),
        }
    }
}

static PEAKS: Mutex<Vec<(&'static str, u64)>> = Mutex::new(Vec::new());

/// The process's peak resident memory so far (Linux `VmHWM`), in kB.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs `f` and records its wall time as the phase `name`.
pub fn time<T>(name: &'static str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    record(name, start.elapsed());
    out
}

/// The phases recorded so far, as `timing: <phase> <seconds>` lines, then the peak
/// resident memory at the end of each phase as `peak-rss-kb: <phase> <kB>` (Linux).
pub fn report() -> String {
    let mut out: String = PHASES
        .lock()
        .map(|p| {
            p.iter()
                .map(|(n, d)| format!("timing: {n} {:.6}\n", d.as_secs_f64()))
                .collect()
        })
        .unwrap_or_default();
    if let Ok(r) = PEAKS.lock() {
        for (n, kb) in r.iter() {
            out.push_str(&format!("peak-rss-kb: {n} {kb}\n"));
        }
    }
    out
}

/// Prints [`report`] to stderr when timings are on.
pub fn print() {
    if enabled() {
        eprint!("{}", report());
    }
}
