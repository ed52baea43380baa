//! Every shipped scenario runs headless with its expectations (DESIGN.md,
//! "Scenario format"), the teaching-bug scenarios are caught by the invariant
//! each bug breaks, and runs are deterministic.

use raft_lab::sim::runner::{run, RunOptions};
use raft_lab::sim::scenario::{parse, Scenario};
use std::path::Path;

fn shipped() -> Vec<(String, Scenario)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("static/scenarios");
    let mut out = vec![];
    for entry in std::fs::read_dir(&dir).expect("static/scenarios") {
        let path = entry.expect("dir entry").path();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        if path.extension().is_some_and(|e| e == "json") && name != "index" {
            let text = std::fs::read_to_string(&path).unwrap();
            let scn = parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            out.push((name, scn));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn lines(scn: &Scenario) -> (Vec<String>, raft_lab::sim::runner::Outcome) {
    let mut lines = vec![];
    let opts = RunOptions {
        dump_every: Some(100_000),
        until: None,
    };
    let out = run(scn, opts, |l| lines.push(l.to_string())).unwrap();
    (lines, out)
}

#[test]
fn every_shipped_scenario_passes_its_expectations() {
    let all = shipped();
    assert!(
        all.len() >= 21,
        "the scenario library shrank: {}",
        all.len()
    );
    for (name, scn) in &all {
        let (lines, out) = lines(scn);
        assert!(
            out.ok,
            "{name}: {} expectation(s) failed, violations {:?}\n{}",
            out.failed,
            out.violations,
            lines
                .iter()
                .filter(|l| l.contains("\"ok\":false"))
                .cloned()
                .collect::<Vec<_>>()
                .join("\n")
        );
        assert!(out.passed >= 1, "{name} checks nothing: add an expect step");
    }
}

#[test]
fn shipped_scenarios_carry_english_and_chinese() {
    for (name, scn) in shipped() {
        for text in [&scn.title, &scn.description] {
            assert!(
                !text.get("en").is_empty(),
                "{name}: no English title/description"
            );
            assert_ne!(
                text.get("zh"),
                text.get("en"),
                "{name}: no Chinese title/description"
            );
        }
        for step in &scn.steps {
            if let raft_lab::sim::scenario::StepKind::Caption(t) = &step.kind {
                assert_ne!(t.get("zh"), t.get("en"), "{name}: a caption lacks Chinese");
            }
        }
    }
}

/// Figure 8 (§5.4.2): with the rule, no violation; with the teaching bug, the
/// checker reports State Machine Safety.
#[test]
fn figure_8_is_safe_with_the_rule_and_broken_without_it() {
    let all = shipped();
    let get = |n: &str| all.iter().find(|(name, _)| name == n).unwrap().1.clone();
    let (_, safe) = lines(&get("figure-8"));
    assert!(safe.violations.is_empty());
    let (_, bug) = lines(&get("figure-8-bug"));
    assert!(bug.expected_violation_seen);
    assert!(bug
        .violations
        .iter()
        .any(|v| v.invariant.name() == "state-machine-safety"));
}

/// The tests test the checker: each teaching-bug scenario violates the property
/// its bug breaks, and the same schedule without the bug violates nothing.
#[test]
fn each_teaching_bug_is_caught_and_only_by_the_bug() {
    for (name, want) in [
        ("figure-8-bug", "state-machine-safety"),
        ("forget-vote-bug", "election-safety"),
        ("vote-without-log-check-bug", "leader-completeness"),
        // Thesis §4.1 / paper §6: two voters in one step, disjoint majorities.
        ("add-two-at-once-bug", "election-safety"),
        // Thesis §4.1 (the 2015 single-server change bug).
        ("config-before-noop-bug", "leader-completeness"),
    ] {
        let mut scn = shipped().into_iter().find(|(n, _)| n == name).unwrap().1;
        let (_, out) = lines(&scn);
        assert!(
            out.violations.iter().any(|v| v.invariant.name() == want),
            "{name} not caught as {want}"
        );
        scn.setup.cluster.options.bugs = Default::default();
        scn.expect_violation = None;
        let mut violations = vec![];
        run(&scn, RunOptions::default(), |_| {})
            .map(|o| violations = o.violations)
            .unwrap();
        assert!(
            violations.is_empty(),
            "{name} without its bug: {violations:?}"
        );
    }
}

#[test]
fn a_scenario_run_twice_prints_byte_identical_output() {
    for (name, scn) in shipped() {
        let (a, _) = lines(&scn);
        let (b, _) = lines(&scn);
        assert_eq!(a, b, "{name} is not deterministic");
    }
}

#[test]
fn the_scenario_index_lists_every_scenario() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("static/scenarios");
    let text =
        std::fs::read_to_string(dir.join("index.json")).expect("static/scenarios/index.json");
    let want = raft_lab::sim::scenario::index_json(&shipped());
    let got = raft_lab::sim::json::parse(&text).unwrap();
    assert_eq!(
        got, want,
        "index.json is stale: run `cargo run --release --bin raftlab -- index static/scenarios > static/scenarios/index.json`"
    );
}

/// Thesis ch. 4, §3.10 and paper §7: the cluster-shape scenarios end in the shape
/// they promise, read from the run's final snapshot (not from their own expects).
#[test]
fn cluster_shape_scenarios_end_in_the_promised_shape() {
    let all = shipped();
    let final_of = |n: &str| {
        let scn = &all.iter().find(|(name, _)| name == n).unwrap().1;
        let (lines, _) = lines(scn);
        let last = lines.last().unwrap().clone();
        raft_lab::sim::json::parse(&last).unwrap()
    };
    let voters_of = |j: &raft_lab::sim::json::Json, id: usize| {
        j.get("nodes").unwrap().as_array().unwrap()[id - 1]
            .get("config")
            .and_then(|c| c.get("voters"))
            .map(|v| v.to_string())
            .unwrap()
    };
    assert_eq!(voters_of(&final_of("add-server"), 4), "[1,2,3,4]");
    assert_eq!(voters_of(&final_of("joint-consensus"), 6), "[4,5,6]");
    assert_eq!(voters_of(&final_of("remove-leader"), 3), "[1,3,4,5]");
    let snap = final_of("install-snapshot");
    let s3 = &snap.get("nodes").unwrap().as_array().unwrap()[2];
    assert_eq!(
        s3.get("snapshot").unwrap().get("index").unwrap().as_u64(),
        Some(5)
    );
    let transfer = final_of("leadership-transfer");
    let roles: Vec<String> = transfer
        .get("nodes")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.get("role").unwrap().as_str().unwrap().to_string())
        .collect();
    assert_eq!(roles[3], "leader", "S4 leads after the transfer: {roles:?}");
}
