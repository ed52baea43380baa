//! Small snapshots of the world for the components: plain data with `PartialEq`,
//! so a component re-renders only when what it shows changed.

use crate::raft::{ids, Body, EntryKind, Index, Kind, Membership, NodeId, Role, Term, Time};
use crate::sim::feed::Mark;
use crate::sim::history::History;
use crate::sim::narrate::describe;
use crate::sim::network::LinkState;
use crate::sim::world::{Member, World};
use crate::sim::Invariant;
use crate::sim::WriteStatus;
use crate::text::Lang;
use std::rc::Rc;

/// One server on the ring.
#[derive(Clone, Debug, PartialEq)]
pub struct ServerView {
    pub id: NodeId,
    pub alive: bool,
    pub role: Role,
    pub term: Term,
    pub voted_for: Option<NodeId>,
    pub commit: Index,
    /// The last index in its log (its length, snapshot included).
    pub last: Index,
    /// Election timer: fraction of the timeout still to run, 1 → 0.
    pub timer_left: Option<f64>,
    /// Votes held (candidates and pre-candidates).
    pub votes: Vec<NodeId>,
    /// Voter, learner or spare in the cluster's configuration.
    pub member: Member,
    /// In a joint configuration: in C_old, in C_new.
    pub joint: Option<(bool, bool)>,
    /// Lease, clock rate and waiting reads (issue 11).
    pub reads: crate::ui::reads::ServerReads,
}

impl ServerView {
    /// The role as written in `data-role`.
    pub fn role_name(&self) -> &'static str {
        if self.alive {
            self.role.name()
        } else {
            "down"
        }
    }
}

/// A link between two servers (one per pair).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LinkView {
    pub a: NodeId,
    pub b: NodeId,
    pub state: LinkState,
}

/// A message in flight.
#[derive(Clone, Debug, PartialEq)]
pub struct MessageView {
    pub id: u64,
    pub kind: Kind,
    pub from: NodeId,
    pub to: NodeId,
    /// 0 at the sender, 1 at the receiver.
    pub progress: f64,
    pub lost: bool,
    pub term: Term,
    /// For replies: granted or success.
    pub ok: Option<bool>,
    /// For AppendEntries: number of entries (0: heartbeat).
    pub entries: usize,
    /// For InstallSnapshot: the snapshot's last included index.
    pub snap: Index,
}

/// The cluster drawing.
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterView {
    pub servers: Vec<ServerView>,
    pub links: Vec<LinkView>,
    pub messages: Vec<MessageView>,
    /// The configuration drawn (the leader's, else the most up-to-date server's).
    pub membership: Membership,
}

/// `{1,2,3}`.
pub fn set_text(set: u16) -> String {
    let v: Vec<String> = ids(set).map(|i| i.to_string()).collect();
    format!("{{{}}}", v.join(","))
}

/// A configuration as the log shows it: `C{1,2,3}`, `C{1,2,3}→{3,4,5}`, learners `+L{4}`.
pub fn config_text(m: &Membership) -> String {
    let mut s = String::from("C");
    if let Some(old) = m.old_voters {
        s += &set_text(old);
        s.push('→');
    }
    s += &set_text(m.voters);
    if m.learners != 0 {
        s += "+L";
        s += &set_text(m.learners);
    }
    s
}

/// The configuration to draw: without one (nobody alive), the first `nodes` servers.
pub fn drawn_membership(world: &World) -> Membership {
    let m = world.membership();
    if m.members() == 0 {
        Membership::first(world.config().nodes)
    } else {
        m
    }
}

fn votes_of(id_set: u16, n: u8) -> Vec<NodeId> {
    (1..=n).filter(|i| id_set & (1 << i) != 0).collect()
}

pub fn cluster(world: &World) -> ClusterView {
    let now = world.now();
    let n = world.servers().len() as u8;
    let membership = drawn_membership(world);
    let leases = crate::ui::reads::leases_matter(world);
    let servers = world
        .servers()
        .iter()
        .map(|s| {
            let node = &s.node;
            let timer_left = s.election.armed.filter(|_| s.alive).map(|(start, end)| {
                if end <= start {
                    0.0
                } else {
                    (end.saturating_sub(now)) as f64 / (end - start) as f64
                }
            });
            let campaigning = matches!(node.role(), Role::Candidate | Role::PreCandidate);
            ServerView {
                id: node.id(),
                alive: s.alive,
                role: node.role(),
                term: node.current_term(),
                voted_for: node.voted_for(),
                commit: node.commit_index(),
                last: node.log().last_index(),
                timer_left,
                votes: if campaigning && s.alive {
                    votes_of(node.votes(), n)
                } else {
                    vec![]
                },
                member: Member::of(&membership, node.id()),
                joint: membership.old_voters.map(|old| {
                    let b = crate::raft::bit(node.id());
                    (old & b != 0, membership.voters & b != 0)
                }),
                reads: crate::ui::reads::server_reads(world, node.id(), leases),
            }
        })
        .collect();
    let mut links = vec![];
    for a in 1..=n {
        for b in a + 1..=n {
            links.push(LinkView {
                a,
                b,
                state: world.network().link_state(a, b),
            });
        }
    }
    let messages = world
        .network()
        .in_flight()
        .map(|f| {
            let (ok, entries, snap) = match &f.msg.body {
                Body::RequestVoteResponse(r) => (Some(r.vote_granted), 0, 0),
                Body::AppendEntriesResponse(r) => (Some(r.success), 0, 0),
                Body::AppendEntries(a) => (None, a.entries.len(), 0),
                Body::InstallSnapshot(i) => (None, 0, i.snapshot.index),
                Body::RequestVote(_) | Body::TimeoutNow(_) => (None, 0, 0),
            };
            MessageView {
                id: f.id,
                kind: f.msg.body.kind(),
                from: f.msg.from,
                to: f.msg.to,
                progress: f.progress(now),
                lost: f.lost,
                term: f.msg.body.term(),
                ok,
                entries,
                snap,
            }
        })
        .collect();
    ClusterView {
        servers,
        links,
        messages,
        membership,
    }
}

