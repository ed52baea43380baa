//! Running a scenario headless: what `raftlab run` prints, what `raftlab trace`
//! tells, and the event traces the determinism tests keep in `tests/golden/`.

use super::client::ClientOp;
use super::config::Protocol;
use super::config::MS;
use super::feed::{Event, FeedItem, Request};
use super::invariants::{Counts, Invariant, Violation};
use super::json::Json;
use super::narrate::{describe, Lang};
use super::protocol::SimWorld;
use super::scenario::{check_expect, Expect, Scenario, Step, StepKind, MAX_AT_MS};
use super::world::World;
use super::zab_world::ZabWorld;
use crate::raft::{ids, AppendRefusal, Change, NodeId, Note, Refusal, Time};
use std::fmt::Write as _;

/// The latest simulated time a run may reach: one day, the latest time a
/// scenario step may have. Beyond it a run would only repeat heartbeats.
pub const MAX_TIME: Time = MAX_AT_MS as Time * MS;

// `t_ms` writes microseconds as three decimals of a millisecond.
const _: () = assert!(MS == 1_000);

/// A time in milliseconds as JSON: whole milliseconds stay whole ("1500"), others
/// get their microseconds as decimals ("152.34"), without float formatting.
pub fn t_ms(t: Time) -> Json {
    let (ms, us) = (t / MS, t % MS);
    if us == 0 {
        return Json::int(ms);
    }
    let frac = format!("{us:03}");
    Json::Num(format!("{ms}.{}", frac.trim_end_matches('0')))
}

fn id(n: NodeId) -> Json {
    Json::int(u64::from(n))
}

fn opt_int(n: Option<u64>) -> Json {
    n.map_or(Json::Null, Json::int)
}

/// The role name of a server, "down" if crashed.
pub fn role_or_down(world: &World, id: NodeId) -> &'static str {
    let s = world.server(id);
    if s.alive {
        s.node.role().name()
    } else {
        "down"
    }
}

/// The snapshot of DESIGN.md: servers, with their persistent state even when down,
/// and the client writes.
pub fn snapshot(world: &World) -> Json {
    let nodes = world
        .servers()
        .iter()
        .map(|s| {
            let n = &s.node;
            let first = n.log().first_index();
            let log = n
                .log()
                .entries()
                .iter()
                .zip(first..)
                .map(|(e, i)| {
                    Json::obj([
                        ("term", Json::int(e.term)),
                        ("cmd", e.cmd.as_ref().map_or(Json::Null, Json::str)),
                        ("index", Json::int(i)),
                        ("kind", Json::str(e.kind().name())),
                    ])
                })
                .collect();
            let set = |s: u16| Json::Arr(ids(s).map(id).collect());
            let m = n.membership();
            let config = Json::obj([
                ("voters", set(m.voters)),
                ("learners", set(m.learners)),
                ("old_voters", m.old_voters.map_or(Json::Null, set)),
            ]);
            let snap = Json::obj([
                ("index", Json::int(n.log().snapshot_index())),
                ("term", Json::int(n.log().snapshot_term())),
            ]);
            Json::obj([
                ("id", id(n.id())),
                ("alive", Json::Bool(s.alive)),
                ("role", Json::str(n.role().name())),
                ("term", Json::int(n.current_term())),
                ("voted_for", opt_int(n.voted_for().map(u64::from))),
                ("commit_index", Json::int(n.commit_index())),
                ("log", Json::Arr(log)),
                ("config", config),
                ("snapshot", snap),
            ])
        })
        .collect();
    let writes = world
        .writes()
        .iter()
        .map(|w| {
            Json::obj([
                ("value", Json::str(w.value.as_str())),
                ("status", Json::str(w.status.name())),
                ("index", opt_int(w.index())),
            ])
        })
        .collect();
    let ops = world.ops().iter().map(op_json).collect();
    let mut snap = Json::obj([
        ("t_ms", t_ms(world.now())),
        ("nodes", Json::Arr(nodes)),
        ("writes", Json::Arr(writes)),
        ("ops", Json::Arr(ops)),
        ("linearizable", Json::Bool(world.unorderable().is_none())),
    ]);
    if let Some((key, set)) = world.unorderable() {
        let set = set.iter().map(|&i| Json::int(i as u64)).collect();
        snap.set(
            "unorderable",
            Json::obj([("key", Json::str(key)), ("ops", Json::Arr(set))]),
        );
    }
    snap
}

