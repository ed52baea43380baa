//! The scenario reader (DESIGN.md, "Scenario format"): clear errors that name the
//! step, a lossless round trip, and no panic on any input.

use raft_lab::sim::rng::SimRng;
use raft_lab::sim::runner::{run, RunOptions};
use raft_lab::sim::scenario::parse;
use rand::RngExt;

/// DESIGN.md's example, with the servers its `init` leaves out given the terms a
/// real run would have left them (S1's and S5's entries need voters, §5.1) and
/// S1's first entry equal to S5's (Log Matching): the example as printed stages a
/// state no run of Raft reaches, and is refused (see
/// `unreachable_init_states_are_refused`).
const EXAMPLE: &str = r#"{
  "format": "raftlab-scenario/1",
  "title": "Figure 8",
  "description": {"en": "Why.", "zh": "为什么。"},
  "seed": 8,
  "cluster": {"nodes": 5, "election_timeout_ms": [150, 300], "heartbeat_ms": 50,
              "latency_ms": [10, 20], "loss": 0.0, "prevote": false, "check_quorum": false,
              "leader_noop": true, "bugs": []},
  "init": [
    { "node": 1, "term": 2, "voted_for": 1, "log": [{ "term": 1, "cmd": "x=1" }, 2] },
    { "node": 5, "term": 3, "log": [{ "term": 1, "cmd": "x=1" }, 3] },
    { "node": 2, "term": 2 }, { "node": 3, "term": 3 }, { "node": 4, "term": 3 }
  ],
  "steps": [
    { "at_ms": 0,   "do": "caption", "text": "S1 leads term 2." },
    { "at_ms": 0,   "do": "crash",   "node": 3 },
    { "at_ms": 40,  "do": "timeout", "node": 1 },
    { "at_ms": 300, "do": "write",   "value": "x=2" },
    { "at_ms": 300, "do": "write",   "value": "y=1", "to": 2 },
    { "at_ms": 400, "do": "cut",     "link": [1, 2] },
    { "at_ms": 400, "do": "cut",     "link": [3, 4], "oneway": true },
    { "at_ms": 500, "do": "heal",    "link": [1, 2] },
    { "at_ms": 600, "do": "partition", "groups": [[1, 2], [3, 4, 5]] },
    { "at_ms": 700, "do": "isolate", "node": 4 },
    { "at_ms": 800, "do": "heal_all" },
    { "at_ms": 850, "do": "restart", "node": 3 },
    { "at_ms": 900, "do": "set",     "loss": 0.1, "prevote": true },
    { "at_ms": 950, "do": "drop",    "from": 1, "to": 2 },
    { "at_ms": 990, "do": "pause" },
    { "at_ms": 2000, "do": "expect", "leader": 2, "min_term": 3,
      "commit_index": { "2": 4 }, "log_terms": { "1": [1, 2, 4, 4] },
      "roles": { "1": "follower" }, "acked": 2 }
  ],
  "expect_violation": null
}"#;

#[test]
fn the_design_example_parses() {
    let s = parse(EXAMPLE).unwrap();
    assert_eq!(s.setup.seed, 8);
    assert_eq!(s.steps.len(), 16);
    assert_eq!(s.setup.init[1].log.len(), 2);
    assert_eq!(s.setup.init.len(), 5);
    assert_eq!(s.description.get("zh"), "为什么。");
}

#[test]
fn writing_and_reading_back_gives_the_same_scenario() {
    let s = parse(EXAMPLE).unwrap();
    let again = parse(&s.to_json().to_string()).unwrap();
    assert_eq!(s.setup, again.setup);
    assert_eq!(s.steps, again.steps);
    assert_eq!(s.to_json(), again.to_json());
}

/// A change made to the example before reading it.
type Patch = Box<dyn Fn(&mut serde_json::Value)>;

fn err_of(patch: impl Fn(&mut serde_json::Value)) -> String {
    let mut v: serde_json::Value = serde_json::from_str(EXAMPLE).unwrap();
    patch(&mut v);
    parse(&v.to_string()).expect_err("should be rejected")
}

