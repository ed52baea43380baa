//! Unit tests of the cluster's shape: membership changes (thesis ch. 4, paper §6),
//! leadership transfer (thesis §3.10) and log compaction (paper §7, thesis ch. 5).
//! Each test names the section it checks.

use super::*;
use std::collections::VecDeque;

const ET_MIN: Time = 150_000;
const HB: Time = 50_000;

fn set(ids: &[NodeId]) -> IdSet {
    ids.iter().fold(0, |s, &i| s | bit(i))
}

fn config(id: NodeId, slots: u8, bootstrap: Membership, options: Options) -> Config {
    Config {
        id,
        cluster_size: slots,
        bootstrap,
        election_timeout_min: ET_MIN,
        heartbeat_interval: HB,
        options,
    }
}

fn server(id: NodeId, slots: u8, bootstrap: Membership, log: Vec<Entry>, o: Options) -> Node {
    let persistent = Persistent {
        current_term: log.last().map_or(0, |e| e.term),
        log: Log::from_entries(log),
        ..Persistent::default()
    };
    Node::new(config(id, slots, bootstrap, o), persistent)
}

fn voters(v: &[NodeId]) -> Membership {
    Membership {
        voters: set(v),
        ..Membership::default()
    }
}

fn with_learners(v: &[NodeId], l: &[NodeId]) -> Membership {
    Membership {
        learners: set(l),
        ..voters(v)
    }
}

fn msg(from: NodeId, to: NodeId, body: impl Into<Body>) -> Input {
    Input::Receive(Message {
        from,
        to,
        body: body.into(),
    })
}

fn grant(term: Term) -> RequestVoteResponse {
    RequestVoteResponse {
        term,
        pre_vote: false,
        vote_granted: true,
    }
}

/// A cluster with instant, in-order delivery, a clock, cut links, and a record
/// of every note and of each server's election timer.
struct Net {
    nodes: Vec<Node>,
    queue: VecDeque<Message>,
    /// Directed links that drop everything.
    cut: Vec<(NodeId, NodeId)>,
    /// Directed links that drop AppendEntries only (votes still pass).
    cut_appends: Vec<(NodeId, NodeId)>,
    now: Time,
    notes: Vec<(NodeId, Note)>,
    sent: Vec<Message>,
    election_timer: Vec<Option<Timer>>,
    restored: Vec<(NodeId, Index)>,
}

impl Net {
    /// `members` voters among `slots` servers; the others are spares.
    fn new(members: u8, slots: u8, options: Options) -> Net {
        let nodes = (1..=slots)
            .map(|id| {
                let boot = if id <= members {
                    Membership::first(members)
                } else {
                    Membership::default()
                };
                server(id, slots, boot, vec![], options)
            })
            .collect();
        Net::of(nodes)
    }
    fn of(nodes: Vec<Node>) -> Net {
        let n = nodes.len();
        let mut net = Net {
            nodes,
            queue: VecDeque::new(),
            cut: vec![],
            cut_appends: vec![],
            now: 0,
            notes: vec![],
            sent: vec![],
            election_timer: vec![None; n + 1],
            restored: vec![],
        };
        for id in 1..=n as NodeId {
            let out = net.node(id).start();
            net.absorb(id, out);
        }
        net
    }
    fn node(&mut self, id: NodeId) -> &mut Node {
        &mut self.nodes[id as usize - 1]
    }
    fn absorb(&mut self, id: NodeId, out: Output) {
        self.notes.extend(out.notes.iter().map(|&n| (id, n)));
        self.sent.extend(out.messages.iter().cloned());
        self.queue.extend(out.messages);
        if let Some(t) = out.election_timer {
            self.election_timer[id as usize] = Some(t);
        }
        if let Some(s) = out.restore {
            self.restored.push((id, s.index));
        }
    }
    fn input(&mut self, id: NodeId, input: Input) {
        let now = self.now;
        let out = self.node(id).handle(now, input);
        self.absorb(id, out);
    }
    fn isolate(&mut self, id: NodeId) {
        for p in 1..=self.nodes.len() as NodeId {
            self.cut.extend([(id, p), (p, id)]);
        }
    }
    fn heal(&mut self) {
        self.cut.clear();
        self.cut_appends.clear();
    }
    fn run(&mut self) {
        let mut budget = 10_000;
        while let Some(m) = self.queue.pop_front() {
            budget -= 1;
            assert!(budget > 0, "messages never settle");
            let link = (m.from, m.to);
            let append = matches!(m.body, Body::AppendEntries(_));
            if self.cut.contains(&link) || (append && self.cut_appends.contains(&link)) {
                continue;
            }
            self.input(m.to, Input::Receive(m));
        }
    }
    fn timeout(&mut self, id: NodeId) {
        self.input(id, Input::ElectionTimeout);
        self.run();
    }
    fn elect(&mut self, id: NodeId) {
        self.timeout(id);
        assert_eq!(self.node(id).role(), Role::Leader, "S{id} should win");
    }
    fn heartbeat(&mut self, id: NodeId) {
        self.input(id, Input::HeartbeatTimeout);
        self.run();
    }
    fn propose(&mut self, id: NodeId, cmd: &str) -> Index {
        let (index, out) = self.node(id).propose(cmd.into(), 1).expect("leader");
        self.absorb(id, out);
        self.run();
        index
    }
    fn change(&mut self, id: NodeId, change: Change) -> Result<(), ChangeRefusal> {
        let now = self.now;
        let out = self.node(id).change_membership(now, change)?;
        self.absorb(id, out);
        self.run();
        Ok(())
    }
    fn transfer(&mut self, id: NodeId, to: NodeId) -> Result<(), ChangeRefusal> {
        let now = self.now;
        let out = self.node(id).transfer_leadership(now, to)?;
        self.absorb(id, out);
        self.run();
        Ok(())
    }
    fn noted(&self, id: NodeId, note: Note) -> bool {
        self.notes.contains(&(id, note))
    }
    fn leaders(&self, term: Term) -> Vec<NodeId> {
        let is = |n: &&Node| n.role() == Role::Leader && n.current_term() == term;
        self.nodes.iter().filter(is).map(|n| n.id()).collect()
    }
    /// The configuration entries of a server's log, in order.
    fn configs(&mut self, id: NodeId) -> Vec<Membership> {
        let log = self.node(id).log();
        log.entries().iter().filter_map(|e| e.config).collect()
    }
}

