//! Events as plain sentences, for the page's event feed and `raftlab trace`. The
//! sentences themselves are templates in `crate::text`, one file per language.

use super::client::Write;
use super::feed::{Event, Request};
use super::invariants::Invariant;
use crate::raft::{ids, AppendRefusal, Change, ChangeRefusal, NodeId, Note, Refusal};
use crate::text::fill;
use std::fmt::Display;

/// The languages moved to `crate::text`; this name stays for existing callers.
pub use crate::text::Lang;

/// The display name of an invariant.
pub fn invariant_title(inv: Invariant, lang: Lang) -> &'static str {
    let t = lang.texts();
    match inv {
        Invariant::ElectionSafety => t.election_safety,
        Invariant::LeaderAppendOnly => t.leader_append_only,
        Invariant::LogMatching => t.log_matching,
        Invariant::LeaderCompleteness => t.leader_completeness,
        Invariant::StateMachineSafety => t.state_machine_safety,
        Invariant::NoLostAck => t.no_lost_ack,
        Invariant::LeaderPerEpoch => t.leader_per_epoch,
        Invariant::PrimaryOrder => t.primary_order,
        Invariant::Linearizability => t.linearizability,
    }
}

/// What an invariant promises, in one plain sentence.
pub fn invariant_promise(inv: Invariant, lang: Lang) -> &'static str {
    let t = lang.texts();
    match inv {
        Invariant::ElectionSafety => t.election_safety_promise,
        Invariant::LeaderAppendOnly => t.leader_append_only_promise,
        Invariant::LogMatching => t.log_matching_promise,
        Invariant::LeaderCompleteness => t.leader_completeness_promise,
        Invariant::StateMachineSafety => t.state_machine_safety_promise,
        Invariant::NoLostAck => t.no_lost_ack_promise,
        Invariant::LeaderPerEpoch => t.leader_per_epoch_promise,
        Invariant::PrimaryOrder => t.primary_order_promise,
        Invariant::Linearizability => t.linearizability_promise,
    }
}

fn value(writes: &[Write], w: u32) -> String {
    writes
        .get(w as usize)
        .map_or_else(|| format!("#{w}"), |w| w.value.clone())
}

fn group(g: &[NodeId]) -> String {
    let names: Vec<String> = g.iter().map(|n| format!("S{n}")).collect();
    format!("{{{}}}", names.join(" "))
}

/// One event as a sentence.
pub fn describe(e: &Event, lang: Lang, writes: &[Write]) -> String {
    let t = lang.texts();
    let say = |template: &str, args: &[&dyn Display]| fill(template, args);
    match e {
        Event::Node(id, note) => describe_note(*id, note, lang),
        Event::Crashed(n) => say(t.crashed, &[n]),
        Event::Restarted(n) => say(t.restarted, &[n]),
        Event::ForcedTimeout(n) => say(t.forced_timeout, &[n]),
        Event::TimeoutIgnored(n) => say(t.timeout_ignored, &[n]),
        Event::LinkCut { from, to, oneway } => {
            let template = if *oneway {
                t.link_was_cut_oneway
            } else {
                t.link_was_cut
            };
            say(template, &[from, to])
        }
        Event::LinkHealed { from, to, oneway } => {
            let template = if *oneway {
                t.link_was_healed_oneway
            } else {
                t.link_was_healed
            };
            say(template, &[from, to])
        }
        Event::Partitioned(groups) => {
            let g: Vec<String> = groups.iter().map(|g| group(g)).collect();
            say(t.partitioned, &[&g.join(" | ")])
        }
        Event::Isolated(n) => say(t.isolated, &[n]),
        Event::HealedAll => t.healed_all.to_string(),
        Event::WriteSubmitted { write, to } => {
            let v = value(writes, *write);
            match to {
                Some(to) => say(t.write_sent_to, &[&v, to]),
                None => say(t.write_sent, &[&v]),
            }
        }
        Event::WriteRedirected { from, to, .. } => say(t.write_redirected, &[from, to]),
        Event::WriteWaiting { write } => say(t.write_waiting, &[&value(writes, *write)]),
        Event::WriteAppended {
            write,
            leader,
            index,
            term,
        } => say(
            t.write_appended,
            &[leader, &value(writes, *write), index, term],
        ),
        Event::WriteAcked { write, index } => say(t.write_acked, &[&value(writes, *write), index]),
        Event::WriteUnknown { write, leader } => {
            say(t.write_unknown, &[leader, &value(writes, *write)])
        }
        Event::WriteRetried { value, .. } => say(t.write_retried, &[value]),
        Event::ReadSubmitted {
            client, key, mode, ..
        } => say(t.read_sent, &[client, key, &mode.name()]),
        Event::ReadAnswered {
            server,
            key,
            value: Some(v),
            ..
        } => say(t.read_answered, &[server, key, v]),
        Event::ReadAnswered { server, key, .. } => say(t.read_answered_none, &[server, key]),
        Event::ReadUnknown { server, key, .. } => say(t.read_unknown, &[server, key]),
        Event::Dropped { kind, from, to } => say(t.dropped, &[&kind.name(), from, to]),
        Event::Delayed { count, by } => say(t.delayed, &[count, &(by / 1000)]),
        Event::Duplicated { count } => say(t.duplicated, &[count]),
        Event::SettingsChanged => t.settings_changed.to_string(),
        Event::TimersAligned => t.timers_aligned.to_string(),
        Event::TimersSpread => t.timers_spread.to_string(),
        Event::Violation { invariant, nodes } => {
            let who: Vec<String> = nodes.iter().map(|n| format!("S{n}")).collect();
            say(
                t.violation,
                &[&invariant.title(lang), &who.join(t.list_sep)],
            )
        }
        Event::Requested { leader, req } => say(t.requested, &[leader, &request(req, lang)]),
        Event::Refused {
            leader: Some(l),
            req,
            reason: Some(r),
        } => say(
            t.change_refused,
            &[l, &request(req, lang), &refusal(*r, lang)],
        ),
        Event::Refused { req, .. } => say(t.refused_no_leader, &[&request(req, lang)]),
    }
}

