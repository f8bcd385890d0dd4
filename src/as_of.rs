//! How old a guide's figures are: its front matter `updated` date, else
//! the last commit that touched its file, else the file's modification
//! time. One date for the guide page, comparison rows and the feed.

use std::collections::HashMap;
use std::path::Path;
use std::time::SystemTime;

/// Where a guide's as-of date came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AsOfSource {
    /// The front matter's `updated`.
    Updated,
    /// The last commit that changed the file.
    Git,
    /// The file's modification time.
    FileTime,
}

impl AsOfSource {
    /// The name templates and the feed see.
    pub fn name(self) -> &'static str {
        match self {
            AsOfSource::Updated => "updated",
            AsOfSource::Git => "git",
            AsOfSource::FileTime => "file",
        }
    }
}

/// A guide's as-of date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AsOf {
    /// `YYYY-MM-DD` (UTC for times).
    pub date: String,
    /// RFC 3339 in UTC, as Atom's `updated` wants it.
    pub timestamp: String,
    pub source: AsOfSource,
}

impl AsOf {
    /// From a front matter date, already checked to be `YYYY-MM-DD`.
    pub fn from_updated(date: &str) -> AsOf {
        AsOf {
            date: date.to_string(),
            timestamp: format!("{date}T00:00:00Z"),
            source: AsOfSource::Updated,
        }
    }

    /// From seconds since the Unix epoch.
    pub fn from_unix(seconds: i64, source: AsOfSource) -> AsOf {
        let days = seconds.div_euclid(86_400);
        let of_day = seconds.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        let date = format!("{year:04}-{month:02}-{day:02}");
        AsOf {
            timestamp: format!(
                "{date}T{:02}:{:02}:{:02}Z",
                of_day / 3600,
                of_day / 60 % 60,
                of_day % 60
            ),
            date,
            source,
        }
    }

    /// From a file's modification time; `None` when the platform keeps none.
    pub fn from_system_time(time: SystemTime) -> Option<AsOf> {
        let seconds = match time.duration_since(SystemTime::UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_secs()).ok()?,
            Err(before) => -i64::try_from(before.duration().as_secs()).ok()?,
        };
        Some(AsOf::from_unix(seconds, AsOfSource::FileTime))
    }
}

/// Days since 1970-01-01 → (year, month, day) in the proleptic Gregorian
/// calendar (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The commit time of the last commit touching each file under `dir`, by
/// path relative to `dir` (`/`-separated), from one walk of the history.
/// Empty when git is missing, `dir` is in no repository, or git fails: the
/// caller falls back to file times without a word, as a site need not be
/// kept in git.
pub fn git_commit_times(dir: &Path) -> HashMap<String, i64> {
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "core.quotePath=off",
            "log",
            "--no-renames",
            "--relative",
            "--name-only",
            "--format=format:\u{1}%ct",
            "--",
            ".",
        ])
        // A builder run from a git hook inherits these; they would point
        // the walk at another repository than the content dir's.
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output();
    let Ok(output) = output else {
        return HashMap::new();
    };
    if !output.status.success() {
        return HashMap::new();
    }
    parse_log(&String::from_utf8_lossy(&output.stdout))
}

/// `git log --name-only` output, newest commit first: each file keeps the
/// time of the first commit that names it.
fn parse_log(log: &str) -> HashMap<String, i64> {
    let mut times = HashMap::new();
    let mut current = None;
    for line in log.lines() {
        if let Some(time) = line.strip_prefix('\u{1}') {
            current = time.trim().parse::<i64>().ok();
        } else if let Some(time) = current
            && !line.is_empty()
            // A name git had to quote (a newline or other control
            // character in it) is not the file's name; such a file keeps
            // its modification time.
            && !line.starts_with('"')
        {
            times.entry(line.to_string()).or_insert(time);
        }
    }
    times
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_times_become_utc_dates() {
        let epoch = AsOf::from_unix(0, AsOfSource::Git);
        assert_eq!(epoch.timestamp, "1970-01-01T00:00:00Z");
        // 2024-02-29 (a leap day) 13:45:07 UTC.
        let leap = AsOf::from_unix(1_709_214_307, AsOfSource::Git);
        assert_eq!(leap.date, "2024-02-29");
        assert_eq!(leap.timestamp, "2024-02-29T13:45:07Z");
        assert_eq!(
            AsOf::from_unix(-1, AsOfSource::FileTime).timestamp,
            "1969-12-31T23:59:59Z"
        );
        assert_eq!(
            AsOf::from_unix(951_782_400, AsOfSource::Git).date,
            "2000-02-29"
        );
    }

    #[test]
    fn the_newest_commit_naming_a_file_wins() {
        let log = "\u{1}200\na.md\nsub/b.md\n\n\u{1}100\na.md\nc.md\n\"odd\\nname.md\"\n";
        let times = parse_log(log);
        assert_eq!(times.get("a.md"), Some(&200));
        assert_eq!(times.get("sub/b.md"), Some(&200));
        assert_eq!(times.get("c.md"), Some(&100));
        assert_eq!(times.len(), 3);
    }
}
