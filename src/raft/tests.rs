//! Unit tests of the core, one or more per rule of the paper, in the spirit of
//! etcd's and raft-rs's `paper_test`s. Each test names the section it checks.

use super::*;

const ET_MIN: Time = 150_000;
const HB: Time = 50_000;

fn config(id: NodeId, n: u8, options: Options) -> Config {
    Config {
        id,
        cluster_size: n,
        bootstrap: Membership::first(n),
        election_timeout_min: ET_MIN,
        heartbeat_interval: HB,
        options,
    }
}

fn entries(terms: &[Term]) -> Vec<Entry> {
    terms.iter().map(|&t| Entry::noop(t)).collect()
}

fn node_with(id: NodeId, n: u8, term: Term, log: &[Term], options: Options) -> Node {
    Node::new(
        config(id, n, options),
        Persistent {
            current_term: term,
            voted_for: None,
            log: Log::from_entries(entries(log)),
            snapshot: None,
        },
    )
}

fn node(id: NodeId, term: Term, log: &[Term]) -> Node {
    node_with(id, 5, term, log, Options::default())
}

fn log_terms(n: &Node) -> Vec<Term> {
    n.log().entries().iter().map(|e| e.term).collect()
}

fn msg(from: NodeId, to: NodeId, body: Body) -> Input {
    Input::Receive(Message { from, to, body })
}

fn vote_req(term: Term, last_log_index: Index, last_log_term: Term) -> Body {
    Body::RequestVote(RequestVote {
        term,
        pre_vote: false,
        last_log_index,
        last_log_term,
        transfer: false,
    })
}

fn granted(out: &Output) -> Vec<bool> {
    out.messages
        .iter()
        .filter_map(|m| match &m.body {
            Body::RequestVoteResponse(r) => Some(r.vote_granted),
            _ => None,
        })
        .collect()
}

fn append(term: Term, prev: (Index, Term), ents: &[Term], commit: Index) -> Body {
    Body::AppendEntries(AppendEntries {
        term,
        prev_log_index: prev.0,
        prev_log_term: prev.1,
        entries: entries(ents),
        leader_commit: commit,
        round: 0,
    })
}

/// A cluster wired together with instant, in-order delivery, for multi-node rules.
struct Net {
    nodes: Vec<Node>,
    queue: std::collections::VecDeque<Message>,
    /// Directed links that drop everything.
    cut: Vec<(NodeId, NodeId)>,
}

impl Net {
    fn new(logs: &[(Term, &[Term])], options: Options) -> Net {
        let n = logs.len() as u8;
        let nodes = logs
            .iter()
            .enumerate()
            .map(|(i, (term, log))| node_with(i as u8 + 1, n, *term, log, options))
            .collect();
        Net {
            nodes,
            queue: Default::default(),
            cut: vec![],
        }
    }
    fn node(&mut self, id: NodeId) -> &mut Node {
        &mut self.nodes[id as usize - 1]
    }
    fn input(&mut self, id: NodeId, input: Input) {
        let out = self.node(id).handle(0, input);
        self.queue.extend(out.messages);
    }
    fn run(&mut self) {
        let mut budget = 10_000;
        while let Some(m) = self.queue.pop_front() {
            budget -= 1;
            assert!(budget > 0, "messages never settle");
            if self.cut.contains(&(m.from, m.to)) {
                continue;
            }
            let to = m.to;
            self.input(to, Input::Receive(m));
        }
    }
    fn elect(&mut self, id: NodeId) {
        self.input(id, Input::ElectionTimeout);
        self.run();
        assert_eq!(self.node(id).role(), Role::Leader, "S{id} should win");
    }
    fn propose(&mut self, id: NodeId, cmd: &str) -> Index {
        let (index, out) = self.node(id).propose(cmd.into(), 1).expect("leader");
        self.queue.extend(out.messages);
        self.run();
        index
    }
}

// ---- §5.1: terms -----------------------------------------------------------

