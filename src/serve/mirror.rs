//! The folder the dev server serves from: a private copy of the last good
//! build. A build writes each new file beside its place; only a build that
//! succeeds moves them in (a rename, so a request never sees half a file),
//! so while an edit has errors the last good site stays whole.

use crate::diagnostic::{Code, Diagnostic};
use crate::output::Sink;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub struct Mirror {
    root: PathBuf,
    /// Files written beside their place, waiting for [`Mirror::commit`].
    pending: Mutex<Vec<PathBuf>>,
}

/// Where a file waits before it is moved in: beside it, under its whole
/// name (`app.js` and `app.css` must not wait in the same file).
fn waiting(target: &Path) -> PathBuf {
    let mut name = target.as_os_str().to_owned();
    name.push(".guidepress-tmp");
    PathBuf::from(name)
}

impl Mirror {
    pub fn new(root: &Path) -> Mirror {
        Mirror {
            root: root.to_path_buf(),
            pending: Mutex::new(Vec::new()),
        }
    }

    fn take_pending(&self) -> Vec<PathBuf> {
        std::mem::take(
            &mut *self
                .pending
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
    }

    /// Moves every written file into place and deletes `removed`.
    pub fn commit(&self, removed: &[String]) -> std::io::Result<()> {
        for target in self.take_pending() {
            std::fs::rename(waiting(&target), &target)?;
        }
        for path in removed {
            let _ = std::fs::remove_file(self.root.join(path));
        }
        Ok(())
    }

    /// Drops the files a failed build wrote.
    pub fn discard(&self) {
        for target in self.take_pending() {
            let _ = std::fs::remove_file(waiting(&target));
        }
    }
}

impl Sink for Mirror {
    fn put(&self, relative: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let target = self.root.join(relative);
        let written = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(waiting(&target), bytes));
        if let Err(err) = written {
            return Err(Diagnostic::new(
                Code::Serve,
                "serve",
                format!("cannot update the served file {relative}: {err}"),
            )
            .help("check the space and permissions of TMPDIR"));
        }
        self.pending
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(target);
        Ok(())
    }
}

/// Keeps nothing: a dev site opened without a mirror (tests) reads its
/// output from its cache.
pub struct NoMirror;

impl Sink for NoMirror {
    fn put(&self, _: &str, _: &[u8]) -> Result<(), Diagnostic> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_move_in_only_on_commit_and_a_discarded_build_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let read = |path: &str| std::fs::read(dir.path().join(path)).ok();
        let mirror = Mirror::new(dir.path());
        // Same stem, two files: each waits under its own name.
        mirror.put("assets/app.js", b"js").unwrap();
        mirror.put("assets/app.css", b"css").unwrap();
        assert_eq!(
            read("assets/app.js"),
            None,
            "nothing is served before the build succeeds"
        );
        mirror.commit(&[]).unwrap();
        assert_eq!(read("assets/app.js").as_deref(), Some(&b"js"[..]));
        assert_eq!(read("assets/app.css").as_deref(), Some(&b"css"[..]));

        mirror.put("assets/app.js", b"from a failed build").unwrap();
        mirror.discard();
        assert_eq!(read("assets/app.js").as_deref(), Some(&b"js"[..]));
        let left = std::fs::read_dir(dir.path().join("assets"))
            .unwrap()
            .count();
        assert_eq!(left, 2, "a discarded build leaves no file waiting");

        mirror.commit(&["assets/app.css".to_string()]).unwrap();
        assert_eq!(read("assets/app.css"), None, "a removed file is deleted");
    }
}
