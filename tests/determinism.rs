//! Determinism (DESIGN.md): the same seed and actions give the same trace, run
//! after run and natively as in the browser. Each shipped scenario's event trace
//! (`runner::event_trace`: every event, every change of a server's role, term,
//! vote, commit index or last entry, every expectation, then the final state) is
//! kept as text in tests/golden/NAME.txt, as etcd-io/raft keeps its testdata;
//! tests/wasm.rs checks the browser against the same files.
//!
//! After a deliberate change of behaviour, rewrite them with
//! `UPDATE_GOLDEN=1 cargo test --test determinism` and read the diff.

#[path = "golden/shipped.rs"]
mod shipped;

use raft_lab::sim::scenario::parse;
use shipped::{golden_trace, SHIPPED};
use std::path::Path;

/// Where two texts first differ, with a few lines of context.
fn first_difference(want: &str, got: &str) -> String {
    let (w, g): (Vec<_>, Vec<_>) = (want.lines().collect(), got.lines().collect());
    let at = (0..w.len().max(g.len()))
        .find(|&i| w.get(i) != g.get(i))
        .unwrap_or(0);
    let from = at.saturating_sub(3);
    let show = |lines: &[&str]| {
        lines
            .iter()
            .enumerate()
            .skip(from)
            .take(at + 4 - from)
            .map(|(i, l)| format!("  {:>4}: {l}", i + 1))
            .collect::<Vec<_>>()
            .join("\n")
    };
    format!(
        "first difference at line {}\nthe golden file:\n{}\nthis run:\n{}",
        at + 1,
        show(&w),
        show(&g)
    )
}

#[test]
fn traces_match_the_golden_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v != "0");
    let mut names = vec![];
    let mut changed = vec![];
    for entry in std::fs::read_dir(root.join("static/scenarios")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        if path.extension().is_none_or(|e| e != "json") || name == "index" {
            continue;
        }
        let scn = parse(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let got = golden_trace(&scn);
        let file = root.join(format!("tests/golden/{name}.txt"));
        if update {
            std::fs::write(&file, &got).unwrap();
        }
        let want = std::fs::read_to_string(&file).unwrap_or_default();
        if got != want {
            changed.push(format!("{name}: {}", first_difference(&want, &got)));
        }
        // Twice in one process: no hidden state carries from run to run.
        assert_eq!(golden_trace(&scn), got, "{name}: two runs differ");
        names.push(name);
    }
    assert!(
        changed.is_empty(),
        "traces changed (if on purpose: UPDATE_GOLDEN=1 cargo test --test determinism, \
         then read the diff):\n\n{}",
        changed.join("\n\n")
    );
    names.sort();
    let listed: Vec<&str> = SHIPPED.iter().map(|s| s.0).collect();
    assert_eq!(
        names, listed,
        "tests/golden/shipped.rs must list every shipped scenario, for the browser test"
    );
}

/// Every golden file stays small enough to read in a diff.
#[test]
fn golden_files_stay_small() {
    for (name, _, trace) in SHIPPED {
        assert!(
            trace.len() < 60_000,
            "tests/golden/{name}.txt is {} bytes: shorten GOLDEN_UNTIL",
            trace.len()
        );
    }
}