fn options() -> Options {
    Options::default()
}

// ---- thesis §4.1 and paper §6: who votes, who counts ------------------------------

#[test]
fn joint_configuration_needs_both_majorities_to_elect_paper_6() {
    let joint = Membership {
        voters: set(&[3, 4, 5]),
        learners: 0,
        old_voters: Some(set(&[1, 2, 3])),
    };
    let mut s1 = server(
        1,
        5,
        voters(&[1, 2, 3]),
        vec![Entry::config(1, joint)],
        options(),
    );
    assert_eq!(
        s1.membership(),
        joint,
        "the log's entry, uncommitted (§4.1)"
    );
    let out = s1.handle(0, Input::ElectionTimeout);
    let asked: Vec<NodeId> = out.messages.iter().map(|m| m.to).collect();
    assert_eq!(asked, vec![2, 3, 4, 5], "every voter of both sets");
    s1.handle(0, msg(2, 1, grant(2)));
    assert_eq!(s1.role(), Role::Candidate, "{{1,2}}: old majority only");
    s1.handle(0, msg(4, 1, grant(2)));
    assert_eq!(s1.role(), Role::Candidate, "S1 does not count in C_new");
    s1.handle(0, msg(5, 1, grant(2)));
    assert_eq!(s1.role(), Role::Leader, "{{1,2}} of old and {{4,5}} of new");
}

#[test]
fn joint_configuration_needs_both_majorities_to_commit_paper_6() {
    let o = Options {
        joint_consensus: true,
        ..options()
    };
    // C_old = {1,2,3}, C_new = {1,4,5}: first one side hears, then the other.
    // The second also gets C_new: S4 commits it with S1, S2 cannot.
    for (first, second, commit) in [(4, 2, 2), (2, 4, 3)] {
        let mut net = Net::new(3, 5, o);
        net.elect(1);
        let only = |to: NodeId| (2..=5).filter(|&p| p != to).map(|p| (1, p)).collect();
        net.cut = only(first);
        net.change(1, Change::Voters(set(&[1, 4, 5]))).unwrap();
        assert_eq!(
            net.node(1).commit_index(),
            1,
            "one majority only (S{first})"
        );
        net.cut = only(second);
        net.heartbeat(1);
        assert_eq!(net.node(1).commit_index(), commit, "both majorities");
        let joint = Membership {
            voters: set(&[1, 4, 5]),
            learners: 0,
            old_voters: Some(set(&[1, 2, 3])),
        };
        assert_eq!(
            net.configs(1),
            vec![joint, voters(&[1, 4, 5])],
            "then C_new"
        );
    }
}

#[test]
fn learners_are_not_counted_and_never_campaign_thesis_4_2_1() {
    let m = with_learners(&[1, 2, 3], &[4, 5]);
    let nodes = (1..=5)
        .map(|id| server(id, 5, m, vec![], options()))
        .collect();
    let mut net = Net::of(nodes);
    assert_eq!(
        net.election_timer[4],
        Some(Timer::Stop),
        "a learner's timer stays off"
    );
    net.input(4, Input::ElectionTimeout);
    assert_eq!(
        (net.node(4).role(), net.node(4).current_term()),
        (Role::Follower, 0)
    );
    assert!(net.queue.is_empty(), "no vote requests");
    net.elect(1);
    assert_eq!(net.node(4).log().last_index(), 1, "learners get the log");
    net.cut = vec![(1, 2), (1, 3)];
    net.propose(1, "x=1");
    assert_eq!(net.node(5).log().last_index(), 2);
    assert_eq!(
        net.node(1).commit_index(),
        1,
        "S1 + two learners is no majority"
    );
}

