//! The signals that ask guidepress to stop, for the commands that clean up
//! before they go: `serve` (its mirror) and `build` (its unfinished folder).

/// Waits for Ctrl-C, or SIGTERM from a script or a supervisor where there
/// is one.
pub async fn stop_requested() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