/// What was asked of the leader, as a verb phrase ("add S6").
fn request(req: &Request, lang: Lang) -> String {
    let t = lang.texts();
    match *req {
        Request::Change(Change::AddVoter(n)) => fill(t.req_add_server, &[&n]),
        Request::Change(Change::AddLearner(n)) => fill(t.req_add_learner, &[&n]),
        Request::Change(Change::Remove(n)) => fill(t.req_remove_server, &[&n]),
        Request::Change(Change::Voters(set)) => {
            fill(t.req_change, &[&group(&ids(set).collect::<Vec<_>>())])
        }
        Request::Transfer(n) => fill(t.req_transfer, &[&n]),
    }
}

fn refusal(r: ChangeRefusal, lang: Lang) -> &'static str {
    let t = lang.texts();
    match r {
        ChangeRefusal::NotLeader(_) => t.change_not_leader,
        ChangeRefusal::InProgress => t.change_in_progress,
        ChangeRefusal::NoCommitInTerm => t.change_no_commit_in_term,
        ChangeRefusal::Transferring => t.change_transferring,
        ChangeRefusal::NoChange => t.change_no_change,
        ChangeRefusal::NoVoters => t.change_no_voters,
        ChangeRefusal::BadTarget => t.change_bad_target,
    }
}

fn describe_note(id: NodeId, note: &Note, lang: Lang) -> String {
    let t = lang.texts();
    let say = |template: &str, args: &[&dyn Display]| fill(template, args);
    match *note {
        Note::TimedOut { term, pre_vote } => {
            let template = if pre_vote {
                t.timed_out_pre_vote
            } else {
                t.timed_out
            };
            say(template, &[&id, &term])
        }
        Note::BecameLeader { term } => say(t.became_leader, &[&id, &term]),
        Note::AdoptedTerm { term, from } => say(t.adopted_term, &[&id, &term, &from]),
        Note::LostQuorum { term } => say(t.lost_quorum, &[&id, &term]),
        Note::VoteGranted {
            candidate,
            term,
            pre_vote,
        } => {
            let template = if pre_vote {
                t.pre_vote_granted
            } else {
                t.vote_granted
            };
            say(template, &[&id, &candidate, &term])
        }
        Note::VoteRefused {
            candidate,
            term,
            pre_vote,
            reason,
        } => {
            let why = match reason {
                Refusal::StaleTerm => say(t.refusal_stale_term, &[&candidate]),
                Refusal::AlreadyVoted(v) => say(t.refusal_already_voted, &[&v, &term]),
                Refusal::LogBehind => say(t.refusal_log_behind, &[&candidate]),
                Refusal::LeaderAlive => t.refusal_leader_alive.to_string(),
            };
            let template = if pre_vote {
                t.pre_vote_refused
            } else {
                t.vote_refused
            };
            say(template, &[&id, &candidate, &why])
        }
        Note::AppendRefused {
            leader,
            prev_log_index,
            reason,
        } => match reason {
            AppendRefusal::StaleTerm => say(t.append_stale_term, &[&id, &leader]),
            AppendRefusal::MissingEntry => {
                say(t.append_missing_entry, &[&id, &prev_log_index, &leader])
            }
            AppendRefusal::TermMismatch => {
                say(t.append_term_mismatch, &[&id, &prev_log_index, &leader])
            }
            AppendRefusal::SameTermLeader => say(t.append_same_term_leader, &[&id, &leader]),
        },
        Note::Truncated { from } => say(t.truncated, &[&id, &from]),
        Note::Committed { index } => say(t.committed_up_to, &[&id, &index]),
        Note::ConfigAppended { index } => say(t.config_appended, &[&id, &index]),
        Note::LearnerCaughtUp { id: l } => say(t.learner_caught_up, &[&id, &l]),
        Note::SteppedDownRemoved { term } => say(t.stepped_down_removed, &[&id, &term]),
        Note::TransferStarted { to } => say(t.transfer_started, &[&id, &to]),
        Note::TimeoutNowSent { to } => say(t.timeout_now_sent, &[&id, &to]),
        Note::TransferAborted { to } => say(t.transfer_aborted, &[&id, &to]),
        Note::TimeoutNowReceived { from } => say(t.timeout_now_received, &[&id, &from]),
        Note::Compacted { index } => say(t.compacted, &[&id, &index]),
        Note::SnapshotSent { to, index } => say(t.snapshot_sent, &[&id, &to, &index]),
        Note::SnapshotInstalled { leader, index } => {
            say(t.snapshot_installed, &[&id, &index, &leader])
        }
    }
}