#[test]
fn spares_never_campaign_and_get_nothing_thesis_4_1() {
    let mut net = Net::new(3, 5, options());
    assert_eq!(net.election_timer[4], Some(Timer::Stop));
    assert_eq!(net.election_timer[1], Some(Timer::Randomized));
    net.input(5, Input::ElectionTimeout);
    assert!(net.queue.is_empty());
    net.elect(1);
    net.sent.clear();
    net.heartbeat(1);
    let to: Vec<NodeId> = net
        .sent
        .iter()
        .filter(|m| m.from == 1)
        .map(|m| m.to)
        .collect();
    assert_eq!(to, vec![2, 3], "a leader replicates to members only");
}

// ---- thesis §4.2.1: a new server catches up as a learner ----------------------------

#[test]
fn add_voter_goes_learner_then_voter_after_catch_up_thesis_4_2_1() {
    let mut net = Net::new(3, 4, options());
    net.elect(1);
    net.propose(1, "x=1");
    net.change(1, Change::AddVoter(4)).unwrap();
    assert_eq!(
        net.configs(1),
        vec![with_learners(&[1, 2, 3], &[4]), voters(&[1, 2, 3, 4])],
        "first a learner, then a voter"
    );
    assert!(net.noted(1, Note::LearnerCaughtUp { id: 4 }));
    assert!(net.noted(4, Note::ConfigAppended { index: 3 }));
    assert_eq!(net.node(4).membership(), voters(&[1, 2, 3, 4]));
    assert_eq!(net.node(1).commit_index(), 4);
    assert_eq!(
        net.election_timer[4],
        Some(Timer::Randomized),
        "a voter now"
    );
    assert_eq!(
        net.change(1, Change::AddVoter(4)),
        Err(ChangeRefusal::NoChange)
    );
}

#[test]
fn a_slow_learner_gets_ten_rounds_then_stays_a_learner_thesis_4_2_1() {
    let mut net = Net::new(3, 4, options());
    net.elect(1);
    net.cut = vec![(1, 4)];
    net.change(1, Change::AddVoter(4)).unwrap();
    assert_eq!(net.node(1).membership(), with_learners(&[1, 2, 3], &[4]));
    for round in 1..10 {
        net.now += ET_MIN;
        net.heartbeat(1);
        let refusal = net.change(1, Change::AddLearner(4));
        assert_eq!(refusal, Err(ChangeRefusal::InProgress), "round {round}");
    }
    net.now += ET_MIN;
    net.heartbeat(1); // the tenth round is over: give up
    net.heal();
    net.heartbeat(1);
    assert_eq!(net.node(1).membership(), with_learners(&[1, 2, 3], &[4]));
    assert_eq!(
        net.change(1, Change::AddLearner(4)),
        Err(ChangeRefusal::NoChange)
    );
    // Asked again, it is caught up in one short round.
    net.change(1, Change::AddVoter(4)).unwrap();
    assert_eq!(net.node(1).membership(), voters(&[1, 2, 3, 4]));
}

#[test]
fn a_learner_back_within_the_rounds_is_promoted_thesis_4_2_1() {
    let mut net = Net::new(3, 4, options());
    net.elect(1);
    net.cut = vec![(1, 4)];
    net.change(1, Change::AddVoter(4)).unwrap();
    net.now += ET_MIN;
    net.heartbeat(1); // round 1 took too long
    net.heal();
    net.now += HB;
    net.heartbeat(1); // round 2: done in no time
    assert_eq!(net.node(1).membership(), voters(&[1, 2, 3, 4]));
}

// ---- thesis §4.1: one change at a time, and the 2015 bug ----------------------------

#[test]
fn one_change_at_a_time_thesis_4_1() {
    let mut net = Net::new(3, 5, options());
    net.elect(1);
    net.isolate(1);
    net.change(1, Change::AddLearner(4)).unwrap();
    assert_eq!(net.node(1).membership(), with_learners(&[1, 2, 3], &[4]));
    let second = net.change(1, Change::AddLearner(5));
    assert_eq!(second, Err(ChangeRefusal::InProgress));
    assert_eq!(
        net.change(2, Change::AddLearner(5)),
        Err(ChangeRefusal::NotLeader(Some(1)))
    );
    net.heal();
    net.heartbeat(1);
    net.change(1, Change::AddLearner(5)).unwrap();
    assert_eq!(net.node(1).membership(), with_learners(&[1, 2, 3], &[4, 5]));
    assert_eq!(
        net.change(1, Change::Remove(9)),
        Err(ChangeRefusal::BadTarget)
    );
}

