//! The browser side of determinism: the Raft core and world compiled to wasm
//! produce exactly the event traces recorded natively (tests/golden/NAME.txt,
//! see tests/determinism.rs), and the page's state logic runs in the browser.
#![cfg(target_arch = "wasm32")]

#[path = "golden/shipped.rs"]
mod shipped;

use raft_lab::sim::narrate::Lang;
use raft_lab::sim::scenario::parse;
use raft_lab::ui::params::Params;
use raft_lab::ui::state::{Action, AppState};
use shipped::{golden_trace, SHIPPED};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn browser_traces_equal_native_traces() {
    for (name, json, want) in SHIPPED {
        let scn = parse(json).unwrap_or_else(|e| panic!("{name}: {e}"));
        let got = golden_trace(&scn);
        if got != *want {
            let line = got
                .lines()
                .zip(want.lines())
                .position(|(g, w)| g != w)
                .map_or(got.lines().count().min(want.lines().count()), |i| i);
            panic!(
                "{name}: the browser's trace differs from tests/golden/{name}.txt at line {}:\n  browser: {:?}\n  native:  {:?}",
                line + 1,
                got.lines().nth(line),
                want.lines().nth(line)
            );
        }
    }
}

#[wasm_bindgen_test]
fn the_page_state_elects_a_leader_in_the_browser() {
    let mut s = AppState::new(Params::default(), Lang::En, vec![]);
    s.act(Action::SetSpeed(1.0));
    for _ in 0..100 {
        s.act(Action::Tick(16.0));
    }
    assert!(s.hist.borrow().world().leader().is_some());
}