/// One operation of the clients' history (DESIGN.md, "Clients and reads").
pub fn op_json(o: &ClientOp) -> Json {
    let mut j = Json::obj([
        ("client", Json::int(o.client as u64)),
        ("kind", Json::str(o.kind.name())),
        ("key", Json::str(o.key.as_str())),
        ("value", Json::str(o.value.as_str())),
        ("invoke_ms", t_ms(o.invoke)),
        ("complete_ms", o.complete.map_or(Json::Null, t_ms)),
        ("status", Json::str(o.status.name())),
        ("result", o.result.as_deref().map_or(Json::Null, Json::str)),
    ]);
    if let Some(m) = o.mode {
        j.set("mode", Json::str(m.name()));
    }
    if let Some(s) = o.server {
        j.set("server", id(s));
    }
    j
}

/// One violation as JSON.
pub fn violation_json(v: &Violation) -> Json {
    Json::obj([
        ("name", Json::str(v.invariant.name())),
        ("t_ms", t_ms(v.t)),
        ("nodes", Json::Arr(v.nodes.iter().map(|&n| id(n)).collect())),
        ("detail", Json::str(v.detail.to_string())),
    ])
}

/// Checks an `expect` step, with the convergence check that knows about spare
/// and removed servers and about snapshots ([`World::converged`]).
pub fn expect(world: &World, e: &Expect) -> Result<(), String> {
    if e.converged != Some(true) {
        return check_expect(world, e);
    }
    let rest = Expect {
        converged: None,
        ..e.clone()
    };
    let mut why: Vec<String> = check_expect(world, &rest).err().into_iter().collect();
    if let Err(w) = world.converged() {
        why.push(format!("not converged: {w}"));
    }
    if why.is_empty() {
        Ok(())
    } else {
        Err(why.join("; "))
    }
}

/// Options of a headless run.
#[derive(Clone, Copy, Debug, Default)]
pub struct RunOptions {
    /// A snapshot every so often (none if `None` or zero).
    pub dump_every: Option<Time>,
    /// Where the run ends (at most [`MAX_TIME`]); by default at the last step.
    pub until: Option<Time>,
}

/// The outcome of a headless run.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    pub passed: usize,
    pub failed: usize,
    pub violations: Vec<Violation>,
    /// Per-invariant violation counts.
    pub counts: Counts,
    pub expected_violation_seen: bool,
    /// Every expectation held and no violation other than the expected one.
    pub ok: bool,
    pub end: Time,
}

/// Where a run of `scn` ends, refused beyond [`MAX_TIME`].
fn end_of(scn: &Scenario, until: Option<Time>) -> Result<Time, String> {
    let end = until.unwrap_or_else(|| scn.steps.last().map_or(0, |s| s.at));
    if end > MAX_TIME {
        return Err(format!(
            "a run may last at most {} ms (one day) of simulated time",
            MAX_TIME / MS
        ));
    }
    Ok(end)
}

/// Fills in the verdict of a run from its expectation counts and the checker.
fn conclude(scn: &Scenario, world: &impl SimWorld, out: &mut Outcome) {
    out.violations = world.found().to_vec();
    out.counts = world.tally();
    out.expected_violation_seen = scn
        .expect_violation
        .is_some_and(|inv| out.counts.of(inv) > 0);
    // With an expected violation, others may come along with it (DESIGN.md).
    let any = out.counts.total() > 0;
    out.ok = out.failed == 0
        && match scn.expect_violation {
            None => !any,
            Some(_) => out.expected_violation_seen,
        };
}