#[test]
fn a_new_leader_changes_nothing_before_committing_in_its_term_thesis_4_1() {
    let o = Options {
        leader_noop: false,
        ..options()
    };
    let mut net = Net::new(3, 4, o);
    net.elect(1);
    let refusal = net.change(1, Change::AddLearner(4));
    assert_eq!(refusal, Err(ChangeRefusal::NoCommitInTerm));
    net.propose(1, "x=1");
    assert_eq!(net.change(1, Change::AddLearner(4)), Ok(()));
    // With the teaching bug, the check is skipped.
    let mut bugs = Bugs::default();
    bugs.set("config-before-noop", true);
    let mut net = Net::new(3, 4, Options { bugs, ..o });
    net.elect(1);
    assert_eq!(net.change(1, Change::AddLearner(4)), Ok(()));
}

/// The 2015 single-server bug (raft-dev, "bug in single-server membership
/// changes"): S1 adds S5 and crashes; S2 removes S4 before committing an entry
/// of its term; S1 comes back and wins with S4 and S5, erasing the committed change.
#[test]
fn teaching_bug_config_before_noop_loses_a_committed_entry_thesis_4_1() {
    for bug in [false, true] {
        let mut bugs = Bugs::default();
        bugs.set("config-before-noop", bug);
        let o = Options { bugs, ..options() };
        let c1234 = voters(&[1, 2, 3, 4]);
        let base = vec![Entry::noop(1)];
        let mut with_c5 = base.clone();
        with_c5.push(Entry::config(1, voters(&[1, 2, 3, 4, 5])));
        let nodes = vec![
            server(1, 5, c1234, with_c5.clone(), o),
            server(2, 5, c1234, base.clone(), o),
            server(3, 5, c1234, base.clone(), o),
            server(4, 5, c1234, base, o),
            server(5, 5, Membership::default(), with_c5, o),
        ];
        let mut net = Net::of(nodes);
        net.isolate(1); // S1 is down
        net.cut_appends = vec![(2, 4)];
        net.elect(2); // term 2, with S3 and S4; its no-op reaches S3 only
        assert_eq!(net.node(2).commit_index(), 0);
        let removal = net.change(2, Change::Remove(4));
        if !bug {
            assert_eq!(removal, Err(ChangeRefusal::NoCommitInTerm));
            continue;
        }
        removal.unwrap();
        assert_eq!(net.node(2).commit_index(), 3, "C = {{1,2,3}} on S2, S3");
        assert_eq!(
            net.node(2).log().get(3).and_then(|e| e.config),
            Some(voters(&[1, 2, 3]))
        );
        // S2 goes down, S1 comes back: its config {1..5} lets S4 and S5 elect it.
        net.heal();
        net.isolate(2);
        net.timeout(1); // term 2: S3 and S4 already voted
        net.timeout(1); // term 3: S1, S4, S5
        assert_eq!(net.leaders(3), vec![1]);
        assert_eq!(net.node(1).commit_index(), 3);
        assert_eq!(net.node(1).log().get(3).map(|e| e.term), Some(3));
        assert_eq!(
            net.node(3).log().get(3).map(|e| e.term),
            Some(3),
            "S3's committed index 3 (term 2) was overwritten"
        );
    }
}

// ---- thesis §4.2.2: removing the leader ---------------------------------------------

#[test]
fn a_removed_leader_leads_until_c_new_commits_then_steps_down_thesis_4_2_2() {
    let mut net = Net::new(3, 3, options());
    net.elect(1);
    net.cut = vec![(1, 3)];
    net.change(1, Change::Remove(1)).unwrap();
    assert_eq!(net.node(1).membership(), voters(&[2, 3]));
    assert_eq!(net.node(2).membership(), voters(&[2, 3]));
    assert_eq!(
        net.node(1).role(),
        Role::Leader,
        "it still manages the cluster"
    );
    assert_eq!(
        net.node(1).commit_index(),
        1,
        "S1, S2: S1 does not count itself"
    );
    net.heal();
    net.heartbeat(1);
    assert_eq!(net.node(1).commit_index(), 2);
    assert_eq!(net.node(1).role(), Role::Follower);
    assert!(net.noted(1, Note::SteppedDownRemoved { term: 1 }));
    assert_eq!(
        net.election_timer[1],
        Some(Timer::Stop),
        "no longer campaigns"
    );
    net.elect(2);
    assert_eq!(net.node(2).current_term(), 2);
}

#[test]
fn removing_the_leader_through_joint_consensus_paper_6() {
    let o = Options {
        joint_consensus: true,
        ..options()
    };
    let mut net = Net::new(3, 5, o);
    net.elect(1);
    net.change(1, Change::Voters(set(&[3, 4, 5]))).unwrap();
    let joint = Membership {
        voters: set(&[3, 4, 5]),
        learners: 0,
        old_voters: Some(set(&[1, 2, 3])),
    };
    assert_eq!(
        net.configs(1),
        vec![joint, voters(&[3, 4, 5])],
        "C_old,new then C_new"
    );
    assert_eq!(
        net.node(1).role(),
        Role::Follower,
        "not in C_new, committed"
    );
    assert_eq!(net.node(4).membership(), voters(&[3, 4, 5]));
    assert_eq!(net.node(4).commit_index(), 2, "learns C_old,new committed");
}

