//! The browser side of determinism: the Raft core and world compiled to wasm
//! produce exactly the traces recorded natively (tests/golden/traces.json), and
//! the page's state logic runs in the browser.
#![cfg(target_arch = "wasm32")]

use raft_lab::sim::narrate::Lang;
use raft_lab::sim::runner::trace_fingerprint;
use raft_lab::sim::scenario::parse;
use raft_lab::ui::params::Params;
use raft_lab::ui::state::{Action, AppState};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SCENARIOS: &[(&str, &str)] = &[
    (
        "check-quorum",
        include_str!("../static/scenarios/check-quorum.json"),
    ),
    (
        "disruptive-server",
        include_str!("../static/scenarios/disruptive-server.json"),
    ),
    (
        "disruptive-server-prevote",
        include_str!("../static/scenarios/disruptive-server-prevote.json"),
    ),
    (
        "figure-7",
        include_str!("../static/scenarios/figure-7.json"),
    ),
    (
        "figure-8",
        include_str!("../static/scenarios/figure-8.json"),
    ),
    (
        "figure-8-bug",
        include_str!("../static/scenarios/figure-8-bug.json"),
    ),
    (
        "first-election",
        include_str!("../static/scenarios/first-election.json"),
    ),
    (
        "forget-vote-bug",
        include_str!("../static/scenarios/forget-vote-bug.json"),
    ),
    (
        "leader-crash",
        include_str!("../static/scenarios/leader-crash.json"),
    ),
    (
        "log-replication",
        include_str!("../static/scenarios/log-replication.json"),
    ),
    (
        "minority-leader",
        include_str!("../static/scenarios/minority-leader.json"),
    ),
    (
        "split-vote",
        include_str!("../static/scenarios/split-vote.json"),
    ),
    (
        "vote-without-log-check-bug",
        include_str!("../static/scenarios/vote-without-log-check-bug.json"),
    ),
];

#[wasm_bindgen_test]
fn browser_traces_equal_native_traces() {
    let golden: serde_json::Value =
        serde_json::from_str(include_str!("golden/traces.json")).unwrap();
    for (name, text) in SCENARIOS {
        let scn = parse(text).unwrap();
        let got = trace_fingerprint(&scn).unwrap();
        assert_eq!(
            Some(got.as_str()),
            golden[name].as_str(),
            "{name}: the browser's trace differs from the native one"
        );
    }
}

#[wasm_bindgen_test]
fn the_page_state_elects_a_leader_in_the_browser() {
    let mut s = AppState::new(Params::default(), Lang::En, vec![]);
    s.apply(Action::SetSpeed(1.0));
    for _ in 0..100 {
        s.apply(Action::Tick(16.0));
    }
    assert!(s.hist.borrow().world().leader().is_some());
}