#[test]
fn any_role_steps_down_on_a_higher_term_5_1() {
    let mut net = Net::new(&[(1, &[]), (1, &[]), (1, &[])], Options::default());
    net.elect(1);
    let out = net.node(1).handle(0, msg(2, 1, append(5, (0, 0), &[], 0)));
    assert_eq!(net.node(1).role(), Role::Follower);
    assert_eq!(net.node(1).current_term(), 5);
    assert_eq!(net.node(1).leader_id(), Some(2));
    assert_eq!(
        out.heartbeat_timer,
        Some(Timer::Stop),
        "a follower sends no heartbeats"
    );

    let mut c = node(1, 1, &[]);
    c.handle(0, Input::ElectionTimeout);
    assert_eq!(c.role(), Role::Candidate);
    c.handle(0, msg(2, 1, vote_req(7, 0, 0)));
    assert_eq!((c.role(), c.current_term()), (Role::Follower, 7));
}

#[test]
fn stale_term_requests_are_rejected_5_1() {
    let mut f = node(1, 3, &[1]);
    let out = f.handle(0, msg(2, 1, append(2, (1, 1), &[2], 0)));
    assert!(matches!(
        out.messages[0].body,
        Body::AppendEntriesResponse(AppendEntriesResponse {
            success: false,
            term: 3,
            ..
        })
    ));
    assert_eq!(
        log_terms(&f),
        vec![1],
        "nothing appended from a stale leader"
    );
    let out = f.handle(0, msg(2, 1, vote_req(2, 5, 2)));
    assert_eq!(granted(&out), vec![false]);
}

// ---- §5.2: leader election --------------------------------------------------

#[test]
fn servers_start_as_followers_5_2() {
    let mut f = node(1, 0, &[]);
    assert_eq!(f.role(), Role::Follower);
    assert_eq!(f.start().election_timer, Some(Timer::Randomized));
}

#[test]
fn timeout_starts_an_election_5_2() {
    let mut f = node(1, 2, &[1, 2]);
    let out = f.handle(0, Input::ElectionTimeout);
    assert_eq!(f.role(), Role::Candidate);
    assert_eq!(f.current_term(), 3, "increments currentTerm");
    assert_eq!(f.voted_for(), Some(1), "votes for itself");
    assert_eq!(
        out.election_timer,
        Some(Timer::Randomized),
        "resets its timer"
    );
    assert_eq!(out.messages.len(), 4, "RequestVote to every other server");
    for m in &out.messages {
        assert_eq!(m.body, vote_req(3, 2, 2));
    }
    // A candidate whose election times out starts another one.
    f.handle(0, Input::ElectionTimeout);
    assert_eq!((f.role(), f.current_term()), (Role::Candidate, 4));
}

#[test]
fn a_majority_of_votes_wins_5_2() {
    // (votes granted besides its own, cluster size, leader?)
    for (grants, n, wins) in [
        (0, 1, true),
        (1, 3, true),
        (0, 3, false),
        (2, 5, true),
        (1, 5, false),
    ] {
        let mut c = node_with(1, n, 0, &[], Options::default());
        c.handle(0, Input::ElectionTimeout);
        for from in 2..2 + grants {
            let body = Body::RequestVoteResponse(RequestVoteResponse {
                term: 1,
                pre_vote: false,
                vote_granted: true,
            });
            c.handle(0, msg(from, 1, body));
        }
        assert_eq!(c.role() == Role::Leader, wins, "{grants} grants of {n}");
    }
}

#[test]
fn one_vote_per_term_first_come_first_served_5_2() {
    let mut f = node(1, 1, &[]);
    assert_eq!(
        granted(&f.handle(0, msg(2, 1, vote_req(2, 0, 0)))),
        vec![true]
    );
    assert_eq!(f.voted_for(), Some(2));
    assert_eq!(
        granted(&f.handle(0, msg(3, 1, vote_req(2, 0, 0)))),
        vec![false]
    );
    assert_eq!(
        granted(&f.handle(0, msg(2, 1, vote_req(2, 0, 0)))),
        vec![true],
        "same candidate again"
    );
    assert_eq!(
        granted(&f.handle(0, msg(3, 1, vote_req(3, 0, 0)))),
        vec![true],
        "new term, new vote"
    );
}

#[test]
fn candidate_yields_to_a_leader_of_its_term_5_2() {
    let mut c = node(1, 1, &[]);
    c.handle(0, Input::ElectionTimeout);
    c.handle(0, msg(3, 1, append(2, (0, 0), &[], 0)));
    assert_eq!(c.role(), Role::Follower);
    assert_eq!(c.leader_id(), Some(3));
    assert_eq!(c.current_term(), 2);
}

