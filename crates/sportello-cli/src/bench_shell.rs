//! The floor of `sportello bench`: a query typed straight into the database's own shell (`sqlite3`
//! or `psql`), run once untimed and then `runs` times under the shell's own timer.

use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{bail, Context, Result};

/// The shell's timings of `runs` runs of `sql` on the database at `url`.
pub fn time(url: &str, postgres: bool, runs: usize, sql: &str) -> Result<Vec<Duration>> {
    // The same untimed first run as the app's.
    let mut script = if postgres {
        format!("\\o /dev/null\n{sql};\n\\timing on\n")
    } else {
        format!(".output /dev/null\n{sql};\n.timer on\n")
    };
    for _ in 0..runs {
        script.push_str(sql);
        script.push_str(";\n");
    }
    let mut command = if postgres {
        let mut c = Command::new("psql");
        c.args(["-X", "-q", url]);
        c
    } else {
        let mut c = Command::new("sqlite3");
        c.arg(url.trim_start_matches("sqlite://"));
        c
    };
    let output = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            if let Some(stdin) = child.stdin.as_mut() {
                stdin.write_all(script.as_bytes())?;
            }
            child.wait_with_output()
        })
        .context("cannot run the database shell")?;
    let text = String::from_utf8_lossy(&output.stdout);
    let times: Vec<Duration> = text
        .lines()
        .filter_map(|l| {
            let ms = if postgres {
                l.strip_prefix("Time: ")?
                    .split(' ')
                    .next()?
                    .parse::<f64>()
                    .ok()?
            } else {
                l.strip_prefix("Run Time: real ")?
                    .split(' ')
                    .next()?
                    .parse::<f64>()
                    .ok()?
                    * 1000.0
            };
            Some(Duration::from_secs_f64(ms / 1000.0))
        })
        .collect();
    if times.len() != runs {
        bail!(
            "the database shell timed {} of {} runs: {}",
            times.len(),
            runs,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(times)
}