// ---- thesis §4.1: several servers, one at a time ------------------------------------

#[test]
fn single_server_mode_reaches_a_target_one_server_at_a_time_thesis_4_1() {
    let mut net = Net::new(3, 5, options());
    net.elect(1);
    net.change(1, Change::Voters(set(&[1, 2, 4, 5]))).unwrap();
    assert_eq!(
        net.configs(1),
        vec![
            with_learners(&[1, 2, 3], &[4]),
            voters(&[1, 2, 3, 4]),
            with_learners(&[1, 2, 3, 4], &[5]),
            voters(&[1, 2, 3, 4, 5]),
            voters(&[1, 2, 4, 5]),
        ]
    );
    assert_eq!(net.node(1).commit_index(), 6);
    assert_eq!(
        net.change(1, Change::AddLearner(3)),
        Ok(()),
        "target reached"
    );
}

#[test]
fn teaching_bug_add_two_at_once_elects_two_leaders_in_one_term_thesis_4_1() {
    let mut bugs = Bugs::default();
    bugs.set("add-two-at-once", true);
    let mut net = Net::new(3, 5, Options { bugs, ..options() });
    net.elect(1); // term 1
    net.cut = vec![(1, 2), (1, 3)];
    net.change(1, Change::Voters(set(&[1, 2, 3, 4, 5])))
        .unwrap();
    assert_eq!(
        net.configs(1),
        vec![voters(&[1, 2, 3, 4, 5])],
        "in one step"
    );
    // Partition {1,4,5} | {2,3}: each side is a majority of its configuration.
    net.cut.clear();
    for a in [1, 4, 5] {
        for b in [2, 3] {
            net.cut.extend([(a, b), (b, a)]);
        }
    }
    net.elect(2); // C_old = {1,2,3}: S2 and S3
    net.elect(4); // C_new = {1..5}: S4, S5 and S1
    assert_eq!(net.leaders(2), vec![2, 4], "Election Safety broken");
}

// ---- thesis §3.10: leadership transfer ----------------------------------------------

#[test]
fn transfer_target_gets_timeout_now_and_wins_despite_the_lease_thesis_3_10() {
    let o = Options {
        prevote: true,
        check_quorum: true,
        ..options()
    };
    let mut net = Net::new(3, 3, o);
    net.elect(1);
    net.cut = vec![(1, 2)];
    net.propose(1, "x=1");
    net.transfer(1, 2).unwrap();
    assert_eq!(net.node(1).transferee(), Some(2));
    assert!(net.noted(1, Note::TransferStarted { to: 2 }));
    assert!(
        !net.noted(1, Note::TimeoutNowSent { to: 2 }),
        "S2 is behind"
    );
    assert!(
        net.node(1).propose("y=1".into(), 2).is_err(),
        "no writes now"
    );
    assert_eq!(
        net.change(1, Change::Remove(3)),
        Err(ChangeRefusal::Transferring)
    );
    assert_eq!(net.transfer(1, 3), Err(ChangeRefusal::Transferring));
    net.heal();
    net.now += HB;
    net.heartbeat(1); // S2 catches up, gets TimeoutNow, campaigns at once
    assert!(net.noted(1, Note::TimeoutNowSent { to: 2 }));
    assert!(net.noted(2, Note::TimeoutNowReceived { from: 1 }));
    assert_eq!(net.leaders(2), vec![2], "S3 voted although S1 was alive");
    assert_eq!(net.node(1).transferee(), None);
    assert_eq!(net.node(2).log().last_index(), 3);
}

#[test]
fn transfer_aborts_after_an_election_timeout_thesis_3_10() {
    let mut net = Net::new(3, 3, options());
    net.elect(1);
    net.cut = vec![(1, 2)];
    net.propose(1, "x=1");
    net.now = 1_000;
    net.transfer(1, 2).unwrap();
    net.now += ET_MIN - 1;
    net.heartbeat(1);
    assert_eq!(net.node(1).transferee(), Some(2));
    net.now += 1;
    net.heartbeat(1);
    assert_eq!(net.node(1).transferee(), None);
    assert!(net.noted(1, Note::TransferAborted { to: 2 }));
    assert_eq!(net.node(1).role(), Role::Leader);
    assert_eq!(net.propose(1, "y=1"), 3, "writes again");
}