/// One cell of the log table.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub index: Index,
    pub term: Term,
    pub cmd: Option<String>,
    pub committed: bool,
    pub kind: EntryKind,
    /// A configuration entry's text (`C{1,2,3}`).
    pub config: Option<String>,
}

/// One row of the log table.
#[derive(Clone, Debug, PartialEq)]
pub struct LogRow {
    pub id: NodeId,
    pub alive: bool,
    pub role: Role,
    pub cells: Vec<Cell>,
    /// The leader's view of this follower: (nextIndex, matchIndex).
    pub next_match: Option<(Index, Index)>,
    /// The server's key-value state, as `k=v k=v`.
    pub kv: String,
    /// The compacted prefix: last included (index, term); (0, 0) for none.
    pub snapshot: (Index, Term),
    pub member: Member,
}

/// The log table, windowed to the last [`LOG_WINDOW`] indices.
#[derive(Clone, Debug, PartialEq)]
pub struct LogView {
    pub rows: Vec<LogRow>,
    pub first: Index,
    pub last: Index,
}

/// Most log columns drawn.
pub const LOG_WINDOW: Index = 40;

/// A cheap fingerprint of everything the log table shows.
pub fn log_signature(world: &World) -> Vec<u64> {
    let leader = world.leader();
    let m = drawn_membership(world);
    let mut sig = vec![
        leader.unwrap_or(0) as u64,
        m.voters as u64
            | (m.learners as u64) << 16
            | (m.old_voters.map_or(0, |o| o as u64 | 1 << 16)) << 32,
    ];
    for s in world.servers() {
        let n = &s.node;
        sig.extend([
            s.alive as u64,
            n.log().last_index(),
            n.log().last_term(),
            n.log().truncations(),
            n.commit_index(),
            n.last_applied(),
            n.role() as u64,
            n.log().snapshot_index(),
        ]);
        if let Some(l) = leader {
            let ln = &world.server(l).node;
            sig.extend([ln.next_index(n.id()), ln.match_index(n.id())]);
        }
    }
    sig
}

pub fn logs(world: &World) -> LogView {
    let last = world
        .servers()
        .iter()
        .map(|s| s.node.log().last_index())
        .max()
        .unwrap_or(0);
    let first = last.saturating_sub(LOG_WINDOW - 1).max(1);
    let leader = world.leader();
    let m = drawn_membership(world);
    let rows = world
        .servers()
        .iter()
        .map(|s| {
            let n = &s.node;
            let log = n.log();
            let base = log.first_index();
            let cells = log
                .entries()
                .iter()
                .enumerate()
                .skip(first.saturating_sub(base) as usize)
                .map(|(i, e)| {
                    let index = base + i as Index;
                    Cell {
                        index,
                        term: e.term,
                        cmd: e.cmd.clone(),
                        committed: index <= n.commit_index(),
                        kind: e.kind(),
                        config: e.config.as_ref().map(config_text),
                    }
                })
                .collect();
            let member = Member::of(&m, n.id());
            let next_match = leader
                .filter(|&l| l != n.id() && member != Member::Spare)
                .map(|l| {
                    let ln = &world.server(l).node;
                    (ln.next_index(n.id()), ln.match_index(n.id()))
                });
            LogRow {
                id: n.id(),
                alive: s.alive,
                role: n.role(),
                cells,
                next_match,
                kv: crate::sim::world::user_kv(&s.kv)
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(" "),
                snapshot: (log.snapshot_index(), log.snapshot_term()),
                member,
            }
        })
        .collect();
    LogView { rows, first, last }
}

/// A write as listed.
#[derive(Clone, Debug, PartialEq)]
pub struct WriteView {
    pub value: String,
    pub status: WriteStatus,
    pub index: Option<Index>,
}