/// Runs a scenario, calling `emit` with each line of output, and returns the
/// outcome. The final line (with `"final": true`) is emitted last. The
/// cluster's `protocol` picks the world: Raft's or ZAB's.
pub fn run(scn: &Scenario, opts: RunOptions, emit: impl FnMut(Json)) -> Result<Outcome, String> {
    match scn.setup.cluster.protocol {
        Protocol::Raft => run_in::<World>(scn, opts, emit),
        Protocol::Zab => run_in::<ZabWorld>(scn, opts, emit),
    }
}

fn run_in<W: SimWorld>(
    scn: &Scenario,
    opts: RunOptions,
    mut emit: impl FnMut(Json),
) -> Result<Outcome, String> {
    let end = end_of(scn, opts.until)?;
    let mut world = W::build(&scn.setup)?;
    let every = opts.dump_every.filter(|&d| d > 0);
    let mut next_dump = every;
    let mut out = Outcome::default();
    let mut dump_until = |world: &mut W, t: Time, emit: &mut dyn FnMut(Json)| {
        while let Some(d) = next_dump.filter(|&d| d <= t) {
            world.run_to(d);
            emit(world.snapshot());
            next_dump = every.and_then(|e| d.checked_add(e));
        }
    };
    for step in scn.steps.iter().take_while(|s| s.at <= end) {
        dump_until(&mut world, step.at, &mut emit);
        world.run_to(step.at);
        match &step.kind {
            StepKind::Act(a) => {
                if let Err(e) = world.perform(a) {
                    out.failed += 1;
                    emit(Json::obj([
                        ("t_ms", t_ms(step.at)),
                        ("error", Json::Str(e)),
                        ("ok", Json::Bool(false)),
                    ]));
                }
            }
            // An expectation about the other protocol (a side-by-side scenario).
            StepKind::Expect(e) if e.protocol.is_some_and(|p| p != world.protocol()) => {}
            StepKind::Expect(e) => {
                let res = world.check(e);
                let mut shown = e.raw.clone();
                shown.remove("do");
                shown.remove("at_ms");
                match &res {
                    Ok(()) => out.passed += 1,
                    Err(_) => out.failed += 1,
                }
                emit(Json::obj([
                    ("t_ms", t_ms(step.at)),
                    ("expect", shown),
                    ("ok", Json::Bool(res.is_ok())),
                    ("why", res.err().map_or(Json::Null, Json::Str)),
                ]));
            }
            StepKind::Caption(_) | StepKind::Pause => {}
        }
    }
    dump_until(&mut world, end, &mut emit);
    world.run_to(end);
    out.end = end;
    conclude(scn, &world, &mut out);
    let mut fin = world.snapshot();
    fin.set("final", Json::Bool(true));
    fin.set(
        "violations",
        Json::Arr(out.violations.iter().map(violation_json).collect()),
    );
    fin.set(
        "expectations",
        Json::obj([
            ("passed", Json::int(out.passed as u64)),
            ("failed", Json::int(out.failed as u64)),
        ]),
    );
    fin.set(
        "expect_violation",
        scn.expect_violation
            .map_or(Json::Null, |inv| Json::str(inv.name())),
    );
    fin.set("ok", Json::Bool(out.ok));
    emit(fin);
    Ok(out)
}