#[test]
fn transfer_refusals_and_a_learner_ignores_timeout_now_thesis_3_10() {
    let mut net = Net::new(3, 4, options());
    net.elect(1);
    net.change(1, Change::AddLearner(4)).unwrap();
    assert_eq!(net.transfer(1, 4), Err(ChangeRefusal::BadTarget));
    assert_eq!(net.transfer(1, 1), Err(ChangeRefusal::BadTarget));
    assert_eq!(net.transfer(2, 3), Err(ChangeRefusal::NotLeader(Some(1))));
    let out = net.node(4).handle(0, msg(1, 4, TimeoutNow { term: 1 }));
    assert!(out.messages.is_empty() && out.notes.is_empty());
    assert_eq!(net.node(4).role(), Role::Follower);
}

#[test]
fn a_transfer_vote_sets_the_check_quorum_lease_aside_thesis_3_10_4_2_3() {
    let o = Options {
        check_quorum: true,
        ..options()
    };
    let vote = |transfer| RequestVote {
        term: 3,
        pre_vote: false,
        last_log_index: 0,
        last_log_term: 0,
        transfer,
    };
    for (transfer, granted) in [(false, false), (true, true)] {
        let mut f = server(1, 3, voters(&[1, 2, 3]), vec![], o);
        f.handle(
            1_000,
            msg(
                2,
                1,
                AppendEntries {
                    term: 2,
                    prev_log_index: 0,
                    prev_log_term: 0,
                    entries: vec![],
                    leader_commit: 0,
                    round: 0,
                },
            ),
        );
        let out = f.handle(2_000, msg(3, 1, vote(transfer)));
        let Body::RequestVoteResponse(r) = &out.messages[0].body else {
            panic!("a vote answer")
        };
        assert_eq!(r.vote_granted, granted, "transfer: {transfer}");
        assert_eq!(f.current_term(), if granted { 3 } else { 2 });
    }
}

// ---- paper §7: log compaction and InstallSnapshot -----------------------------------

/// A follower whose log holds `terms` (configuration `m` at `config_at`), all committed.
fn committed_follower(terms: &[Term], m: Membership, config_at: Index) -> Node {
    let log = (1..)
        .zip(terms)
        .map(|(i, &t)| {
            if i == config_at {
                Entry::config(t, m)
            } else {
                Entry::noop(t)
            }
        })
        .collect();
    let mut f = server(1, 5, voters(&[1, 2, 3]), log, options());
    let last = terms.len() as Index;
    let term = *terms.last().unwrap();
    let out = f.handle(
        0,
        msg(
            2,
            1,
            AppendEntries {
                term,
                prev_log_index: last,
                prev_log_term: term,
                entries: vec![],
                leader_commit: last,
                round: 0,
            },
        ),
    );
    assert_eq!(out.apply, Some((1, last)));
    f
}

#[test]
fn compaction_keeps_the_configuration_at_its_index_and_survives_a_crash_7() {
    let four = voters(&[1, 2, 3, 4]);
    let mut f = committed_follower(&[1, 1, 2, 2, 3], four, 4);
    let out = f.compact(3, vec![("x".into(), "1".into())]);
    assert_eq!(out.notes, vec![Note::Compacted { index: 3 }]);
    let snap = f.snapshot().unwrap().clone();
    assert_eq!((snap.index, snap.term), (3, 2));
    assert_eq!(
        snap.membership,
        voters(&[1, 2, 3]),
        "the bootstrap one at 3"
    );
    assert_eq!(f.membership(), four, "index 4 still in effect");
    f.compact(4, vec![]);
    assert_eq!(f.snapshot().unwrap().membership, four);
    assert_eq!(f.log().first_index(), 5);
    f.compact(9, vec![]); // not applied yet: ignored
    assert_eq!(f.snapshot().unwrap().index, 4);
    // A crash: the snapshot is persistent, commitIndex restarts from it.
    let mut back = Node::recover(f.config().clone(), f.persistent());
    assert_eq!((back.commit_index(), back.last_applied()), (4, 4));
    assert_eq!(back.membership(), four);
    let out = back.start();
    assert_eq!(
        out.restore.map(|s| s.index),
        Some(4),
        "rebuild from the snapshot"
    );
}

fn install(index: Index, term: Term) -> InstallSnapshot {
    InstallSnapshot {
        term: 5,
        snapshot: Snapshot {
            index,
            term,
            membership: voters(&[1, 2]),
            data: vec![("k".into(), "v".into())],
        },
    }
}

fn answer(out: &Output) -> (bool, Index) {
    match &out.messages[0].body {
        Body::AppendEntriesResponse(r) => (r.success, r.index),
        b => panic!("{b:?}"),
    }
}