#[test]
fn leader_heartbeats_every_peer_5_2() {
    let mut net = Net::new(&[(1, &[]), (1, &[]), (1, &[])], Options::default());
    net.elect(1);
    let out = net.node(1).handle(0, Input::HeartbeatTimeout);
    assert_eq!(out.messages.len(), 2);
    assert_eq!(out.heartbeat_timer, Some(Timer::After(HB)));
    assert!(out.messages.iter().all(|m| matches!(
        &m.body,
        Body::AppendEntries(a) if a.entries.is_empty()
    )));
}

#[test]
fn split_vote_elects_no_one_5_2() {
    // Four servers, two candidates, each gets one other vote: no majority of 3.
    let mut net = Net::new(
        &[(1, &[]), (1, &[]), (1, &[]), (1, &[])],
        Options::default(),
    );
    net.cut = vec![(1, 4), (2, 3)];
    net.input(1, Input::ElectionTimeout);
    net.input(2, Input::ElectionTimeout);
    net.run();
    assert_eq!(net.node(1).role(), Role::Candidate);
    assert_eq!(net.node(2).role(), Role::Candidate);
    assert_eq!(net.node(1).votes().count_ones(), 2);
}

// ---- §5.3: log replication ----------------------------------------------------

#[test]
fn leader_replicates_and_commits_once_on_a_majority_5_3() {
    let mut net = Net::new(&[(1, &[]), (1, &[]), (1, &[])], Options::default());
    net.elect(1);
    assert_eq!(net.node(1).commit_index(), 1, "the no-op commits (§8)");
    net.cut = vec![(1, 3)];
    let i = net.propose(1, "x=1");
    assert_eq!(i, 2);
    assert_eq!(net.node(1).commit_index(), 2, "S1 and S2 are a majority");
    assert_eq!(net.node(3).log().last_index(), 1);
    // The follower learns the commit index on the next AppendEntries.
    net.input(1, Input::HeartbeatTimeout);
    net.run();
    assert_eq!(net.node(2).commit_index(), 2);
}

#[test]
fn no_commit_without_a_majority_5_3() {
    let mut net = Net::new(
        &[(1, &[]), (1, &[]), (1, &[]), (1, &[]), (1, &[])],
        Options::default(),
    );
    net.elect(1);
    net.cut = vec![(1, 3), (1, 4), (1, 5)];
    net.propose(1, "x=1");
    assert_eq!(net.node(1).commit_index(), 1, "only S1 and S2 hold index 2");
}

#[test]
fn follower_consistency_check_5_3() {
    // (prev index, prev term, accepted?)
    for (pi, pt, ok) in [
        (0, 0, true),
        (2, 2, true),
        (2, 1, false),
        (3, 2, false),
        (1, 1, true),
    ] {
        let mut f = node(1, 2, &[1, 2]);
        let out = f.handle(0, msg(2, 1, append(2, (pi, pt), &[], 0)));
        let success = matches!(
            out.messages[0].body,
            Body::AppendEntriesResponse(AppendEntriesResponse { success: true, .. })
        );
        assert_eq!(success, ok, "prev ({pi},{pt})");
    }
}

#[test]
fn conflicting_entries_are_truncated_and_matching_kept_5_3() {
    let mut f = node(1, 2, &[1, 2, 2]);
    // Index 2 matches, index 3 conflicts: keep 1..2, replace 3.
    f.handle(0, msg(2, 1, append(3, (1, 1), &[2, 3], 0)));
    assert_eq!(log_terms(&f), vec![1, 2, 3]);
    // A late, shorter AppendEntries that matches must not cut the log.
    f.handle(0, msg(2, 1, append(3, (0, 0), &[1], 0)));
    assert_eq!(log_terms(&f), vec![1, 2, 3]);
    assert_eq!(f.log().truncations(), 1);
}

#[test]
fn follower_commit_is_bounded_by_last_new_entry_5_3() {
    let mut f = node(1, 1, &[1, 1, 1]);
    f.handle(0, msg(2, 1, append(1, (1, 1), &[], 3)));
    assert_eq!(
        f.commit_index(),
        1,
        "min(leaderCommit, index of last new entry)"
    );
    let out = f.handle(0, msg(2, 1, append(1, (3, 1), &[], 3)));
    assert_eq!(f.commit_index(), 3);
    assert_eq!(
        out.apply,
        Some((2, 3)),
        "newly committed entries are applied in order"
    );
    f.handle(0, msg(2, 1, append(1, (0, 0), &[], 1)));
    assert_eq!(f.commit_index(), 3, "commitIndex never decreases");
}

