//! The `raftlab` command (DESIGN.md, "raftlab"): JSON lines on stdout, exit 0 when
//! all is well, 1 when an expectation failed or an invariant broke unexpectedly,
//! 2 on invalid input with a message on stderr. Every number the user gives is
//! bounded: out of range is a clear refusal, never a hang, an overflow or an abort.

use std::path::PathBuf;
use std::process::Command;

struct Ran {
    code: i32,
    stdout: String,
    stderr: String,
}

fn raftlab(args: &[&str]) -> Ran {
    let out = Command::new(env!("CARGO_BIN_EXE_raftlab"))
        .args(args)
        .current_dir(env!("CARGO_TARGET_TMPDIR"))
        .output()
        .expect("the raftlab binary runs");
    Ran {
        code: out.status.code().expect("an exit code, not a signal"),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 output"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 errors"),
    }
}

fn shipped(name: &str) -> String {
    format!(
        "{}/static/scenarios/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// Writes a scenario file for one test.
fn file(name: &str, text: &[u8]) -> String {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

/// Refused as invalid input, with `want` in the message.
#[track_caller]
fn refused(args: &[&str], want: &str) {
    let r = raftlab(args);
    assert_eq!(r.code, 2, "{args:?} should exit 2; stderr: {}", r.stderr);
    assert!(
        r.stderr.contains(want),
        "{args:?}: stderr {:?} should contain {want:?}",
        r.stderr
    );
    assert!(r.stdout.is_empty(), "{args:?} printed {:?}", r.stdout);
}

fn lines(stdout: &str) -> Vec<serde_json::Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn a_passing_scenario_exits_0_with_json_lines() {
    let r = raftlab(&["run", &shipped("log-replication"), "--dump-every-ms", "500"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines = lines(&r.stdout);
    let last = lines.last().unwrap();
    assert_eq!(last["final"], true);
    assert_eq!(last["ok"], true);
    assert_eq!(last["t_ms"], 1600);
    assert_eq!(last["violations"], serde_json::json!([]));
    assert_eq!(last["expect_violation"], serde_json::Value::Null);
    assert!(last["expectations"]["passed"].as_u64().unwrap() >= 1);
    assert_eq!(last["expectations"]["failed"], 0);
    let node = &last["nodes"][0];
    for key in [
        "id",
        "alive",
        "role",
        "term",
        "voted_for",
        "commit_index",
        "log",
    ] {
        assert!(node.get(key).is_some(), "a node lacks {key}: {node}");
    }
    for w in last["writes"].as_array().unwrap() {
        assert!(["pending", "acked", "unknown"].contains(&w["status"].as_str().unwrap()));
    }
    // Snapshots at 500, 1000 and 1500 ms: whole milliseconds stay whole.
    let dumps: Vec<_> = lines
        .iter()
        .filter(|l| l.get("nodes").is_some() && l.get("final").is_none())
        .map(|l| l["t_ms"].to_string())
        .collect();
    assert_eq!(dumps, ["500", "1000", "1500"]);
    // An expect line says what was expected and whether it held.
    let expect = lines.iter().find(|l| l.get("expect").is_some()).unwrap();
    assert_eq!(expect["ok"], true);
    assert_eq!(expect["why"], serde_json::Value::Null);
    assert!(expect["expect"].get("do").is_none());
}

#[test]
fn an_expected_violation_exits_0_and_is_listed() {
    let r = raftlab(&["run", &shipped("figure-8-bug")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let last = lines(&r.stdout).pop().unwrap();
    assert_eq!(last["expect_violation"], "state-machine-safety");
    let v = &last["violations"][0];
    assert!(v["name"].is_string() && v["detail"].is_string());
    assert!(v["t_ms"].is_number() && v["nodes"].is_array());
}

#[test]
fn a_failed_expectation_exits_1() {
    let path = file(
        "fails.json",
        br#"{"format": "raftlab-scenario/1", "seed": 3,
             "steps": [{"at_ms": 1000, "do": "expect", "min_term": 99}]}"#,
    );
    let r = raftlab(&["run", &path]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines = lines(&r.stdout);
    assert_eq!(lines[0]["ok"], false);
    assert!(lines[0]["why"].is_string());
    assert_eq!(lines[0]["expect"], serde_json::json!({"min_term": 99}));
    assert_eq!(lines[1]["ok"], false);
    assert_eq!(lines[1]["expectations"]["failed"], 1);
}

#[test]
fn malformed_and_missing_files_exit_2() {
    let bad = file(
        "malformed.json",
        b"{\"format\": \"raftlab-scenario/1\",\n  \"seed\": }",
    );
    refused(&["run", &bad], "not valid JSON: line 2, column 11");
    refused(&["check", &bad], "malformed.json");
    let wrong = file(
        "wrong.json",
        br#"{"format": "raftlab-scenario/1", "steps": [{"at_ms": 5, "do": "explode"}]}"#,
    );
    refused(&["run", &wrong], "step 1: unknown \"do\": \"explode\"");
    refused(&["run", "/no/such/file.json"], "/no/such/file.json");
    refused(&["trace", &bad], "not valid JSON");
    refused(&["explode"], "expected a command");
    refused(&["run"], "run takes one FILE");
    refused(
        &["run", &shipped("split-vote"), "--until"],
        "unknown option --until",
    );
    refused(
        &["run", &shipped("split-vote"), "--until-ms"],
        "--until-ms needs a value",
    );
}

#[test]
fn a_file_may_start_with_a_byte_order_mark() {
    let text = std::fs::read(shipped("first-election")).unwrap();
    let path = file("bom.json", &[b"\xef\xbb\xbf".as_slice(), &text].concat());
    let r = raftlab(&["run", &path]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = raftlab(&["check", &path]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn simulated_time_is_bounded_to_a_day() {
    let scn = shipped("split-vote");
    for t in [
        "18446744073709551615",
        "86400001",
        "99999999999999999999999",
        "-1",
        "1.5",
    ] {
        refused(
            &["run", &scn, "--until-ms", t],
            "--until-ms must be a whole number from 0 to 86400000",
        );
        refused(
            &["trace", &scn, "--until-ms", t],
            "--until-ms must be a whole number from 0 to 86400000",
        );
    }
    for every in ["0", "86400001", "18446744073709551615"] {
        refused(
            &["run", &scn, "--dump-every-ms", every],
            "--dump-every-ms must be a whole number from 1 to 86400000",
        );
    }
    // Within bounds, but a snapshot every millisecond of a day is too much output.
    refused(
        &[
            "run",
            &scn,
            "--dump-every-ms",
            "1",
            "--until-ms",
            "86400000",
        ],
        "the limit is 1000000",
    );
    // A run past the last step: fine, and it ends.
    let r = raftlab(&["run", &scn, "--until-ms", "4000", "--dump-every-ms", "1000"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(lines(&r.stdout).pop().unwrap()["t_ms"], 4000);
}

#[test]
fn bench_minutes_are_bounded() {
    for m in ["0", "1441", "18446744073709551615", "307445734561825861"] {
        refused(
            &["bench", "--minutes", m],
            "--minutes must be a whole number from 1 to 1440",
        );
    }
}

#[test]
fn fuzz_runs_and_durations_are_bounded() {
    refused(&["fuzz", "--duration-ms", "100"], "fuzz needs --runs N");
    refused(&["fuzz", "--runs", "1"], "fuzz needs --duration-ms D");
    for (runs, duration, want) in [
        (
            "0",
            "100",
            "--runs must be a whole number from 1 to 1000000",
        ),
        ("18446744073709551615", "100", "--runs must be"),
        (
            "1",
            "0",
            "--duration-ms must be a whole number from 1 to 3600000",
        ),
        ("1", "3600001", "--duration-ms must be"),
        ("1", "18446744073709551615", "--duration-ms must be"),
        ("1000000", "3600000", "the limit is 10000000000"),
    ] {
        refused(&["fuzz", "--runs", runs, "--duration-ms", duration], want);
    }
    refused(
        &[
            "fuzz",
            "--runs",
            "1",
            "--duration-ms",
            "100",
            "--seed",
            "-3",
        ],
        "--seed must be a whole number",
    );
    // A small fuzz run passes and prints its summary.
    let r = raftlab(&[
        "fuzz",
        "--runs",
        "2",
        "--duration-ms",
        "500",
        "--seed",
        "18446744073709551615",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let summary = lines(&r.stdout).pop().unwrap();
    assert_eq!(summary["runs"], 2);
    assert_eq!(summary["failures"], 0);
    assert_eq!(summary["first_seed"], u64::MAX);
    assert_eq!(summary["violations"]["election-safety"], 0);
}

#[test]
fn help_exits_0() {
    let r = raftlab(&["--help"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("raftlab run FILE"));
}

/// Issue 9: `bench --snapshot-every` is bounded like every other number.
#[test]
fn bench_snapshot_every_is_bounded() {
    refused(
        &["bench", "--minutes", "1", "--snapshot-every", "-1"],
        "--snapshot-every must be a whole number",
    );
    let r = raftlab(&["bench", "--minutes", "1", "--snapshot-every", "100"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = &lines(&r.stdout)[0];
    assert_eq!(v["snapshot_every"], 100);
    assert!(v["log_entries_kept"].as_u64().unwrap() < 5 * 200, "{v}");
    assert!(v["approx_bytes"].as_u64().unwrap() > 0);
}

/// Out-of-range servers in the new steps, and `max_nodes` below `nodes`, are
/// invalid input: exit 2 with a message, no panic.
#[test]
fn bad_cluster_shape_input_exits_2() {
    for (name, body, want) in [
        (
            "max-below.json",
            r#"{"nodes": 5, "max_nodes": 3}"#,
            "max_nodes",
        ),
        (
            "max-above.json",
            r#"{"nodes": 5, "max_nodes": 10}"#,
            "max_nodes",
        ),
    ] {
        let scn = file(
            name,
            format!(r#"{{"format": "raftlab-scenario/1", "cluster": {body}, "steps": []}}"#)
                .as_bytes(),
        );
        refused(&["run", &scn], want);
    }
    for step in [
        r#"{"at_ms": 0, "do": "add_server", "node": 6}"#,
        r#"{"at_ms": 0, "do": "transfer", "to": 0}"#,
        r#"{"at_ms": 0, "do": "snapshot", "node": 9}"#,
        r#"{"at_ms": 0, "do": "change", "voters": [1, 7]}"#,
    ] {
        let scn = file(
            "bad-step.json",
            format!(
                r#"{{"format": "raftlab-scenario/1", "cluster": {{"nodes": 3, "max_nodes": 5}}, "steps": [{step}]}}"#
            )
            .as_bytes(),
        );
        let r = raftlab(&["run", &scn]);
        assert_eq!(r.code, 2, "{step}: {}", r.stderr);
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    }
}

/// `raftlab fuzz --protocol zab` (DESIGN.md, "Second protocol"): the same summary
/// line, with ZAB's invariants; a teaching bug of the other protocol, or an
/// unknown protocol, is refused.
#[test]
fn fuzz_and_run_take_a_protocol() {
    let r = raftlab(&[
        "fuzz",
        "--protocol",
        "zab",
        "--runs",
        "5",
        "--duration-ms",
        "3000",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let summary = &lines(&r.stdout)[0];
    assert_eq!(summary["failures"], 0);
    let names: Vec<&String> = summary["violations"].as_object().unwrap().keys().collect();
    assert_eq!(names, ["leader-per-epoch", "no-lost-ack", "primary-order"]);
    refused(
        &[
            "fuzz",
            "--protocol",
            "zab",
            "--runs",
            "1",
            "--duration-ms",
            "10",
            "--bug",
            "figure-8",
        ],
        "unknown bug",
    );
    refused(
        &[
            "fuzz",
            "--protocol",
            "paxos",
            "--runs",
            "1",
            "--duration-ms",
            "10",
        ],
        "--protocol must be raft or zab",
    );
    // A side-by-side scenario runs under Raft too, checking Raft's expectations.
    let r = raftlab(&["run", "--protocol", "raft", &shipped("zab-leader-crash")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let last = lines(&r.stdout).pop().unwrap();
    assert_eq!(last["ok"], true);
    assert!(last.get("protocol").is_none(), "a Raft snapshot");
}

/// `raftlab lincheck FILE` (DESIGN.md, "Clients and reads"): exit 0 for a
/// linearizable history, 1 with the smallest set of operations that cannot be
/// ordered, 2 for invalid input naming the line.
#[test]
fn lincheck_judges_a_history_and_names_the_unorderable_operations() {
    let good = file(
        "lin-good.jsonl",
        br#"{"client":1,"kind":"put","key":"x","value":"1","invoke_ms":0,"complete_ms":10,"result":null}
{"client":2,"kind":"get","key":"x","value":"","invoke_ms":5,"complete_ms":15,"result":null}
{"client":2,"kind":"get","key":"x","invoke_ms":20,"complete_ms":30,"result":"1"}
"#,
    );
    let r = raftlab(&["lincheck", &good]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(lines(&r.stdout)[0]["linearizable"], true);
    // A stale read after the write completed (thesis §6.4): lines 1 and 3.
    let stale = file(
        "lin-stale.jsonl",
        br#"{"client":1,"kind":"put","key":"x","value":"1","invoke_ms":0,"complete_ms":10,"result":null}
{"client":3,"kind":"put","key":"y","value":"2","invoke_ms":0,"complete_ms":10,"result":null}
{"client":2,"kind":"get","key":"x","invoke_ms":20,"complete_ms":30,"result":null}
"#,
    );
    let r = raftlab(&["lincheck", &stale]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = &lines(&r.stdout)[0];
    assert_eq!(v["key"], "x");
    let shown: Vec<u64> = v["unorderable"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["line"].as_u64().unwrap())
        .collect();
    assert_eq!(shown, [1, 3]);
    let bad = file(
        "lin-bad.jsonl",
        b"{\"kind\":\"put\",\"key\":\"x\",\"value\":\"<b>\",\"invoke_ms\":0}\nnot json\n",
    );
    refused(&["lincheck", &bad], "line 2: not valid JSON");
}