#[test]
fn errors_name_the_step_and_the_problem() {
    let cases: Vec<(Patch, &str)> = vec![
        (Box::new(|v| v["steps"][5]["lnk"] = 1.into()), "step 6 (at 400 ms, do \"cut\"): unknown key \"lnk\""),
        (Box::new(|v| v["steps"][2]["do"] = "explode".into()), "step 3: unknown \"do\": \"explode\""),
        (Box::new(|v| v["steps"][1]["node"] = 9.into()), "step 2 (at 0 ms, do \"crash\"): \"node\" names server 9, but the cluster has servers 1–5"),
        (Box::new(|v| v["steps"][3]["at_ms"] = 10.into()), "step 4 (at 10 ms, do \"write\"): times go backwards (the step before is at 40 ms)"),
        (Box::new(|v| v["init"][0]["term"] = 1.into()), "init[0] (server 1): \"term\" is 1, but the log holds an entry of term 2"),
        (Box::new(|v| v["cluster"]["nodes"] = 12.into()), "cluster: \"nodes\" must be a whole number from 1 to 9, got 12"),
        (Box::new(|v| v["cluster"]["loss"] = 1.5.into()), "cluster: \"loss\" must be a number from 0 to 1, got 1.5"),
        (Box::new(|v| v["cluster"]["bugs"] = serde_json::json!(["nope"])), "cluster: \"bugs\" names an unknown bug \"nope\""),
        (Box::new(|v| v["format"] = "raftlab-scenario/2".into()), "\"format\" must be \"raftlab-scenario/1\""),
        (Box::new(|v| v["steps"][3]["value"] = "novalue".into()), "a write is key=value"),
        (Box::new(|v| v["steps"][8]["groups"] = serde_json::json!([[1, 2], [2, 3]])), "lists server 2 twice"),
        (Box::new(|v| v["steps"][5]["link"] = serde_json::json!([2, 2])), "must join two different servers"),
        (Box::new(|v| v["init"][1]["log"] = serde_json::json!([3, 1])), "terms in a log never decrease"),
        (Box::new(|v| v["expect_violation"] = "everything".into()), "unknown invariant \"everything\""),
        (Box::new(|v| v["steps"][15]["roles"]["1"] = "king".into()), "must be one of leader, follower"),
        (Box::new(|v| v["steps"][13]["kind"] = "smoke".into()), "is not a message kind"),
        (Box::new(|v| v["surprise"] = true.into()), "scenario: unknown key \"surprise\""),
    ];
    for (patch, want) in cases {
        let e = err_of(patch);
        assert!(e.contains(want), "error {e:?} should contain {want:?}");
    }
    assert!(parse("{ not json")
        .unwrap_err()
        .starts_with("not valid JSON"));
}

/// Some editors start a UTF-8 file with a byte order mark: the reader skips it.
#[test]
fn a_scenario_may_start_with_a_byte_order_mark() {
    let with_bom = format!("\u{feff}{EXAMPLE}");
    assert_eq!(parse(&with_bom).unwrap(), parse(EXAMPLE).unwrap());
}