/// What [`walk`] reports, in order.
enum Seen<'a> {
    /// A step was carried out: an action (`Err` if the world refused it), an
    /// expectation (`Err` with why it failed), a caption or a pause (`Ok`).
    Step(&'a Step, Result<(), String>),
    /// Something happened in the world.
    Event(&'a FeedItem),
    /// The events of one instant, or of one step, are all reported.
    Settled,
}

/// Runs a scenario event by event up to `end`, reporting each step and event.
fn walk(
    scn: &Scenario,
    world: &mut World,
    end: Time,
    mut on: impl FnMut(&World, Seen<'_>) -> Result<(), String>,
) -> Result<(), String> {
    let mut seen = 0;
    let mut steps = scn.steps.iter().filter(|s| s.at <= end).peekable();
    loop {
        let next_step = steps.peek().map(|s| s.at);
        let next_event = world.next_event_time().filter(|&t| t <= end);
        match (next_event, next_step) {
            (Some(e), Some(s)) if e <= s => {
                world.step();
            }
            (Some(_), None) => {
                world.step();
            }
            (_, Some(s)) => {
                world.advance_to(s);
                if let Some(step) = steps.next() {
                    let r = match &step.kind {
                        StepKind::Act(a) => world.act(a),
                        StepKind::Expect(e) if e.protocol.is_some_and(|p| p != Protocol::Raft) => {
                            Ok(())
                        }
                        StepKind::Expect(e) => expect(world, e),
                        StepKind::Caption(_) | StepKind::Pause => Ok(()),
                    };
                    on(world, Seen::Step(step, r))?;
                }
            }
            (None, None) => break,
        }
        let feed = world.feed();
        let fresh = (feed.total() - seen) as usize;
        for item in feed.items().skip(feed.items().len().saturating_sub(fresh)) {
            on(world, Seen::Event(item))?;
        }
        seen = feed.total();
        on(world, Seen::Settled)?;
    }
    world.advance_to(end);
    Ok(())
}

/// Runs a scenario and reports every event as a sentence: `(time, text)`.
/// For scenario authors, who need to know when things happen.
pub fn trace(
    scn: &Scenario,
    until: Option<Time>,
    lang: Lang,
    mut emit: impl FnMut(Time, String),
) -> Result<(), String> {
    let end = end_of(scn, until)?;
    if scn.setup.cluster.protocol == Protocol::Zab {
        return super::zab_runner::trace(scn, end, lang, emit);
    }
    let mut world = World::new(&scn.setup)?;
    walk(scn, &mut world, end, |world, seen| {
        match seen {
            Seen::Step(step, r) => match (&step.kind, r) {
                (StepKind::Act(_), Err(e)) => return Err(e),
                (StepKind::Caption(t), _) => emit(step.at, format!("── {}", t.get(lang.code()))),
                (StepKind::Expect(_), r) => emit(
                    step.at,
                    format!("expect: {}", r.err().unwrap_or_else(|| "ok".into())),
                ),
                _ => {}
            },
            Seen::Event(item) => emit(item.t, describe(&item.event, lang, world.writes())),
            Seen::Settled => {}
        }
        Ok(())
    })
}

/// What the event trace shows of a server after each change.
#[derive(Clone, PartialEq)]
struct Shown {
    role: &'static str,
    term: u64,
    vote: Option<NodeId>,
    commit: u64,
    last: (u64, u64),
}

impl Shown {
    fn of(world: &World, id: NodeId) -> Shown {
        let n = &world.server(id).node;
        Shown {
            role: role_or_down(world, id),
            term: n.current_term(),
            vote: n.voted_for(),
            commit: n.commit_index(),
            last: (n.log().last_index(), n.log().last_term()),
        }
    }
}

impl std::fmt::Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let vote = self.vote.map_or("-".into(), |v| format!("S{v}"));
        write!(
            f,
            "= {} term={} vote={vote} commit={} last={}@{}",
            self.role, self.term, self.commit, self.last.0, self.last.1
        )
    }
}

fn line(out: &mut String, t: Time, who: &str, what: &str) {
    let _ = writeln!(out, "{:>5}.{:03}  {who:<6} {what}", t / MS, t % MS);
}

fn names(ids: &[NodeId]) -> String {
    let n: Vec<String> = ids.iter().map(|n| format!("S{n}")).collect();
    n.join(" ")
}

