//! The cluster's options, as `cluster` sets them at the start and a `set` step
//! changes them later: one reader and one writer for every option, shared by both.

use super::obj::{bugs, Obj};
use crate::raft::{NodeId, Time};
use crate::sim::config::{ClusterConfig, Protocol, Settings, MAX_NODES, MS};
use crate::sim::json::Json;
use crate::sim::world::validate_cluster;

/// Reads every option present in `o` (the others stay `None`).
pub(super) fn read_settings(o: &mut Obj) -> Result<Settings, String> {
    let mut s = Settings {
        election_timeout: o.ms_range("election_timeout_ms", 1)?,
        heartbeat: o.u64_in("heartbeat_ms", 1, 60_000)?.map(|h| h * MS),
        latency: o.ms_range("latency_ms", 0)?,
        loss: o.f64_in("loss", 0.0, 1.0)?,
        prevote: o.bool("prevote")?,
        check_quorum: o.bool("check_quorum")?,
        leader_noop: o.bool("leader_noop")?,
        max_entries_per_append: o
            .u64_in("max_entries_per_append", 0, 10_000)?
            .map(|m| m as usize),
        fast_backtrack: o.bool("fast_backtrack")?,
        joint_consensus: match o.string("membership", 40)? {
            None => None,
            Some("single") => Some(false),
            Some("joint") => Some(true),
            Some(other) => {
                let other = super::obj::printable(other);
                return Err(o.err(
                    "membership",
                    format!("must be \"single\" or \"joint\", got \"{other}\""),
                ));
            }
        },
        snapshot_every: o.u64_in("snapshot_every", 0, 1_000_000)?,
        bugs: None,
        zab_bugs: None,
        drift: None,
    };
    let drift = super::obj::node_map(o, "drift", MAX_NODES, |v| match v.as_f64() {
        Some(x) if x.is_finite() && (0.25..=4.0).contains(&x) => Ok((x * 1000.0).round() as u32),
        _ => Err(format!(
            "must be a clock rate from 0.25 to 4 (1 = true time), got {}",
            super::obj::short(v)
        )),
    })?;
    if !drift.is_empty() {
        s.drift = Some(drift);
    }
    if let Some(v) = o.get("bugs") {
        let (raft, zab) = bugs(v).map_err(|e| o.err("bugs", e))?;
        s.bugs = Some(raft);
        s.zab_bugs = Some(zab);
    }
    Ok(s)
}

/// Writes every option that `s` sets into the object `m`.
pub(super) fn write_settings(s: &Settings, m: &mut Json) {
    if let Some(v) = s.election_timeout {
        m.set("election_timeout_ms", range_json(v));
    }
    if let Some(v) = s.heartbeat {
        m.set("heartbeat_ms", Json::int(v / MS));
    }
    if let Some(v) = s.latency {
        m.set("latency_ms", range_json(v));
    }
    if let Some(v) = s.loss {
        m.set("loss", loss_json(v));
    }
    for (k, v) in [
        ("prevote", s.prevote),
        ("check_quorum", s.check_quorum),
        ("leader_noop", s.leader_noop),
    ] {
        if let Some(v) = v {
            m.set(k, Json::Bool(v));
        }
    }
    if let Some(v) = s.max_entries_per_append {
        m.set("max_entries_per_append", Json::int(v as u64));
    }
    if let Some(v) = s.fast_backtrack {
        m.set("fast_backtrack", Json::Bool(v));
    }
    if let Some(v) = s.joint_consensus {
        m.set("membership", Json::str(if v { "joint" } else { "single" }));
    }
    if let Some(v) = s.snapshot_every {
        m.set("snapshot_every", Json::int(v));
    }
    if let Some(d) = s.drift.as_ref().filter(|d| !d.is_empty()) {
        let pairs = d
            .iter()
            .map(|&(id, r)| (id.to_string(), Json::fixed(r as f64 / 1000.0, 3)));
        m.set("drift", Json::Obj(pairs.collect()));
    }
    if s.bugs.is_some() || s.zab_bugs.is_some() {
        let raft = s.bugs.map(|b| b.names_on()).unwrap_or_default();
        let zab = s.zab_bugs.map(|b| b.names_on()).unwrap_or_default();
        m.set(
            "bugs",
            Json::Arr(raft.into_iter().chain(zab).map(Json::str).collect()),
        );
    }
}

/// Reads the `cluster` object: its size, then the same options as `set`.
pub(super) fn read_cluster(v: &Json) -> Result<ClusterConfig, String> {
    let mut o = Obj::new(v, "cluster")?;
    let mut c = ClusterConfig::default();
    if let Some(n) = o.u64_in("nodes", 1, MAX_NODES as u64)? {
        c.nodes = n as u8;
    }
    // Spares: servers above `nodes` that exist but belong to no configuration.
    c.max_nodes = match o.u64_in("max_nodes", 1, MAX_NODES as u64)? {
        Some(m) if (m as u8) < c.nodes => {
            return Err(o.err(
                "max_nodes",
                format!(
                    "is {m}, below \"nodes\" ({}): it counts every server, spares included",
                    c.nodes
                ),
            ))
        }
        Some(m) => m as u8,
        None => c.nodes,
    };
    if let Some(k) = o.u64_in("clients", 1, crate::sim::client::MAX_CLIENTS as u64)? {
        c.clients = k as u8;
    }
    if let Some(p) = o.string("protocol", 20)? {
        c.protocol = Protocol::parse(p).ok_or_else(|| {
            let p = super::obj::printable(p);
            o.err(
                "protocol",
                format!("must be \"raft\" or \"zab\", got \"{p}\""),
            )
        })?;
    }
    read_settings(&mut o)?.apply_to(&mut c);
    o.finish()?;
    let foreign = match c.protocol {
        Protocol::Raft => c.zab_bugs.names_on(),
        Protocol::Zab => c.options.bugs.names_on(),
    };
    if let Some(b) = foreign.first() {
        let other = match c.protocol {
            Protocol::Raft => "ZAB's: set \"protocol\": \"zab\"",
            Protocol::Zab => "Raft's, and this cluster runs ZAB",
        };
        return Err(format!("cluster: the bug \"{b}\" is {other}"));
    }
    validate_cluster(&c).map_err(|e| format!("cluster: {e}"))?;
    Ok(c)
}

/// The JSON form of a cluster configuration (every key written).
pub fn cluster_json(c: &ClusterConfig) -> Json {
    let mut m = Json::obj([("nodes", node_json(c.nodes))]);
    if c.protocol != Protocol::Raft {
        m.set("protocol", Json::str(c.protocol.name()));
    }
    if c.max_nodes != c.nodes {
        m.set("max_nodes", node_json(c.max_nodes));
    }
    if c.clients != 1 {
        m.set("clients", Json::int(c.clients as u64));
    }
    write_settings(&Settings::of(c), &mut m);
    m
}

pub(super) fn node_json(n: NodeId) -> Json {
    Json::int(n as u64)
}

fn range_json(r: (Time, Time)) -> Json {
    Json::Arr(vec![Json::int(r.0 / MS), Json::int(r.1 / MS)])
}

/// Loss as written: exact to 1e-9, which is how fine scenarios may state it.
fn loss_json(l: f64) -> Json {
    Json::fixed(l, 9)
}
