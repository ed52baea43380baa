//! The algorithm's switches, live: PreVote, CheckQuorum, the leader's no-op,
//! batching, fast backtracking, and the teaching bugs.

use crate::raft::Bugs;
use crate::sim::config::{ClusterConfig, Settings};
use crate::sim::world::TimerMode;
use crate::text::Lang;
use crate::ui::i18n::T;
use crate::ui::state::Action;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SettingsProps {
    pub config: ClusterConfig,
    /// The voters of the configuration drawn, and those picked to change to.
    pub voters: u16,
    pub picked: Option<u16>,
    pub lang: Lang,
    pub on_action: Callback<Action>,
}

fn toggle(
    label: &'static str,
    hint: &'static str,
    on: bool,
    testid: &'static str,
    make: impl Fn(bool) -> Settings + 'static,
    cb: &Callback<Action>,
) -> Html {
    let cb = cb.clone();
    let onchange = Callback::from(move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        cb.emit(Action::Set(make(input.checked())));
    });
    html! {
        <label class="toggle" title={hint}>
            <input type="checkbox" checked={on} {onchange} data-testid={testid} />
            <span>{ label }</span>
        </label>
    }
}

/// A whole number from 0 to `max`, sent on change.
fn number(
    label: &'static str,
    testid: &'static str,
    value: u64,
    max: u64,
    make: fn(u64) -> Action,
    cb: &Callback<Action>,
) -> Html {
    let cb = cb.clone();
    let onchange = Callback::from(move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        if let Ok(v) = input.value().trim().parse::<u64>() {
            cb.emit(make(v.min(max)));
        }
    });
    html! {
        <label class="row">
            <span>{ label }</span>
            <input type="number" min="0" max={max.to_string()} value={value.to_string()} data-testid={testid} {onchange} />
        </label>
    }
}

#[component]
pub fn SettingsPanel(p: &SettingsProps) -> Html {
    let lang = p.lang;
    let o = p.config.options;
    let cb = &p.on_action;
    let bug = |name: &'static str, label: T| {
        let bugs = o.bugs;
        toggle(
            label.get(lang),
            T::BugsHint.get(lang),
            bugs.is_on(name),
            name,
            move |on| {
                let mut b: Bugs = bugs;
                b.set(name, on);
                Settings {
                    bugs: Some(b),
                    ..Settings::default()
                }
            },
            cb,
        )
    };
    let on_max = {
        let cb = cb.clone();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            let v = sel.value().parse::<usize>().unwrap_or(0);
            cb.emit(Action::Set(Settings {
                max_entries_per_append: Some(v),
                ..Settings::default()
            }));
        })
    };
    let target = p.picked.unwrap_or(p.voters);
    let total = p.config.max_nodes.max(p.config.nodes);
    let timers = |mode: TimerMode| {
        let cb = cb.clone();
        Callback::from(move |_: MouseEvent| cb.emit(Action::Timers(mode)))
    };
    html! {
        <section class="panel settings" aria-label={T::Algorithm.get(lang)}>
            <h2>{ T::Algorithm.get(lang) }</h2>
            { toggle(T::PreVote.get(lang), T::PreVoteHint.get(lang), o.prevote, "opt-prevote",
                |v| Settings { prevote: Some(v), ..Settings::default() }, cb) }
            { toggle(T::CheckQuorum.get(lang), T::CheckQuorumHint.get(lang), o.check_quorum, "opt-check-quorum",
                |v| Settings { check_quorum: Some(v), ..Settings::default() }, cb) }
            { toggle(T::LeaderNoop.get(lang), T::LeaderNoopHint.get(lang), o.leader_noop, "opt-leader-noop",
                |v| Settings { leader_noop: Some(v), ..Settings::default() }, cb) }
            { toggle(T::FastBacktrack.get(lang), T::FastBacktrackHint.get(lang), o.fast_backtrack, "opt-fast-backtrack",
                |v| Settings { fast_backtrack: Some(v), ..Settings::default() }, cb) }
            <label class="row">
                <span>{ T::MaxEntries.get(lang) }</span>
                <select onchange={on_max} data-testid="opt-max-entries">
                    { for [0usize, 1, 2, 4, 8, 64].into_iter().map(|m| html! {
                        <option value={m.to_string()} selected={o.max_entries_per_append == m}>
                            { if m == 0 { T::NoLimit.get(lang).to_string() } else { m.to_string() } }
                        </option>
                    }) }
                </select>
            </label>
            <div class="row">
                <span>{ T::Timers.get(lang) }</span>
                <button onclick={timers(TimerMode::Spread)}>{ T::SpreadTimers.get(lang) }</button>
                <button onclick={timers(TimerMode::Align)}>{ T::AlignTimers.get(lang) }</button>
            </div>
            <h3>{ T::Membership.get(lang) }</h3>
            { number(T::ServersTotal.get(lang), "opt-max-nodes", total as u64, 9, |n| Action::SetMaxNodes(n as u8), cb) }
            { toggle(T::JointConsensus.get(lang), T::SeveralAtOnce.get(lang), o.joint_consensus, "membership-mode",
                |v| Settings { joint_consensus: Some(v), ..Settings::default() }, cb) }
            <div class="row voters" role="group" aria-label={T::ChangeVoters.get(lang)}>
                { for (1..=total).map(|id| {
                    let b = crate::raft::bit(id);
                    let cb = cb.clone();
                    let onchange = Callback::from(move |_: Event| cb.emit(Action::PickVoter(id)));
                    html! {
                        <label class="pick"><input type="checkbox" data-testid="pick-voter" data-node={id.to_string()}
                            checked={target & b != 0} {onchange} />{ format!("S{id}") }</label>
                    }
                }) }
                <button data-testid="change-voters" onclick={super::on_click(cb, Action::ChangeVoters)} disabled={target == p.voters || target == 0}>{ T::ChangeVoters.get(lang) }</button>
            </div>
            { number(T::SnapshotEvery.get(lang), "opt-snapshot-every", p.config.snapshot_every, 100_000,
                |v| Action::Set(Settings { snapshot_every: Some(v), ..Settings::default() }), cb) }
            <h3 title={T::BugsHint.get(lang)}>{ T::TeachingBugs.get(lang) }</h3>
            { bug("commit-old-term-by-count", T::BugCommitOld) }
            { bug("vote-without-log-check", T::BugVoteNoLog) }
            { bug("forget-vote-on-restart", T::BugForgetVote) }
            { bug("add-two-at-once", T::BugAddTwo) }
            { bug("config-before-noop", T::BugConfigNoop) }
            { bug("no-client-dedup", T::BugNoDedup) }
            { bug("lease-without-drift-bound", T::BugLeaseDrift) }
            { bug("read-without-quorum-check", T::BugReadNoQuorum) }
        </section>
    }
}