/// A server's note in a few fixed words.
fn note_words(note: Note) -> String {
    let pv = |pre_vote: bool| if pre_vote { " (pre-vote)" } else { "" };
    match note {
        Note::TimedOut { term, pre_vote } => {
            let what = if pre_vote { "pre-vote" } else { "election" };
            format!("timed out: {what} for term {term}")
        }
        Note::BecameLeader { term } => format!("became leader of term {term}"),
        Note::AdoptedTerm { term, from } => format!("adopted term {term} from S{from}"),
        Note::LostQuorum { term } => format!("lost quorum: steps down in term {term}"),
        Note::VoteGranted {
            candidate,
            term,
            pre_vote,
        } => format!("votes for S{candidate} in term {term}{}", pv(pre_vote)),
        Note::VoteRefused {
            candidate,
            term,
            pre_vote,
            reason,
        } => {
            let why = match reason {
                Refusal::StaleTerm => "stale term".to_string(),
                Refusal::AlreadyVoted(v) => format!("already voted for S{v}"),
                Refusal::LogBehind => "log behind".to_string(),
                Refusal::LeaderAlive => "leader alive".to_string(),
            };
            format!("refuses S{candidate} in term {term}{}: {why}", pv(pre_vote))
        }
        Note::AppendRefused {
            leader,
            prev_log_index,
            reason,
        } => {
            let why = match reason {
                AppendRefusal::StaleTerm => "stale term",
                AppendRefusal::MissingEntry => "missing entry",
                AppendRefusal::TermMismatch => "term mismatch",
                AppendRefusal::SameTermLeader => "same-term leader",
            };
            format!("refuses append from S{leader} after index {prev_log_index}: {why}")
        }
        Note::Truncated { from } => format!("truncated log from index {from}"),
        Note::Committed { index } => format!("committed up to index {index}"),
        Note::ConfigAppended { index } => format!("configuration at index {index} in effect"),
        Note::LearnerCaughtUp { id } => format!("learner S{id} caught up: made a voter"),
        Note::SteppedDownRemoved { term } => {
            format!("removed from the configuration: steps down in term {term}")
        }
        Note::TransferStarted { to } => format!("transfers leadership to S{to}"),
        Note::TimeoutNowSent { to } => format!("sends TimeoutNow to S{to}"),
        Note::TransferAborted { to } => format!("transfer to S{to} aborted"),
        Note::TimeoutNowReceived { from } => format!("TimeoutNow from S{from}: campaigns now"),
        Note::Compacted { index } => format!("compacted log up to index {index}"),
        Note::SnapshotSent { to, index } => format!("sends snapshot up to index {index} to S{to}"),
        Note::SnapshotInstalled { leader, index } => {
            format!("installed snapshot up to index {index} from S{leader}")
        }
    }
}