#[test]
fn figure_7_leader_brings_every_follower_log_in_line_5_3() {
    let leader: &[Term] = &[1, 1, 1, 4, 4, 5, 5, 6, 6, 6];
    let followers: [&[Term]; 6] = [
        &[1, 1, 1, 4, 4, 5, 5, 6, 6],
        &[1, 1, 1, 4],
        &[1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6],
        &[1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7],
        &[1, 1, 1, 4, 4, 4, 4],
        &[1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3],
    ];
    for fast in [false, true] {
        let options = Options {
            fast_backtrack: fast,
            ..Options::default()
        };
        let mut logs: Vec<(Term, &[Term])> = vec![(7, leader)];
        logs.extend(followers.iter().map(|f| (7, *f)));
        let mut net = Net::new(&logs, options);
        net.elect(1);
        let mut want = leader.to_vec();
        want.push(8);
        for id in 1..=7 {
            assert_eq!(
                log_terms(net.node(id)),
                want,
                "S{id} (fast backtracking: {fast})"
            );
        }
        assert_eq!(net.node(1).commit_index(), 11);
    }
}

// ---- §5.4: safety -----------------------------------------------------------------

#[test]
fn voters_refuse_a_less_up_to_date_log_5_4_1() {
    // Voter log ends (term 2, index 2).
    for (lli, llt, ok) in [
        (1, 1, false),
        (3, 1, false),
        (2, 2, true),
        (1, 2, false),
        (3, 2, true),
        (1, 3, true),
    ] {
        let mut f = node(1, 2, &[1, 2]);
        let out = f.handle(0, msg(2, 1, vote_req(3, lli, llt)));
        assert_eq!(granted(&out), vec![ok], "candidate ({llt},{lli})");
    }
}

#[test]
fn leader_commits_only_current_term_entries_by_counting_5_4_2() {
    // Figure 8 (c): S1 leads term 4 with index 2 of term 2 on a majority.
    let mut net = Net::new(
        &[
            (3, &[1, 2]),
            (3, &[1, 2]),
            (3, &[1]),
            (3, &[1]),
            (3, &[1, 3]),
        ],
        Options {
            leader_noop: false,
            max_entries_per_append: 1,
            ..Options::default()
        },
    );
    net.cut = vec![(1, 4), (1, 5)];
    net.elect(1);
    assert_eq!(net.node(1).current_term(), 4);
    assert_eq!(log_terms(net.node(3)), vec![1, 2]);
    assert_eq!(
        net.node(1).commit_index(),
        0,
        "index 2 (term 2) is on a majority but must not commit"
    );
    // Once an entry of term 4 is on a majority, it commits, and index 2 with it.
    net.propose(1, "x=1");
    assert_eq!(net.node(1).commit_index(), 3);
}

#[test]
fn teaching_bug_commit_old_term_by_count_commits_figure_8_c() {
    let mut bugs = Bugs::default();
    assert!(bugs.set("commit-old-term-by-count", true));
    let mut net = Net::new(
        &[
            (3, &[1, 2]),
            (3, &[1, 2]),
            (3, &[1]),
            (3, &[1]),
            (3, &[1, 3]),
        ],
        Options {
            leader_noop: false,
            bugs,
            ..Options::default()
        },
    );
    net.cut = vec![(1, 4), (1, 5)];
    net.elect(1);
    assert_eq!(
        net.node(1).commit_index(),
        2,
        "the bug counts replicas of an old term"
    );
}

#[test]
fn teaching_bug_vote_without_log_check_grants_a_stale_candidate() {
    let mut bugs = Bugs::default();
    bugs.set("vote-without-log-check", true);
    let mut f = node_with(
        1,
        5,
        2,
        &[1, 2],
        Options {
            bugs,
            ..Options::default()
        },
    );
    assert_eq!(
        granted(&f.handle(0, msg(2, 1, vote_req(3, 1, 1)))),
        vec![true]
    );
}

