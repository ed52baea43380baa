//! Small snapshots of a ZAB world for the ZAB page's components (plain data,
//! `PartialEq`), and the live "why" of both protocols' elections and repairs.

use crate::raft::Time;
use crate::sim::history::Timeline;
use crate::sim::network::LinkState;
use crate::sim::protocol::SimWorld;
use crate::sim::world::World;
use crate::sim::zab_narrate::describe;
use crate::sim::zab_world::{ZabEvent, ZabWorld};
use crate::sim::{Invariant, Write, WriteStatus};
use crate::text::Lang;
use crate::ui::view::{
    invariant_views, FeedLine, InvariantView, LinkView, TimelineMarks, FEED_SHOWN,
};
use crate::zab::{Body, Epoch, NodeId, Note, Phase, Role, Round, SyncKind, Vote, Zxid};
use std::rc::Rc;

/// One ZAB server on the ring.
#[derive(Clone, Debug, PartialEq)]
pub struct ZabServerView {
    pub id: NodeId,
    pub alive: bool,
    pub role: Role,
    pub phase: Phase,
    pub epoch: Epoch,
    pub accepted_epoch: Epoch,
    pub round: Round,
    pub vote: Vote,
    pub last_zxid: Zxid,
    pub committed: Zxid,
    pub leader: Option<NodeId>,
    pub established: bool,
    /// During the finalize wait (a quorum agrees, a better vote may still come).
    pub finalizing: bool,
    /// Votes received in this election: (from, vote, round, state).
    pub received: Vec<(NodeId, Vote, Round, Role)>,
    /// Election timer: fraction still to run, 1 → 0.
    pub timer_left: Option<f64>,
}

impl ZabServerView {
    /// `data-role`: the ZooKeeper state, or `down`.
    pub fn role_name(&self) -> &'static str {
        if self.alive {
            self.role.name()
        } else {
            "down"
        }
    }
}

/// A ZAB message on the wire.
#[derive(Clone, Debug, PartialEq)]
pub struct ZabMessageView {
    pub id: u64,
    pub name: &'static str,
    pub from: NodeId,
    pub to: NodeId,
    pub progress: f64,
    pub lost: bool,
    /// What it carries, in a few characters (a vote, a zxid, an epoch).
    pub detail: String,
}

/// The ZAB cluster drawing.
#[derive(Clone, Debug, PartialEq)]
pub struct ZabClusterView {
    pub servers: Vec<ZabServerView>,
    pub links: Vec<LinkView>,
    pub messages: Vec<ZabMessageView>,
}

/// `(S5, 1:3, e1)`: a vote as the page shows it.
pub fn vote_text(v: Vote) -> String {
    if v.leader == 0 {
        return "(—)".into();
    }
    format!("(S{}, {}, e{})", v.leader, v.zxid, v.epoch)
}

fn progress(now: Time, sent: Time, arrives: Time) -> f64 {
    if arrives <= sent {
        1.0
    } else {
        (now.saturating_sub(sent) as f64 / (arrives - sent) as f64).clamp(0.0, 1.0)
    }
}

fn detail(body: &Body) -> String {
    match body {
        Body::Notification(n) => format!(
            "S{} {} e{} r{}",
            n.vote.leader, n.vote.zxid, n.vote.epoch, n.round
        ),
        Body::FollowerInfo { accepted_epoch, .. } => format!("e{accepted_epoch}"),
        Body::LeaderInfo { epoch, .. } => format!("e{epoch}"),
        Body::AckEpoch { last_zxid, .. } => last_zxid.to_string(),
        Body::Diff { zxid } | Body::Trunc { zxid } => zxid.to_string(),
        Body::Snap { history } => history
            .last()
            .map(|t| t.zxid.to_string())
            .unwrap_or_default(),
        Body::Proposal(t) | Body::Inform(t) => t.zxid.to_string(),
        Body::Ack { zxid } | Body::Commit { zxid } | Body::NewLeader { zxid } => zxid.to_string(),
        Body::UpToDate | Body::Ping => String::new(),
    }
}

/// A link's state from its two directions.
pub fn link_state(w: &ZabWorld, a: NodeId, b: NodeId) -> LinkState {
    match (w.is_up(a, b), w.is_up(b, a)) {
        (true, true) => LinkState::Up,
        (false, false) => LinkState::Cut,
        (true, false) => LinkState::OneWay { from: a, to: b },
        (false, true) => LinkState::OneWay { from: b, to: a },
    }
}