/// An event as (who, what), in a few fixed words.
fn event_words(e: &Event, world: &World) -> (String, String) {
    let s = |n: &NodeId| format!("S{n}");
    let link = |from: &NodeId, to: &NodeId, oneway: bool| {
        if oneway {
            format!("S{from}->S{to} (one way)")
        } else {
            format!("S{from}-S{to}")
        }
    };
    let net = |what: String| ("net".to_string(), what);
    let client = |what: String| ("client".to_string(), what);
    match e {
        Event::Node(n, note) => (s(n), note_words(*note)),
        Event::Crashed(n) => (s(n), "crashed".into()),
        Event::Restarted(n) => (s(n), "restarted".into()),
        Event::ForcedTimeout(n) => (s(n), "timer forced to fire".into()),
        Event::TimeoutIgnored(n) => (s(n), "forced timeout ignored: a leader".into()),
        Event::LinkCut { from, to, oneway } => net(format!("cut {}", link(from, to, *oneway))),
        Event::LinkHealed { from, to, oneway } => {
            net(format!("healed {}", link(from, to, *oneway)))
        }
        Event::Partitioned(groups) => {
            let g: Vec<String> = groups.iter().map(|g| format!("{{{}}}", names(g))).collect();
            net(format!("partitioned {}", g.join(" | ")))
        }
        Event::Isolated(n) => net(format!("isolated S{n}")),
        Event::HealedAll => net("healed all links".into()),
        Event::WriteSubmitted { write, to } => {
            let value = world.writes().get(*write as usize).map_or("", |w| &w.value);
            let to = to.map_or("the leader".into(), |t| format!("S{t}"));
            client(format!("write #{write} {value} sent to {to}"))
        }
        Event::WriteRedirected { write, from, to } => {
            (s(from), format!("redirects write #{write} to S{to}"))
        }
        Event::WriteWaiting { write } => client(format!("write #{write} waits: no leader")),
        Event::WriteAppended {
            write,
            leader,
            index,
            term,
        } => (
            s(leader),
            format!("appended write #{write} at index {index}, term {term}"),
        ),
        Event::WriteAcked { write, index } => {
            client(format!("write #{write} acked: index {index} applied"))
        }
        Event::WriteUnknown { write, leader } => client(format!(
            "write #{write} unknown: S{leader} lost leadership first"
        )),
        Event::WriteRetried { op, value } => client(format!("op #{} retried: {value}", op + 1)),
        Event::ReadSubmitted {
            op,
            client: c,
            key,
            mode,
        } => client(format!(
            "op #{} client {c} reads {key} ({})",
            op + 1,
            mode.name()
        )),
        Event::ReadAnswered {
            op,
            server,
            key,
            value,
        } => (
            s(server),
            format!(
                "answers op #{} {key} = {}",
                op + 1,
                value.as_deref().unwrap_or("(nothing)")
            ),
        ),
        Event::ReadUnknown { op, server, key } => client(format!(
            "op #{} read of {key} unknown: S{server} gave no answer",
            op + 1
        )),
        Event::Dropped { kind, from, to } => net(format!("dropped {} S{from}->S{to}", kind.name())),
        Event::Delayed { count, by } => net(format!("delayed {count} by {} ms", t_ms(*by))),
        Event::Duplicated { count } => net(format!("duplicated {count}")),
        Event::SettingsChanged => net("settings changed".into()),
        Event::TimersAligned => net("election timers aligned".into()),
        Event::TimersSpread => net("election timers spread".into()),
        Event::Violation { invariant, nodes } => (
            "check".into(),
            format!("VIOLATED {} ({})", invariant.name(), names(nodes)),
        ),
        Event::Requested { leader, req } => (s(leader), format!("asked to {}", req_words(req))),
        Event::Refused {
            leader,
            req,
            reason,
        } => {
            let why = reason.map_or("no leader".into(), |r| format!("{r:?}"));
            let who = leader.map_or("client".into(), |l| s(&l));
            (who, format!("refuses to {}: {why}", req_words(req)))
        }
    }
}

/// A membership change or transfer in a few fixed words.
fn req_words(req: &Request) -> String {
    match *req {
        Request::Change(Change::AddVoter(n)) => format!("add S{n}"),
        Request::Change(Change::AddLearner(n)) => format!("add learner S{n}"),
        Request::Change(Change::Remove(n)) => format!("remove S{n}"),
        Request::Change(Change::Voters(set)) => {
            format!("make voters {{{}}}", names(&ids(set).collect::<Vec<_>>()))
        }
        Request::Transfer(n) => format!("transfer leadership to S{n}"),
    }
}

