//! The progress bar of a build on a terminal. It is drawn on stderr only
//! when stderr is a terminal, and only once the build has taken a second:
//! quick builds, pipes and CI logs see nothing but the summary.
//!
//! The build reports through [`Progress`] from worker threads; a step is one
//! relaxed atomic add. A drawing thread of its own reads the counters ten
//! times a second, so the build never waits on the terminal.
//!
//! [`Progress`] and [`Timings`] live here, below every phase that reports
//! through them (load, render, build, serve).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Where a build says how far it has got: each phase as it starts, then
/// each step of it. Passed down explicitly; steps are reported from worker
/// threads, so an implementation must not lock per step.
pub trait Progress: Sync {
    /// A phase starts; `steps` is how many [`Progress::step`] calls follow
    /// (0 for a phase that reports none).
    fn phase(&self, name: &'static str, steps: usize);
    /// One more step of the current phase is done.
    fn step(&self);
}

/// Reports nothing.
pub struct Silent;

impl Progress for Silent {
    fn phase(&self, _: &'static str, _: usize) {}
    fn step(&self) {}
}

/// How long each phase took, for `build -v`.
#[derive(Clone, Debug, Default)]
pub struct Timings {
    pub phases: Vec<(&'static str, Duration)>,
}

impl Timings {
    pub fn time<T>(&mut self, phase: &'static str, work: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let result = work();
        self.phases.push((phase, started.elapsed()));
        result
    }

    /// [`Timings::time`], announcing the phase to `progress` first.
    pub fn track<T>(
        &mut self,
        progress: &dyn Progress,
        phase: &'static str,
        steps: usize,
        work: impl FnOnce() -> T,
    ) -> T {
        progress.phase(phase, steps);
        self.time(phase, work)
    }
}

/// A build done sooner than this shows no bar at all.
pub const SHOW_AFTER: Duration = Duration::from_secs(1);

/// [`SHOW_AFTER`], or the milliseconds `GUIDEPRESS_PROGRESS_AFTER_MS` says:
/// 0 shows the bar from the start (a screen recording, a test that must
/// see it whatever the machine's speed).
fn show_after() -> Duration {
    std::env::var("GUIDEPRESS_PROGRESS_AFTER_MS")
        .ok()
        .and_then(|ms| ms.trim().parse().ok())
        .map_or(SHOW_AFTER, Duration::from_millis)
}
const REDRAW: Duration = Duration::from_millis(100);
const COUNTED: &str = "{spinner} {msg:<16} [{bar:30}] {pos}/{len}  {elapsed}";
const UNCOUNTED: &str = "{spinner} {msg:<16} {elapsed}";

#[derive(Default)]
struct Counters {
    phase: Mutex<(&'static str, usize)>,
    /// Bumped at each phase, so the drawer notices a new one.
    generation: AtomicUsize,
    done: AtomicUsize,
}

/// Where a build reports; draws only when it was started on a terminal.
pub struct Bar {
    counters: Arc<Counters>,
    bar: ProgressBar,
    drawer: Option<(mpsc::Sender<()>, JoinHandle<()>)>,
}

impl Bar {
    /// A bar for a build about to start. With `quiet`, or when stderr is not
    /// a terminal, it counts but never draws.
    pub fn start(quiet: bool) -> Bar {
        let counters = Arc::new(Counters::default());
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        let drawer = (!quiet && std::io::stderr().is_terminal())
            .then(|| {
                let (stop, stopped) = mpsc::channel();
                let (counters, bar) = (Arc::clone(&counters), bar.clone());
                let delay = show_after();
                std::thread::Builder::new()
                    .name("progress".into())
                    .spawn(move || draw(&counters, &bar, &stopped, delay))
                    .ok()
                    .map(|thread| (stop, thread))
            })
            .flatten();
        Bar {
            counters,
            bar,
            drawer,
        }
    }

    /// Runs `print` with the bar out of the way, so lines printed during
    /// the build are not drawn over.
    pub fn suspend<T>(&self, print: impl FnOnce() -> T) -> T {
        self.bar.suspend(print)
    }

    /// Clears the bar from the terminal; the same happens on drop.
    pub fn finish(self) {}
}

impl Drop for Bar {
    fn drop(&mut self) {
        if let Some((stop, thread)) = self.drawer.take() {
            drop(stop);
            let _ = thread.join();
        }
    }
}

impl Progress for Bar {
    fn phase(&self, name: &'static str, steps: usize) {
        *self
            .counters
            .phase
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = (name, steps);
        self.counters.done.store(0, Ordering::Relaxed);
        self.counters.generation.fetch_add(1, Ordering::Release);
    }

    fn step(&self) {
        self.counters.done.fetch_add(1, Ordering::Relaxed);
    }
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
        .tick_chars("-\\|/ ")
}

/// Waits out `delay`, then redraws until the bar is dropped.
fn draw(counters: &Counters, bar: &ProgressBar, stopped: &mpsc::Receiver<()>, delay: Duration) {
    if stopped.recv_timeout(delay) != Err(RecvTimeoutError::Timeout) {
        return;
    }
    let mut seen = usize::MAX;
    let mut shown = false;
    loop {
        let generation = counters.generation.load(Ordering::Acquire);
        if generation != seen {
            seen = generation;
            let (name, steps) = *counters
                .phase
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            bar.set_style(style(if steps == 0 { UNCOUNTED } else { COUNTED }));
            bar.set_length(steps as u64);
            bar.set_message(name);
        }
        bar.set_position(counters.done.load(Ordering::Relaxed) as u64);
        if !shown {
            // Only now: the first frame drawn already names the phase.
            bar.set_draw_target(ProgressDrawTarget::stderr());
            shown = true;
        }
        bar.tick();
        if stopped.recv_timeout(REDRAW) != Err(RecvTimeoutError::Timeout) {
            break;
        }
    }
    bar.finish_and_clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_valid() {
        for template in [COUNTED, UNCOUNTED] {
            assert!(ProgressStyle::with_template(template).is_ok(), "{template}");
        }
    }

    #[test]
    fn a_bar_counts_and_a_quiet_one_has_no_drawer() {
        let bar = Bar::start(false);
        bar.phase("render", 3);
        bar.step();
        bar.step();
        assert_eq!(bar.counters.done.load(Ordering::Relaxed), 2);
        assert_eq!(bar.counters.generation.load(Ordering::Relaxed), 1);
        let quiet = Bar::start(true);
        assert!(quiet.drawer.is_none());
    }
}