/// Most writes listed (the latest).
pub const WRITES_SHOWN: usize = 30;

pub fn writes_signature(world: &World) -> (usize, usize, usize, usize) {
    let w = world.writes();
    let count = |s| w.iter().filter(|x| x.status == s).count();
    let placed = w.iter().filter(|x| x.placed.is_some()).count();
    (
        w.len(),
        count(WriteStatus::Acked),
        count(WriteStatus::Unknown),
        placed,
    )
}

pub fn writes(world: &World) -> Vec<WriteView> {
    let w = world.writes();
    w[w.len().saturating_sub(WRITES_SHOWN)..]
        .iter()
        .rev()
        .map(|w| WriteView {
            value: w.value.clone(),
            status: w.status,
            index: w.index(),
        })
        .collect()
}

/// One safety property's state.
#[derive(Clone, Debug, PartialEq)]
pub struct InvariantView {
    pub invariant: Invariant,
    pub count: u64,
    /// The first violation: when, who, what.
    pub first: Option<(Time, Vec<NodeId>, crate::sim::invariants::Detail)>,
}

pub fn invariants(world: &World) -> Vec<InvariantView> {
    let c = world.checker();
    invariant_views(&Invariant::RAFT, &c.counts(), c.violations())
}

/// The properties `props` of a protocol, each with its count and first violation.
pub fn invariant_views(
    props: &'static [Invariant],
    counts: &crate::sim::invariants::Counts,
    violations: &[crate::sim::Violation],
) -> Vec<InvariantView> {
    counts
        .iter(props)
        .map(|(invariant, count)| InvariantView {
            invariant,
            count,
            first: violations
                .iter()
                .find(|v| v.invariant == invariant)
                .map(|v| (v.t, v.nodes.clone(), v.detail.clone())),
        })
        .collect()
}

/// One feed line.
#[derive(Clone, Debug, PartialEq)]
pub struct FeedLine {
    pub t: Time,
    pub text: String,
    pub alarm: bool,
}

/// The newest event a screen reader should hear about (a new leader, a crash
/// or restart, a commit, a broken invariant): its place in the feed and its
/// sentence.
pub fn news(world: &World, lang: Lang) -> Option<(u64, String)> {
    use crate::raft::Note;
    use crate::sim::Event;
    let feed = world.feed();
    let total = feed.total();
    // Among the last few events the weightiest, so that a commit right after
    // an election does not drown the new leader.
    let weight = |e: &Event| match e {
        Event::Violation { .. } => 4,
        Event::Node(_, Note::BecameLeader { .. }) => 3,
        Event::Crashed(_) | Event::Restarted(_) => 2,
        Event::Node(_, Note::Committed { .. }) => 1,
        _ => 0,
    };
    feed.items()
        .rev()
        .take(12)
        .enumerate()
        .filter(|(_, item)| weight(&item.event) > 0)
        .max_by_key(|(back, item)| (weight(&item.event), std::cmp::Reverse(*back)))
        .map(|(back, item)| {
            (
                total - back as u64,
                describe(&item.event, lang, world.writes()),
            )
        })
}

/// Most feed lines shown (the latest).
pub const FEED_SHOWN: usize = 60;

pub fn feed(world: &World, lang: Lang) -> Vec<FeedLine> {
    let items: Vec<_> = world.feed().items().collect();
    items[items.len().saturating_sub(FEED_SHOWN)..]
        .iter()
        .rev()
        .map(|item| FeedLine {
            t: item.t,
            text: describe(&item.event, lang, world.writes()),
            alarm: matches!(item.event, crate::sim::Event::Violation { .. }),
        })
        .collect()
}

/// Every caption of a script once, in `lang` (the caption area is sized to the longest).
pub fn caption_texts(steps: &[crate::sim::scenario::Step], lang: Lang) -> Vec<String> {
    let mut texts: Vec<String> = vec![];
    for step in steps {
        if let crate::sim::scenario::StepKind::Caption(t) = &step.kind {
            let t = t.get(lang.code());
            if !texts.iter().any(|x| x == t) {
                texts.push(t.to_string());
            }
        }
    }
    texts
}

/// The timeline's marks and caption times, shared cheaply.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineMarks {
    pub marks: Rc<Vec<Mark>>,
    pub captions: Rc<Vec<Time>>,
}

pub fn timeline_marks(h: &History) -> TimelineMarks {
    TimelineMarks {
        marks: Rc::new(h.marks().to_vec()),
        captions: Rc::new(h.caption_times()),
    }
}

/// A colour for a term: distinct hues for neighbouring terms.
pub fn term_hue(term: Term) -> u32 {
    ((term * 137 + 200) % 360) as u32
}

/// Milliseconds, with microseconds when there are any.
pub fn ms_text(t: Time) -> String {
    let ms = t / 1000;
    let us = t % 1000;
    if us == 0 {
        format!("{ms}")
    } else {
        format!("{ms}.{us:03}")
    }
}