pub fn cluster(w: &ZabWorld) -> ZabClusterView {
    let now = w.now();
    let n = w.size();
    let servers = w
        .servers()
        .iter()
        .map(|s| {
            let node = &s.node;
            let timer_left = s
                .election
                .armed
                .filter(|_| s.alive && node.role() == Role::Looking)
                .map(|(start, end)| 1.0 - progress(now, start, end));
            let mut received: Vec<_> = node
                .votes_received()
                .map(|(from, r)| (from, r.vote, r.round, r.state))
                .collect();
            received.sort_by_key(|r| r.0);
            ZabServerView {
                id: node.id(),
                alive: s.alive,
                role: node.role(),
                phase: node.phase(),
                epoch: node.current_epoch(),
                accepted_epoch: node.accepted_epoch(),
                round: node.round(),
                vote: node.vote(),
                last_zxid: node.last_zxid(),
                committed: node.committed(),
                leader: node.leader(),
                established: node.established(),
                finalizing: node.finalizing(),
                received,
                timer_left,
            }
        })
        .collect();
    let mut links = vec![];
    for a in 1..=n {
        for b in a + 1..=n {
            links.push(LinkView {
                a,
                b,
                state: link_state(w, a, b),
            });
        }
    }
    let messages = w
        .in_flight()
        .map(|f| ZabMessageView {
            id: f.id,
            name: f.msg.body.name(),
            from: f.msg.from,
            to: f.msg.to,
            progress: progress(now, f.sent, f.arrives),
            lost: f.lost,
            detail: detail(&f.msg.body),
        })
        .collect();
    ZabClusterView {
        servers,
        links,
        messages,
    }
}

/// One transaction of a server's history.
#[derive(Clone, Debug, PartialEq)]
pub struct TxnCell {
    pub zxid: Zxid,
    pub data: String,
    pub committed: bool,
}

/// One server's history.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryRow {
    pub id: NodeId,
    pub alive: bool,
    pub role: Role,
    pub last: Zxid,
    pub committed: Zxid,
    /// Transactions before the window.
    pub hidden: usize,
    pub cells: Vec<TxnCell>,
    pub kv: String,
}

/// Most transactions drawn per server (the latest).
pub const HISTORY_WINDOW: usize = 24;

pub fn histories(w: &ZabWorld) -> Vec<HistoryRow> {
    w.servers()
        .iter()
        .map(|s| {
            let n = &s.node;
            let h = n.history();
            let skip = h.len().saturating_sub(HISTORY_WINDOW);
            HistoryRow {
                id: n.id(),
                alive: s.alive,
                role: n.role(),
                last: n.last_zxid(),
                committed: n.committed(),
                hidden: skip,
                cells: h[skip..]
                    .iter()
                    .map(|t| TxnCell {
                        zxid: t.zxid,
                        data: t.data.clone(),
                        committed: t.zxid <= n.committed(),
                    })
                    .collect(),
                kv: s
                    .kv
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(" "),
            }
        })
        .collect()
}

/// A cheap fingerprint of the histories.
pub fn history_signature(w: &ZabWorld) -> Vec<u64> {
    let z = |z: Zxid| u64::from(z.epoch) << 32 | u64::from(z.counter);
    w.servers()
        .iter()
        .flat_map(|s| {
            let n = &s.node;
            [
                s.alive as u64 | (n.role() as u64) << 1,
                n.history().len() as u64,
                z(n.last_zxid()),
                z(n.committed()),
                s.kv.len() as u64,
            ]
        })
        .collect()
}

pub fn feed(w: &ZabWorld, lang: Lang) -> Vec<FeedLine> {
    w.feed()
        .rev()
        .take(FEED_SHOWN)
        .map(|(t, e)| FeedLine {
            t: *t,
            text: describe(e, lang, w.writes()),
            alarm: matches!(e, ZabEvent::Violation { .. }),
        })
        .collect()
}

pub fn invariants(w: &ZabWorld) -> Vec<InvariantView> {
    invariant_views(&Invariant::ZAB, &w.counts(), w.violations())
}

/// A write as the ZAB page lists it: its zxid once proposed.
#[derive(Clone, Debug, PartialEq)]
pub struct ZabWriteView {
    pub value: String,
    pub status: WriteStatus,
    /// ZAB: `2:3`; Raft: `#4` (its log index).
    pub place: Option<String>,
}