#[test]
fn install_snapshot_keeps_a_matching_suffix_or_discards_the_log_figure_13() {
    let terms: Vec<Entry> = [1, 1, 2, 3, 3].iter().map(|&t| Entry::noop(t)).collect();
    // Step 6: an entry matches the last included index and term: keep what follows.
    let mut f = server(1, 3, voters(&[1, 2, 3]), terms.clone(), options());
    let out = f.handle(0, msg(2, 1, install(3, 2)));
    assert_eq!(answer(&out), (true, 3));
    assert_eq!((f.log().snapshot_index(), f.log().last_index()), (3, 5));
    assert_eq!((f.commit_index(), f.last_applied()), (3, 3));
    assert_eq!(out.restore.as_ref().map(|s| s.data.len()), Some(1));
    assert_eq!(out.apply, None, "the snapshot replaces applying 1..3");
    assert!(out.notes.contains(&Note::SnapshotInstalled {
        leader: 2,
        index: 3
    }));
    assert_eq!(
        f.membership(),
        voters(&[1, 2]),
        "the snapshot's configuration"
    );
    // Step 7: no match: discard the whole log.
    let mut g = server(1, 3, voters(&[1, 2, 3]), terms, options());
    g.handle(0, msg(2, 1, install(4, 4)));
    assert_eq!((g.log().snapshot_index(), g.log().last_index()), (4, 4));
    // Already committed: keep everything, answer with the commit index.
    let out = f.handle(0, msg(2, 1, install(2, 1)));
    assert_eq!(answer(&out), (true, 3));
    assert!(out.restore.is_none());
    // Stale term: refused.
    let mut stale = install(9, 5);
    stale.term = 4;
    assert_eq!(answer(&f.handle(0, msg(2, 1, stale))), (false, 9));
}

#[test]
fn append_entries_below_the_snapshot_skip_compacted_entries_7() {
    let log = Log::after_snapshot(3, 2, vec![Entry::noop(3)]);
    let persistent = Persistent {
        current_term: 3,
        log,
        ..Persistent::default()
    };
    let mut f = Node::new(config(1, 3, voters(&[1, 2, 3]), options()), persistent);
    let entries = [1, 2, 3, 3].iter().map(|&t| Entry::noop(t)).collect();
    let out = f.handle(
        0,
        msg(
            2,
            1,
            AppendEntries {
                term: 3,
                prev_log_index: 1,
                prev_log_term: 1,
                entries,
                leader_commit: 0,
                round: 0,
            },
        ),
    );
    assert_eq!(answer(&out), (true, 5), "2..3 compacted, 4 matches, 5 new");
    assert_eq!(f.log().last_index(), 5);
    assert_eq!(f.log().truncations(), 0);
}

#[test]
fn a_far_behind_follower_is_repaired_by_install_snapshot_7() {
    let mut net = Net::new(3, 3, options());
    net.elect(1);
    net.cut = vec![(1, 3)];
    for i in 0..4 {
        net.propose(1, &format!("x={i}"));
    }
    net.node(1).compact(4, vec![("x".into(), "2".into())]);
    net.sent.clear();
    net.heartbeat(1); // lost on the way to S3
    net.propose(1, "y=1");
    net.heartbeat(1);
    let snapshots = |net: &Net| {
        let is = |m: &&Message| matches!(m.body, Body::InstallSnapshot(_));
        net.sent.iter().filter(is).count()
    };
    assert_eq!(snapshots(&net), 2, "once per heartbeat, not per write");
    net.heal();
    net.heartbeat(1);
    assert_eq!(snapshots(&net), 3);
    assert!(net.noted(1, Note::SnapshotSent { to: 3, index: 4 }));
    assert!(net.noted(
        3,
        Note::SnapshotInstalled {
            leader: 1,
            index: 4
        }
    ));
    assert_eq!(net.restored, vec![(3, 4)]);
    assert_eq!(net.node(3).log().snapshot_index(), 4);
    assert_eq!(
        net.node(3).log().last_index(),
        6,
        "then the entries after it"
    );
    assert_eq!(net.node(1).match_index(3), 6);
    assert_eq!(net.node(3).commit_index(), 6);
}

// ---- all of it at random: no panic, Election Safety, State Machine Safety -------------