/// A lone surrogate escape reads as U+FFFD, as the JSON reader does everywhere,
/// and never swallows the character after it.
#[test]
fn a_lone_surrogate_in_a_text_is_replaced_and_the_next_character_kept() {
    let s = parse(r#"{"format":"raftlab-scenario/1","title":"\ud800\u0041 leads"}"#).unwrap();
    assert_eq!(s.title.get("en"), "\u{fffd}A leads");
}

#[test]
fn markup_in_text_is_kept_as_text() {
    let s =
        parse(r#"{"format":"raftlab-scenario/1","title":"<script>alert(1)</script>"}"#).unwrap();
    assert_eq!(s.title.get("en"), "<script>alert(1)</script>");
}

/// The reader never panics, whatever the bytes; and whatever it accepts, the
/// world can run without panicking.
#[test]
fn arbitrary_and_mutated_input_never_panics() {
    let mut rng = SimRng::seed_from_u64(99);
    let seeds = [
        EXAMPLE.as_bytes().to_vec(),
        include_bytes!("../static/scenarios/figure-8-bug.json").to_vec(),
    ];
    let mut accepted = 0;
    for i in 0..20_000 {
        let mut bytes = seeds[i % 2].clone();
        match rng.random_range(0..4u32) {
            0 => {
                // Random bytes.
                let n = rng.random_range(0..200usize);
                bytes = (0..n).map(|_| rng.random::<u8>()).collect();
            }
            1 => {
                // Flip some bytes.
                for _ in 0..rng.random_range(1..8u32) {
                    let p = rng.random_range(0..bytes.len());
                    bytes[p] = rng.random::<u8>();
                }
            }
            2 => {
                // Truncate.
                let p = rng.random_range(0..bytes.len());
                bytes.truncate(p);
            }
            _ => {
                // Replace a digit with another number, keeping JSON valid.
                let digits: Vec<usize> = bytes
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| b.is_ascii_digit())
                    .map(|(i, _)| i)
                    .collect();
                for _ in 0..3 {
                    let p = digits[rng.random_range(0..digits.len())];
                    bytes[p] = b'0' + rng.random_range(0..10u8);
                }
            }
        }
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(s) = parse(&text) {
            accepted += 1;
            let _ = run(
                &s,
                RunOptions {
                    dump_every: None,
                    until: Some(3_000_000),
                },
                |_| {},
            );
        }
    }
    assert!(
        accepted > 100,
        "mutations should keep some inputs valid, got {accepted}"
    );
}

/// Issue "Ready to grow": an `init` that no run of Raft reaches is refused with a
/// message naming the servers, instead of running and blaming Raft for the
/// "violations" that follow. Rules: §5.1 (an entry of term T needs a majority
/// with term ≥ T) and §5.3's Log Matching property.
#[test]
fn unreachable_init_states_are_refused() {
    let with_init =
        |init: &str| format!(r#"{{"format": "raftlab-scenario/1", "init": {init}, "steps": []}}"#);
    // The issue's example: S1 at term 1 with a term-1 entry, the others at term 0.
    let e = parse(&with_init(r#"[{"node": 1, "term": 1, "log": [1]}]"#)).unwrap_err();
    assert!(
        e.contains("S1 holds an entry of term 1") && e.contains("only 1 of 5 servers"),
        "{e}"
    );
    // DESIGN.md's example as printed: S1's term-2 entry has only S1 and S5 behind it.
    let design = r#"[{ "node": 1, "term": 2, "voted_for": 1, "log": [1, 2] },
                     { "node": 5, "term": 3, "log": [{ "term": 1, "cmd": "x=1" }, 3] }]"#;
    let e = parse(&with_init(design)).unwrap_err();
    assert!(e.contains("(S1, S5)"), "{e}");
    // Same index and term, different entries before it: Log Matching.
    let e = parse(&with_init(
        r#"[{"node": 1, "term": 2, "log": [{"term": 1, "cmd": "a=1"}, 2]},
            {"node": 2, "term": 2, "log": [{"term": 1, "cmd": "a=2"}, 2]},
            {"node": 3, "term": 2}]"#,
    ))
    .unwrap_err();
    assert!(
        e.contains("S1 and S2 both hold an entry of term 2 at index 2")
            && e.contains("differ at index 1"),
        "{e}"
    );
    // Different entries at an index of different terms are fine (Figure 7's f).
    parse(&with_init(
        r#"[{"node": 1, "term": 3, "log": [1, 2, 2]},
            {"node": 2, "term": 3, "log": [1, 3]},
            {"node": 3, "term": 3}]"#,
    ))
    .unwrap();
    // Through the command: exit 2, the message on stderr.
    let dir = std::env::temp_dir().join(format!("raftlab-init-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad-init.json");
    std::fs::write(&file, with_init(r#"[{"node": 1, "term": 1, "log": [1]}]"#)).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_raftlab"))
        .arg("run")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("S1 holds an entry of term 1"));
}

/// DESIGN.md, "Cluster shape": the keys a scenario gains for membership changes,
/// leadership transfer and snapshots, read and written back losslessly.
const SHAPE: &str = r#"{
  "format": "raftlab-scenario/1",
  "cluster": {"nodes": 3, "max_nodes": 6, "snapshot_every": 20, "membership": "joint",
              "bugs": ["add-two-at-once", "config-before-noop"]},
  "init": [
    {"node": 1, "term": 2, "snapshot": {"index": 10, "term": 2, "kv": {"x": "1", "y": "<b>"}},
     "log": [2, {"term": 2, "cmd": "z=3"}], "voters": [1, 2, 3]},
    {"node": 2, "term": 2, "snapshot": {"index": 11, "term": 2, "kv": {"x": "1"}},
     "log": [{"term": 2, "cmd": "z=3"}]},
    {"node": 3, "term": 2, "log": []}
  ],
  "steps": [
    {"at_ms": 0, "do": "add_learner", "node": 4},
    {"at_ms": 10, "do": "add_server", "node": 5},
    {"at_ms": 20, "do": "remove_server", "node": 1},
    {"at_ms": 30, "do": "change", "voters": [3, 4, 5, 6]},
    {"at_ms": 40, "do": "transfer", "to": 6},
    {"at_ms": 50, "do": "snapshot", "node": 2},
    {"at_ms": 60, "do": "set", "membership": "single", "snapshot_every": 0},
    {"at_ms": 70, "do": "expect", "voters": [5, 3, 4], "learners": [], "snapshot_index": {"2": 11}}
  ]
}"#;

#[test]
fn cluster_shape_keys_read_and_round_trip() {
    let s = parse(SHAPE).unwrap();
    let c = &s.setup.cluster;
    assert_eq!((c.nodes, c.max_nodes, c.snapshot_every), (3, 6, 20));
    assert!(c.options.joint_consensus);
    assert!(c.options.bugs.add_two_at_once && c.options.bugs.config_before_noop);
    let s1 = &s.setup.init[0];
    let snap = s1.snapshot.as_ref().unwrap();
    assert_eq!((snap.index, snap.term), (10, 2));
    assert_eq!(
        snap.kv[1],
        ("y".to_string(), "<b>".to_string()),
        "markup stays text"
    );
    assert_eq!(s1.log.len(), 2);
    assert_eq!(s1.voters.as_deref(), Some(&[1, 2, 3][..]));
    assert_eq!(s.steps.len(), 8);
    let again = parse(&s.to_json().to_string()).unwrap();
    assert_eq!(s.setup, again.setup);
    assert_eq!(s.steps, again.steps);
    assert_eq!(s.to_json(), again.to_json());
    let text = s.to_json().to_string();
    for key in [
        r#""max_nodes":6"#,
        r#""membership":"joint""#,
        r#""do":"transfer","to":6"#,
    ] {
        assert!(text.contains(key), "{key} missing from {text}");
    }
}

#[test]
fn cluster_shape_errors_name_the_problem() {
    let with = |patch: &dyn Fn(&mut serde_json::Value)| {
        let mut v: serde_json::Value = serde_json::from_str(SHAPE).unwrap();
        patch(&mut v);
        parse(&v.to_string()).expect_err("should be rejected")
    };
    let cases: Vec<(Patch, &str)> = vec![
        (
            Box::new(|v| v["cluster"]["max_nodes"] = 2.into()),
            "\"max_nodes\" is 2, below \"nodes\" (3)",
        ),
        (
            Box::new(|v| v["cluster"]["max_nodes"] = 10.into()),
            "\"max_nodes\" must be a whole number from 1 to 9",
        ),
        (
            Box::new(|v| v["cluster"]["membership"] = "<i>both</i>".into()),
            "must be \"single\" or \"joint\"",
        ),
        (
            Box::new(|v| v["steps"][3]["voters"] = serde_json::json!([3, 3])),
            "lists S3 twice",
        ),
        (
            Box::new(|v| v["steps"][3]["voters"] = serde_json::json!([])),
            "non-empty list",
        ),
        (
            Box::new(|v| v["steps"][4]["to"] = 7.into()),
            "names server 7, but the cluster has servers 1–6",
        ),
        (
            Box::new(|v| v["init"][0]["snapshot"]["index"] = 0.into()),
            "\"index\" must be a whole number from 1",
        ),
        (
            Box::new(|v| v["init"][0]["snapshot"]["term"] = 3.into()),
            "entry 11 has term 2, below the term 3 before it",
        ),
        (
            Box::new(|v| v["init"][2]["snapshot"] = serde_json::json!({"index": 3, "term": 3})),
            "\"term\" is 2, but the log holds an entry of term 3",
        ),
        (
            Box::new(|v| v["init"][0]["snapshot"]["kv"] = serde_json::json!({"x": 1})),
            "[\"x\"] must be a string",
        ),
        (
            Box::new(|v| v["init"][0]["snapshot"]["extra"] = 1.into()),
            "unknown key \"extra\"",
        ),
        (
            Box::new(|v| v["init"][0]["voters"] = serde_json::json!([1, 8])),
            "names server 8",
        ),
        (
            Box::new(|v| v["steps"][7]["snapshot_index"]["9"] = 1.into()),
            "names server \"9\"",
        ),
    ];
    for (patch, want) in cases {
        let e = with(&*patch);
        assert!(e.contains(want), "error {e:?} should contain {want:?}");
    }
}

/// A snapshot stands for committed entries up to its index (§7): its term needs a
/// majority with a term at least as high, and Log Matching holds across it.
#[test]
fn reachability_counts_a_snapshot_as_its_last_entry() {
    let with_init =
        |init: &str| format!(r#"{{"format": "raftlab-scenario/1", "init": {init}, "steps": []}}"#);
    let e = parse(&with_init(
        r#"[{"node": 1, "term": 4, "snapshot": {"index": 5, "term": 4}}]"#,
    ))
    .unwrap_err();
    assert!(e.contains("S1 holds an entry of term 4 (index 5)"), "{e}");
    // S2's entry 6 (term 3) matches S1's, but S1 has index 5 of term 2 after its
    // snapshot while S2 has it at term 3: Log Matching refuses.
    let e = parse(&with_init(
        r#"[{"node": 1, "term": 3, "snapshot": {"index": 4, "term": 2}, "log": [2, 3]},
            {"node": 2, "term": 3, "log": [1, 1, 2, 2, 3, 3]},
            {"node": 3, "term": 3}]"#,
    ))
    .unwrap_err();
    assert!(e.contains("differ at index 5"), "{e}");
    // The same logs agreeing: fine, the entries after the snapshot are at 5 and 6.
    let s = parse(&with_init(
        r#"[{"node": 1, "term": 3, "snapshot": {"index": 4, "term": 2}, "log": [3, 3]},
            {"node": 2, "term": 3, "log": [1, 1, 2, 2, 3, 3]},
            {"node": 3, "term": 3}]"#,
    ))
    .unwrap();
    assert_eq!(s.setup.init[0].log.len(), 2);
}

/// A partition with an empty side (the fuzzer once made them) is written
/// without it, so a saved failure always reads back — and cuts the same links.
#[test]
fn a_partition_with_an_empty_group_is_saved_readable() {
    use raft_lab::sim::scenario::StepKind;
    use raft_lab::sim::world::Action;
    let mut s = parse(EXAMPLE).unwrap();
    let step = s
        .steps
        .iter_mut()
        .find(|st| matches!(st.kind, StepKind::Act(Action::Partition(_))))
        .expect("the example partitions");
    step.kind = StepKind::Act(Action::Partition(vec![vec![1, 2, 3, 4, 5], vec![]]));
    let again = parse(&s.to_json().to_string()).expect("reads back");
    let back = again
        .steps
        .iter()
        .find_map(|st| match &st.kind {
            StepKind::Act(Action::Partition(g)) => Some(g.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(back, vec![vec![1, 2, 3, 4, 5]]);
}
