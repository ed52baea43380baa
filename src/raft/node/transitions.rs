//! The role transitions of Figure 4 (and the pre-candidate of thesis §9.6): the
//! legal moves, and the `debug_assert!`s that refuse the illegal ones.

use super::*;

fn server(id: NodeId, n: u8, term: Term, options: Options) -> Node {
    let config = Config {
        id,
        cluster_size: n,
        bootstrap: Membership::first(n),
        election_timeout_min: 150_000,
        heartbeat_interval: 50_000,
        options,
    };
    let persistent = Persistent {
        current_term: term,
        ..Persistent::default()
    };
    Node::new(config, persistent)
}

fn receive(n: &mut Node, from: NodeId, body: impl Into<Body>) -> Output {
    let to = n.id();
    n.handle(
        0,
        Input::Receive(Message {
            from,
            to,
            body: body.into(),
        }),
    )
}

fn grant(term: Term, pre_vote: bool) -> RequestVoteResponse {
    RequestVoteResponse {
        term,
        pre_vote,
        vote_granted: true,
    }
}

/// A leader of term 2 in a cluster of three (S1 won with S2's vote).
fn leader() -> Node {
    let mut s1 = server(1, 3, 1, Options::default());
    s1.handle(0, Input::ElectionTimeout);
    receive(&mut s1, 2, grant(2, false));
    assert_eq!((s1.role(), s1.current_term()), (Role::Leader, 2));
    s1
}

#[test]
fn a_leader_seeing_a_higher_term_becomes_a_follower_of_that_term_5_1() {
    let mut s1 = leader();
    let out = receive(&mut s1, 3, grant(7, false)); // any message will do
    assert_eq!(s1.role(), Role::Follower);
    assert_eq!(s1.current_term(), 7);
    assert_eq!(s1.voted_for(), None, "a vote is for one term only");
    assert_eq!(s1.leader_id(), None);
    assert_eq!(out.heartbeat_timer, Some(Timer::Stop), "no more heartbeats");
    assert_eq!(
        out.election_timer,
        Some(Timer::Randomized),
        "waits for a leader"
    );
}

#[test]
fn a_leader_hearing_a_higher_term_leader_follows_it_5_1() {
    let mut s1 = leader();
    let heartbeat = AppendEntries {
        term: 3,
        prev_log_index: 0,
        prev_log_term: 0,
        entries: vec![],
        leader_commit: 0,
        round: 0,
    };
    receive(&mut s1, 3, heartbeat);
    assert_eq!((s1.role(), s1.current_term()), (Role::Follower, 3));
    assert_eq!(s1.leader_id(), Some(3));
}

#[test]
fn a_pre_candidate_keeps_its_term_until_it_could_win_thesis_9_6() {
    let options = Options {
        prevote: true,
        ..Options::default()
    };
    let mut s1 = server(1, 3, 1, options);
    s1.handle(0, Input::ElectionTimeout);
    assert_eq!((s1.role(), s1.current_term()), (Role::PreCandidate, 1));
    assert_eq!(s1.voted_for(), None, "a pre-vote is not a vote");
    // A majority of pre-votes: now it raises its term and asks for real votes.
    receive(&mut s1, 2, grant(2, true));
    assert_eq!((s1.role(), s1.current_term()), (Role::Candidate, 2));
    assert_eq!(s1.voted_for(), Some(1));
    receive(&mut s1, 2, grant(2, false));
    assert_eq!(s1.role(), Role::Leader);
}

#[test]
fn a_candidate_that_times_out_campaigns_again_5_2() {
    let mut s1 = server(1, 3, 1, Options::default());
    s1.handle(0, Input::ElectionTimeout);
    s1.handle(0, Input::ElectionTimeout);
    assert_eq!((s1.role(), s1.current_term()), (Role::Candidate, 3));
}

// The illegal moves: a debug build refuses them.

#[test]
#[cfg(debug_assertions)]
#[should_panic(expected = "only a candidate wins")]
fn a_follower_cannot_become_leader_directly_5_2() {
    server(1, 3, 1, Options::default()).become_leader();
}

#[test]
#[cfg(debug_assertions)]
#[should_panic(expected = "only a candidate wins")]
fn a_pre_candidate_cannot_become_leader_directly_thesis_9_6() {
    let mut s1 = server(1, 3, 1, Options::default());
    s1.become_pre_candidate();
    s1.become_leader();
}

#[test]
#[cfg(debug_assertions)]
#[should_panic(expected = "a leader cannot campaign")]
fn a_leader_cannot_become_candidate_5_2() {
    leader().become_candidate();
}

#[test]
#[cfg(debug_assertions)]
#[should_panic(expected = "a leader cannot campaign")]
fn a_leader_cannot_become_pre_candidate_thesis_9_6() {
    leader().become_pre_candidate();
}

#[test]
#[cfg(debug_assertions)]
#[should_panic(expected = "terms never go back")]
fn no_transition_lowers_the_term_5_1() {
    leader().become_follower(1, None);
}