#[test]
fn persistent_state_survives_a_crash_and_volatile_does_not_5_1() {
    let mut net = Net::new(&[(1, &[]), (1, &[]), (1, &[])], Options::default());
    net.elect(1);
    net.propose(1, "x=1");
    let p = net.node(1).persistent();
    let back = Node::recover(net.node(1).config().clone(), p);
    assert_eq!(back.role(), Role::Follower);
    assert_eq!(back.current_term(), 2);
    assert_eq!(back.voted_for(), Some(1));
    assert_eq!(back.log().last_index(), 2);
    assert_eq!(back.commit_index(), 0, "commitIndex is volatile");
    assert_eq!(back.last_applied(), 0, "lastApplied is volatile");
}

#[test]
fn teaching_bug_forget_vote_on_restart_loses_voted_for() {
    let mut bugs = Bugs::default();
    bugs.set("forget-vote-on-restart", true);
    let mut f = node_with(
        1,
        5,
        1,
        &[],
        Options {
            bugs,
            ..Options::default()
        },
    );
    f.handle(0, msg(2, 1, vote_req(2, 0, 0)));
    let mut back = Node::recover(f.config().clone(), f.persistent());
    assert_eq!(back.voted_for(), None);
    assert_eq!(
        granted(&back.handle(0, msg(3, 1, vote_req(2, 0, 0)))),
        vec![true],
        "votes twice in term 2"
    );
}

// ---- thesis: PreVote (§9.6) and CheckQuorum (§6.2, §4.2.3) -----------------------

#[test]
fn prevote_does_not_raise_terms_when_it_cannot_win_thesis_9_6() {
    let options = Options {
        prevote: true,
        ..Options::default()
    };
    let mut net = Net::new(&[(1, &[]), (1, &[]), (1, &[])], options);
    net.elect(1);
    assert_eq!(
        net.node(1).current_term(),
        2,
        "pre-vote then vote: one term"
    );
    // S3 is cut off and times out repeatedly: its term stays put.
    net.cut = vec![(3, 1), (3, 2), (1, 3), (2, 3)];
    for _ in 0..5 {
        net.input(3, Input::ElectionTimeout);
        net.run();
    }
    assert_eq!(net.node(3).role(), Role::PreCandidate);
    assert_eq!(net.node(3).current_term(), 2);
}

#[test]
fn prevote_is_refused_while_a_leader_is_heard_thesis_9_6() {
    let options = Options {
        prevote: true,
        ..Options::default()
    };
    let mut f = node_with(1, 3, 2, &[], options);
    f.handle(1_000, msg(2, 1, append(2, (0, 0), &[], 0)));
    let pre = Body::RequestVote(RequestVote {
        term: 3,
        pre_vote: true,
        last_log_index: 0,
        last_log_term: 0,
        transfer: false,
    });
    let out = f.handle(1_000 + ET_MIN - 1, msg(3, 1, pre.clone()));
    assert_eq!(granted(&out), vec![false]);
    let out = f.handle(1_000 + ET_MIN, msg(3, 1, pre));
    assert_eq!(granted(&out), vec![true]);
    assert_eq!(f.current_term(), 2, "a pre-vote changes no term");
}

#[test]
fn check_quorum_leader_steps_down_without_a_majority_thesis_6_2() {
    let options = Options {
        check_quorum: true,
        ..Options::default()
    };
    let mut net = Net::new(&[(1, &[]), (1, &[]), (1, &[])], options);
    net.elect(1);
    // Replies came in from both followers: the check passes.
    net.input(1, Input::ElectionTimeout);
    assert_eq!(net.node(1).role(), Role::Leader);
    // Nobody answers during the next period: step down.
    net.input(1, Input::ElectionTimeout);
    assert_eq!(net.node(1).role(), Role::Follower);
    assert_eq!(net.node(1).current_term(), 2);
}

#[test]
fn check_quorum_followers_ignore_disruptive_vote_requests_thesis_4_2_3() {
    let options = Options {
        check_quorum: true,
        ..Options::default()
    };
    let mut f = node_with(1, 3, 2, &[], options);
    f.handle(1_000, msg(2, 1, append(2, (0, 0), &[], 0)));
    let out = f.handle(2_000, msg(3, 1, vote_req(9, 0, 0)));
    assert_eq!(granted(&out), vec![false]);
    assert_eq!(f.current_term(), 2, "the lease keeps the term");
    let out = f.handle(1_000 + ET_MIN, msg(3, 1, vote_req(9, 0, 0)));
    assert_eq!(granted(&out), vec![true]);
}
