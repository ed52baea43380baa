//! Determinism (DESIGN.md): the same seed and actions give the same trace, run
//! after run and natively as in the browser. The fingerprints of every shipped
//! scenario's trace are kept in tests/golden/traces.json; tests/wasm.rs checks
//! the browser against the same file.
//!
//! After a deliberate change of behaviour, regenerate with
//! `RAFTLAB_BLESS=1 cargo test --test determinism`.

use raft_lab::sim::runner::trace_fingerprint;
use raft_lab::sim::scenario::parse;
use std::collections::BTreeMap;
use std::path::Path;

#[test]
fn traces_match_the_golden_fingerprints() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut got = BTreeMap::new();
    for entry in std::fs::read_dir(root.join("static/scenarios")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        if name == "index" {
            continue;
        }
        let scn = parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
        got.insert(name, trace_fingerprint(&scn).unwrap());
    }
    let golden = root.join("tests/golden/traces.json");
    if std::env::var_os("RAFTLAB_BLESS").is_some() {
        std::fs::write(&golden, serde_json::to_string_pretty(&got).unwrap() + "\n").unwrap();
    }
    let want: BTreeMap<String, String> =
        serde_json::from_str(&std::fs::read_to_string(&golden).expect("tests/golden/traces.json"))
            .unwrap();
    assert_eq!(
        got, want,
        "traces changed: if on purpose, RAFTLAB_BLESS=1 cargo test --test determinism"
    );
}