/// Most writes listed.
const WRITES_SHOWN: usize = 20;

/// The latest writes, newest first, each placed by `place`.
fn write_views(ws: &[Write], place: fn(&Write) -> Option<String>) -> Vec<ZabWriteView> {
    ws[ws.len().saturating_sub(WRITES_SHOWN)..]
        .iter()
        .rev()
        .map(|x| ZabWriteView {
            value: x.value.clone(),
            status: x.status,
            place: place(x),
        })
        .collect()
}

pub fn zab_writes(w: &ZabWorld) -> Vec<ZabWriteView> {
    write_views(w.writes(), |x| {
        x.placed
            .map(|(_, _, z)| Zxid::new((z >> 32) as Epoch, z as u32).to_string())
    })
}

pub fn raft_writes(w: &World) -> Vec<ZabWriteView> {
    write_views(w.writes(), |x| x.index().map(|i| format!("#{i}")))
}

/// Timeline marks of one or two timelines.
pub fn marks<W: SimWorld>(t: &Timeline<W>, other: Option<&Timeline<World>>) -> TimelineMarks {
    let mut m = t.marks().to_vec();
    if let Some(o) = other {
        m.extend_from_slice(o.marks());
        m.sort_by_key(|k| k.t);
    }
    TimelineMarks {
        marks: Rc::new(m),
        captions: Rc::new(t.caption_times()),
    }
}

/// The "why" panel's facts for ZAB.
#[derive(Clone, Debug, PartialEq)]
pub struct ZabWhy {
    /// The established leader, its epoch and the vote that elected it.
    pub leader: Option<(NodeId, Epoch, Vote)>,
    /// The highest round among live looking servers (when there is no leader).
    pub round: Round,
    /// Live servers by (epoch, last zxid, id), best first.
    pub ranking: Vec<(NodeId, Epoch, Zxid)>,
    /// The latest synchronizations: (time, leader, learner, how, from zxid).
    pub syncs: Vec<(Time, NodeId, NodeId, SyncKind, Zxid)>,
}

pub fn zab_why(w: &ZabWorld) -> ZabWhy {
    // The established leader, else one elected and still synchronizing.
    let leading = w.leader().or_else(|| {
        w.servers()
            .iter()
            .filter(|s| s.alive && s.node.role() == Role::Leading)
            .max_by_key(|s| s.node.accepted_epoch())
            .map(|s| s.node.id())
    });
    let leader = leading.map(|l| {
        let n = &w.server(l).node;
        (l, n.accepted_epoch().max(n.current_epoch()), n.vote())
    });
    let round = w
        .servers()
        .iter()
        .filter(|s| s.alive)
        .map(|s| s.node.round())
        .max()
        .unwrap_or(0);
    let mut ranking: Vec<_> = w
        .servers()
        .iter()
        .filter(|s| s.alive)
        .map(|s| (s.node.id(), s.node.current_epoch(), s.node.last_zxid()))
        .collect();
    ranking.sort_by_key(|a| std::cmp::Reverse((a.1, a.2, a.0)));
    let syncs = w
        .feed()
        .rev()
        .filter_map(|(t, e)| match e {
            ZabEvent::Node(l, Note::Sync { to, how, zxid }) => Some((*t, *l, *to, *how, *zxid)),
            _ => None,
        })
        .take(5)
        .collect();
    ZabWhy {
        leader,
        round,
        ranking,
        syncs,
    }
}

/// The "why" panel's facts for Raft.
#[derive(Clone, Debug, PartialEq)]
pub struct RaftWhy {
    /// The leader, its term, its last log term and index when it leads.
    pub leader: Option<(NodeId, u64, u64, u64)>,
    /// Live servers by (last log term, last index).
    pub ranking: Vec<(NodeId, u64, u64)>,
}

pub fn raft_why(w: &World) -> RaftWhy {
    let leader = w.leader().map(|l| {
        let n = &w.server(l).node;
        (
            l,
            n.current_term(),
            n.log().last_term(),
            n.log().last_index(),
        )
    });
    let mut ranking: Vec<_> = w
        .servers()
        .iter()
        .filter(|s| s.alive)
        .map(|s| {
            (
                s.node.id(),
                s.node.log().last_term(),
                s.node.log().last_index(),
            )
        })
        .collect();
    ranking.sort_by(|a, b| (b.1, b.2).cmp(&(a.1, a.2)).then(a.0.cmp(&b.0)));
    RaftWhy { leader, ranking }
}