/// Runs a scenario up to `until` (by default its last step) and writes its event
/// trace: one line per event, per expectation and per change of a server's
/// state, then the final state. `tests/golden/*.txt` hold these, so that a change
/// of behaviour shows as a readable diff.
///
/// Built from the world's structured events, not the page's sentences: rewording
/// or translating the page leaves the traces alone.
pub fn event_trace(scn: &Scenario, until: Option<Time>) -> Result<String, String> {
    let end = end_of(scn, until)?;
    if scn.setup.cluster.protocol == Protocol::Zab {
        return super::zab_runner::event_trace(scn, end);
    }
    let mut world = World::new(&scn.setup)?;
    let mut out = String::new();
    let c = &scn.setup.cluster;
    let _ = writeln!(
        out,
        "# seed {}, {} servers, 0 to {} ms\n\
         # time (ms)  who  what; \"=\" lines: a server's role, term, vote, commit index \
         and last log index@term after a change",
        scn.setup.seed,
        c.nodes,
        t_ms(end)
    );
    let ids: Vec<NodeId> = (1..=world.size()).collect();
    let mut shown: Vec<Shown> = ids.iter().map(|&n| Shown::of(&world, n)).collect();
    for (&n, s) in ids.iter().zip(&shown) {
        line(&mut out, 0, &format!("S{n}"), &s.to_string());
    }
    let mut o = Outcome::default();
    walk(scn, &mut world, end, |world, seen| {
        match seen {
            Seen::Step(step, r) => match (&step.kind, r) {
                (StepKind::Act(_), Err(e)) => {
                    o.failed += 1;
                    line(&mut out, step.at, "step", &format!("refused: {e}"));
                }
                (StepKind::Expect(_), r) => {
                    let what = match r {
                        Ok(()) => {
                            o.passed += 1;
                            "ok".to_string()
                        }
                        Err(why) => {
                            o.failed += 1;
                            format!("FAILED: {why}")
                        }
                    };
                    line(&mut out, step.at, "expect", &what);
                }
                _ => {}
            },
            Seen::Event(item) => {
                let (who, what) = event_words(&item.event, world);
                line(&mut out, item.t, &who, &what);
            }
            Seen::Settled => {
                for (&n, old) in ids.iter().zip(shown.iter_mut()) {
                    let now = Shown::of(world, n);
                    if now != *old {
                        line(&mut out, world.now(), &format!("S{n}"), &now.to_string());
                        *old = now;
                    }
                }
            }
        }
        Ok(())
    })?;
    conclude(scn, &world, &mut o);

    let _ = writeln!(out, "# final state at {} ms", t_ms(world.now()));
    for s in world.servers() {
        let n = &s.node;
        let log: Vec<String> = n
            .log()
            .entries()
            .iter()
            .map(|e| match &e.cmd {
                Some(cmd) => format!("{}:{cmd}", e.term),
                None => e.term.to_string(),
            })
            .collect();
        let kv: Vec<String> = super::world::user_kv(&s.kv)
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let _ = writeln!(
            out,
            "S{} {} applied={} log=[{}] kv={{{}}}",
            n.id(),
            Shown::of(&world, n.id()),
            n.last_applied(),
            log.join(" "),
            kv.join(" ")
        );
    }
    for w in world.writes() {
        let at = w
            .index()
            .map_or(String::new(), |i| format!(" at index {i}"));
        let _ = writeln!(out, "write #{} {} {}{at}", w.id, w.value, w.status.name());
    }
    // Without the detail: its wording may change, the facts are here.
    for v in &o.violations {
        let _ = writeln!(
            out,
            "violation {} at {} ms ({})",
            v.invariant.name(),
            t_ms(v.t),
            names(&v.nodes)
        );
    }
    let _ = writeln!(
        out,
        "expectations: {} passed, {} failed; expected violation: {}; {}",
        o.passed,
        o.failed,
        scn.expect_violation.map_or("none", Invariant::name),
        if o.ok { "ok" } else { "NOT OK" }
    );
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `raftlab run` wrote times with serde_json before; the numbers stay the same.
    #[test]
    fn times_are_written_as_before() {
        for (t, want) in [
            (0, "0"),
            (1, "0.001"),
            (10, "0.01"),
            (152_340, "152.34"),
            (1_500_000, "1500"),
            (MAX_TIME, "86400000"),
            (MAX_TIME - 1, "86399999.999"),
        ] {
            assert_eq!(t_ms(t).to_text(), want);
        }
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..100_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let t = x % (MAX_TIME + 1);
            let old = if t % MS == 0 {
                serde_json::json!(t / MS)
            } else {
                serde_json::json!(t as f64 / MS as f64)
            };
            assert_eq!(t_ms(t).to_text(), old.to_string(), "{t} µs");
        }
    }
}