/// Random delivery, loss, crashes, changes, transfers and compactions; checks the
/// debug rules of every node (by running them) and two safety properties of
/// Figure 3 across configurations and snapshots.
#[test]
fn random_changes_transfers_and_compactions_keep_safety() {
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut rand = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    for run in 0..100 {
        let o = Options {
            prevote: rand(2) == 0,
            check_quorum: rand(2) == 0,
            joint_consensus: rand(2) == 0,
            fast_backtrack: rand(2) == 0,
            max_entries_per_append: rand(3) as usize,
            ..options()
        };
        let mut net = Net::new(3, 5, o);
        let mut leaders = std::collections::HashMap::new();
        let mut committed: Vec<Option<Term>> = vec![];
        for _ in 0..1500 {
            net.now += rand(20_000);
            let id = rand(5) as NodeId + 1;
            match rand(16) {
                0 if !net.queue.is_empty() => {
                    net.queue.remove(rand(net.queue.len() as u64) as usize);
                }
                0..=7 => {
                    if let Some(m) = net.queue.pop_front() {
                        if !net.cut.contains(&(m.from, m.to)) {
                            net.input(m.to, Input::Receive(m));
                        }
                    }
                }
                8 => net.input(id, Input::ElectionTimeout),
                9 => net.input(id, Input::HeartbeatTimeout),
                10 | 11 => {
                    if let Ok((_, out)) = net.node(id).propose("x=1".into(), 1) {
                        net.absorb(id, out);
                    }
                }
                12 => {
                    let target = rand(5) as NodeId + 1;
                    let change = match rand(4) {
                        0 => Change::AddVoter(target),
                        1 => Change::AddLearner(target),
                        2 => Change::Remove(target),
                        _ => Change::Voters(rand(62) as IdSet & !1),
                    };
                    let now = net.now;
                    if let Ok(out) = net.node(id).change_membership(now, change) {
                        net.absorb(id, out);
                    }
                }
                13 => {
                    let now = net.now;
                    let to = rand(5) as NodeId + 1;
                    if let Ok(out) = net.node(id).transfer_leadership(now, to) {
                        net.absorb(id, out);
                    }
                }
                14 => {
                    let n = net.node(id);
                    let index = n.last_applied();
                    let out = n.compact(index, vec![]);
                    net.absorb(id, out);
                }
                15 if rand(4) == 0 => {
                    let n = net.node(id);
                    let mut back = Node::recover(n.config().clone(), n.persistent());
                    let out = back.start();
                    *net.node(id) = back;
                    net.absorb(id, out);
                }
                _ => net.cut = vec![(rand(5) as NodeId + 1, id)],
            }
            for n in &net.nodes {
                if n.role() == Role::Leader {
                    let first = *leaders.entry(n.current_term()).or_insert(n.id());
                    assert_eq!(first, n.id(), "run {run}: two leaders in a term");
                }
                let log = n.log();
                for i in log.first_index()..=n.commit_index().min(log.last_index()) {
                    if committed.len() <= i as usize {
                        committed.resize(i as usize + 1, None);
                    }
                    let t = log.term_at(i);
                    let c = committed[i as usize].get_or_insert(t.unwrap());
                    assert_eq!(Some(*c), t, "run {run}: S{} index {i}", n.id());
                }
            }
        }
    }
}

// ---- found in review: bug-mode corner cases ------------------------------------------

/// Two leaders of one term (a teaching bug) refuse each other's AppendEntries at
/// index 0; the refusal must not trigger an immediate resend, or the pair would
/// exchange messages forever (Figure 2: retry only after decrementing nextIndex).
#[test]
fn two_same_term_leaders_do_not_ping_pong_thesis_4_1() {
    let mut bugs = Bugs::default();
    bugs.set("add-two-at-once", true);
    let mut net = Net::new(3, 5, Options { bugs, ..options() });
    net.elect(1);
    net.cut = vec![(1, 2), (1, 3)];
    net.change(1, Change::Voters(set(&[1, 2, 3, 4, 5])))
        .unwrap();
    net.cut.clear();
    for a in [1, 4, 5] {
        for b in [2, 3] {
            net.cut.extend([(a, b), (b, a)]);
        }
    }
    net.elect(2);
    net.elect(4);
    assert_eq!(net.leaders(2), vec![2, 4]);
    net.heal();
    // `run` panics with "messages never settle" if the leaders ping-pong.
    net.heartbeat(2);
    net.heartbeat(4);
    net.heartbeat(2);
}

/// A change under way lives in the leader's memory (learner rounds): a transfer
/// then would strand it, so it is refused (thesis §3.10, §4.2.1).
#[test]
fn no_transfer_while_a_learner_catches_up_thesis_3_10() {
    let mut net = Net::new(3, 4, options());
    net.elect(1);
    net.cut = vec![(1, 4)];
    net.change(1, Change::AddVoter(4)).unwrap();
    assert_eq!(net.transfer(1, 2), Err(ChangeRefusal::InProgress));
}

/// §7: a snapshot ends at an entry the log holds. After a teaching bug a log can
/// be shorter than what was applied; compacting past its end is ignored.
#[test]
fn compaction_past_the_end_of_the_log_is_ignored_7() {
    let mut f = server(2, 3, Membership::first(3), vec![], options());
    let append = |term, prev: (Index, Term), entries: Vec<Entry>, commit| AppendEntries {
        term,
        prev_log_index: prev.0,
        prev_log_term: prev.1,
        entries,
        leader_commit: commit,
        round: 0,
    };
    let four = vec![Entry::noop(1); 4];
    f.handle(0, msg(1, 2, append(1, (0, 0), four, 4)));
    assert_eq!(f.last_applied(), 4);
    // A leader elected through a bug overwrites entries 2–4.
    f.handle(1, msg(3, 2, append(2, (1, 1), vec![Entry::noop(2)], 0)));
    assert_eq!(f.log().last_index(), 2);
    f.compact(4, vec![]);
    assert!(f.snapshot().is_none(), "no snapshot past the log's end");
    f.compact(2, vec![]);
    assert_eq!(f.snapshot().map(|s| (s.index, s.term)), Some((2, 2)));
}
