//! Every scenario action in one table: its `do` name, how it is read and how it
//! is written. Adding a fault kind is: its [`Action`] variant, its handling in
//! `World::act` (which also tells the feed what happened), and one entry here.

use super::obj::{node_id, Obj};
use super::options::{node_json, read_settings, write_settings};
use crate::raft::{Kind, NodeId};
use crate::sim::client::{validate_write, ReadMode, MAX_CLIENTS};
use crate::sim::config::{Settings, MAX_NODES, MS};
use crate::sim::json::Json;
use crate::sim::world::{validate_key, Action, MessageFilter, TimerMode};

/// One kind of action as a scenario step: `{"at_ms": …, "do": NAME, …}`.
pub struct Def {
    /// The step's `do`.
    pub name: &'static str,
    /// Reads the step's other keys (`n`: the cluster's size).
    read: fn(&mut Obj, u8) -> Result<Action, String>,
    /// Writes the action's keys after `do`.
    write: fn(&Action, &mut Json),
}

/// Every action, in the order the "known" list of an error message gives them.
pub const DEFS: [&Def; 23] = [
    &CRASH,
    &RESTART,
    &RESTART_ALL,
    &TIMEOUT,
    &WRITE,
    &READ,
    &RETRY,
    &CUT,
    &HEAL,
    &PARTITION,
    &ISOLATE,
    &HEAL_ALL,
    &SET,
    &DROP,
    &DELAY,
    &DUPLICATE,
    &TIMERS,
    &ADD_SERVER,
    &ADD_LEARNER,
    &REMOVE_SERVER,
    &CHANGE,
    &TRANSFER,
    &SNAPSHOT,
];

/// The entry of an action: the match is exhaustive, so a new variant needs one.
pub fn def(a: &Action) -> &'static Def {
    match a {
        Action::Crash(_) => &CRASH,
        Action::Restart(_) => &RESTART,
        Action::RestartAll => &RESTART_ALL,
        Action::Timeout(_) => &TIMEOUT,
        Action::Write { .. } => &WRITE,
        Action::Read { .. } => &READ,
        Action::Retry { .. } => &RETRY,
        Action::Cut { .. } => &CUT,
        Action::Heal { .. } => &HEAL,
        Action::Partition(_) => &PARTITION,
        Action::Isolate(_) => &ISOLATE,
        Action::HealAll => &HEAL_ALL,
        Action::Set(_) => &SET,
        Action::Drop(_) => &DROP,
        Action::Delay(..) => &DELAY,
        Action::Duplicate(_) => &DUPLICATE,
        Action::Timers(_) => &TIMERS,
        Action::AddServer(_) => &ADD_SERVER,
        Action::AddLearner(_) => &ADD_LEARNER,
        Action::RemoveServer(_) => &REMOVE_SERVER,
        Action::Change(_) => &CHANGE,
        Action::Transfer(_) => &TRANSFER,
        Action::Snapshot(_) => &SNAPSHOT,
    }
}

/// Reads the action named `name`, or `None` if no action has that name.
pub(super) fn read(name: &str, o: &mut Obj, n: u8) -> Option<Result<Action, String>> {
    let d = DEFS.iter().find(|d| d.name == name)?;
    Some((d.read)(o, n))
}

/// The JSON form of an action as a step (without `at_ms`).
pub fn action_json(a: &Action) -> Json {
    let d = def(a);
    let mut m = Json::obj([("do", Json::str(d.name))]);
    (d.write)(a, &mut m);
    m
}

/// The names of every action, for "known: …" in messages.
pub(super) fn names() -> impl Iterator<Item = &'static str> {
    DEFS.iter().map(|d| d.name)
}

// ---- the entries ----------------------------------------------------------------

fn write_node(m: &mut Json, id: NodeId) {
    m.set("node", node_json(id));
}

const CRASH: Def = Def {
    name: "crash",
    read: |o, n| Ok(Action::Crash(o.need_node("node", n)?)),
    write: |a, m| {
        if let Action::Crash(id) = a {
            write_node(m, *id)
        }
    },
};

const RESTART: Def = Def {
    name: "restart",
    read: |o, n| Ok(Action::Restart(o.need_node("node", n)?)),
    write: |a, m| {
        if let Action::Restart(id) = a {
            write_node(m, *id)
        }
    },
};

/// `{"do": "add_server", "node": 6}`: a learner first, then a voter (thesis §4.2.1).
const ADD_SERVER: Def = Def {
    name: "add_server",
    read: |o, n| Ok(Action::AddServer(o.need_node("node", n)?)),
    write: |a, m| {
        if let Action::AddServer(id) = a {
            write_node(m, *id)
        }
    },
};

/// `{"do": "add_learner", "node": 6}`: a non-voting member.
const ADD_LEARNER: Def = Def {
    name: "add_learner",
    read: |o, n| Ok(Action::AddLearner(o.need_node("node", n)?)),
    write: |a, m| {
        if let Action::AddLearner(id) = a {
            write_node(m, *id)
        }
    },
};

/// `{"do": "remove_server", "node": 1}`: possibly the leader (thesis §4.2.2).
const REMOVE_SERVER: Def = Def {
    name: "remove_server",
    read: |o, n| Ok(Action::RemoveServer(o.need_node("node", n)?)),
    write: |a, m| {
        if let Action::RemoveServer(id) = a {
            write_node(m, *id)
        }
    },
};

/// `{"do": "change", "voters": [3, 4, 5]}`: replace the voters (paper §6).
const CHANGE: Def = Def {
    name: "change",
    read: |o, n| {
        let v = o
            .get("voters")
            .ok_or_else(|| o.err("voters", "is required: [ids]"))?;
        let arr = v.as_array().filter(|a| !a.is_empty()).ok_or_else(|| {
            o.err(
                "voters",
                format!(
                    "must be a non-empty list of servers, got {}",
                    super::obj::short(v)
                ),
            )
        })?;
        let mut ids = Vec::with_capacity(arr.len());
        for x in arr {
            let id = node_id(x, n).map_err(|e| o.err("voters", e))?;
            if ids.contains(&id) {
                return Err(o.err("voters", format!("lists S{id} twice")));
            }
            ids.push(id);
        }
        Ok(Action::Change(ids))
    },
    write: |a, m| {
        if let Action::Change(ids) = a {
            m.set(
                "voters",
                Json::Arr(ids.iter().map(|&i| node_json(i)).collect()),
            );
        }
    },
};

/// `{"do": "transfer", "to": 3}`: leadership transfer (thesis §3.10).
const TRANSFER: Def = Def {
    name: "transfer",
    read: |o, n| Ok(Action::Transfer(o.need_node("to", n)?)),
    write: |a, m| {
        if let Action::Transfer(id) = a {
            m.set("to", node_json(*id));
        }
    },
};

/// `{"do": "snapshot", "node": 2}`: snapshot and compact now (§7).
const SNAPSHOT: Def = Def {
    name: "snapshot",
    read: |o, n| Ok(Action::Snapshot(o.need_node("node", n)?)),
    write: |a, m| {
        if let Action::Snapshot(id) = a {
            write_node(m, *id)
        }
    },
};

const RESTART_ALL: Def = Def {
    name: "restart_all",
    read: |_, _| Ok(Action::RestartAll),
    write: |_, _| {},
};

const TIMEOUT: Def = Def {
    name: "timeout",
    read: |o, n| Ok(Action::Timeout(o.need_node("node", n)?)),
    write: |a, m| {
        if let Action::Timeout(id) = a {
            write_node(m, *id)
        }
    },
};

const ISOLATE: Def = Def {
    name: "isolate",
    read: |o, n| Ok(Action::Isolate(o.need_node("node", n)?)),
    write: |a, m| {
        if let Action::Isolate(id) = a {
            write_node(m, *id)
        }
    },
};

const HEAL_ALL: Def = Def {
    name: "heal_all",
    read: |_, _| Ok(Action::HealAll),
    write: |_, _| {},
};

/// `{"do": "write", "value": "x=1", "to": 2}`: a client write, to the leader
/// unless `to` names a server.
const WRITE: Def = Def {
    name: "write",
    read: |o, n| {
        let value = o
            .string("value", 200)?
            .ok_or_else(|| o.err("value", "is required, as key=value"))?
            .to_string();
        validate_write(&value).map_err(|e| o.err("value", e))?;
        let to = o.node("to", n)?;
        let client = read_client(o)?;
        Ok(Action::Write { value, to, client })
    },
    write: |a, m| {
        if let Action::Write { value, to, client } = a {
            m.set("value", Json::str(value.clone()));
            if let Some(t) = to {
                m.set("to", node_json(*t));
            }
            write_client(m, *client);
        }
    },
};

fn read_client(o: &mut Obj) -> Result<u8, String> {
    Ok(o.u64_in("client", 1, MAX_CLIENTS as u64)?.unwrap_or(1) as u8)
}

fn write_client(m: &mut Json, client: u8) {
    if client != 1 {
        m.set("client", Json::int(client as u64));
    }
}

/// `{"do": "read", "key": "x", "mode": "read_index", "to": 2, "client": 1}`: a
/// client read (thesis §6.4); `mode` is `read_index` (default), `lease` or
/// `local`; `to` a server (default: the leader).
const READ: Def = Def {
    name: "read",
    read: |o, n| {
        let key = o
            .string("key", 100)?
            .ok_or_else(|| o.err("key", "is required"))?
            .to_string();
        validate_key(&key).map_err(|e| o.err("key", e))?;
        let mode = match o.string("mode", 20)? {
            None => ReadMode::ReadIndex,
            Some(m) => ReadMode::parse(m).ok_or_else(|| {
                let m = super::obj::printable(m);
                o.err(
                    "mode",
                    format!("must be \"read_index\", \"lease\" or \"local\", got \"{m}\""),
                )
            })?,
        };
        let to = o.node("to", n)?;
        let client = read_client(o)?;
        Ok(Action::Read {
            key,
            to,
            mode,
            client,
        })
    },
    write: |a, m| {
        if let Action::Read {
            key,
            to,
            mode,
            client,
        } = a
        {
            m.set("key", Json::str(key.clone()));
            m.set("mode", Json::str(mode.name()));
            if let Some(t) = to {
                m.set("to", node_json(*t));
            }
            write_client(m, *client);
        }
    },
};

/// `{"do": "retry", "client": 1}`: the client sends its latest unanswered write
/// again, with the same session numbers (thesis §6.3).
const RETRY: Def = Def {
    name: "retry",
    read: |o, _| {
        Ok(Action::Retry {
            client: read_client(o)?,
        })
    },
    write: |a, m| {
        if let Action::Retry { client } = a {
            write_client(m, *client);
        }
    },
};

fn read_link(o: &mut Obj, n: u8) -> Result<(NodeId, NodeId, bool), String> {
    let v = o
        .get("link")
        .ok_or_else(|| o.err("link", "is required: [a, b]"))?;
    let arr = v.as_array().filter(|a| a.len() == 2).ok_or_else(|| {
        o.err(
            "link",
            format!("must be [a, b], got {}", super::obj::short(v)),
        )
    })?;
    let a = node_id(&arr[0], n).map_err(|e| o.err("link", e))?;
    let b = node_id(&arr[1], n).map_err(|e| o.err("link", e))?;
    if a == b {
        return Err(o.err(
            "link",
            format!("must join two different servers, got [{a}, {b}]"),
        ));
    }
    let oneway = o.bool("oneway")?.unwrap_or(false);
    Ok((a, b, oneway))
}

fn write_link(m: &mut Json, a: NodeId, b: NodeId, oneway: bool) {
    m.set("link", Json::Arr(vec![node_json(a), node_json(b)]));
    if oneway {
        m.set("oneway", Json::Bool(true));
    }
}

/// `{"do": "cut", "link": [1, 2], "oneway": true}`: only `1 → 2` when one-way.
const CUT: Def = Def {
    name: "cut",
    read: |o, n| {
        let (a, b, oneway) = read_link(o, n)?;
        Ok(Action::Cut { a, b, oneway })
    },
    write: |a, m| {
        if let Action::Cut { a, b, oneway } = a {
            write_link(m, *a, *b, *oneway)
        }
    },
};

const HEAL: Def = Def {
    name: "heal",
    read: |o, n| {
        let (a, b, oneway) = read_link(o, n)?;
        Ok(Action::Heal { a, b, oneway })
    },
    write: |a, m| {
        if let Action::Heal { a, b, oneway } = a {
            write_link(m, *a, *b, *oneway)
        }
    },
};

/// `{"do": "partition", "groups": [[1, 2], [3, 4, 5]]}`.
const PARTITION: Def = Def {
    name: "partition",
    read: |o, n| {
        let v = o
            .get("groups")
            .ok_or_else(|| o.err("groups", "is required, e.g. [[1, 2], [3, 4, 5]]"))?;
        let groups = v
            .as_array()
            .filter(|g| !g.is_empty())
            .ok_or_else(|| o.err("groups", "must be a list of groups of servers"))?;
        let mut seen = [false; MAX_NODES as usize + 1];
        let mut out = vec![];
        for g in groups {
            let members = g
                .as_array()
                .filter(|m| !m.is_empty())
                .ok_or_else(|| o.err("groups", "each group must be a non-empty list of servers"))?;
            let mut grp = vec![];
            for m in members {
                let id = node_id(m, n).map_err(|e| o.err("groups", e))?;
                if std::mem::replace(&mut seen[id as usize], true) {
                    return Err(o.err("groups", format!("lists server {id} twice")));
                }
                grp.push(id);
            }
            out.push(grp);
        }
        Ok(Action::Partition(out))
    },
    write: |a, m| {
        if let Action::Partition(groups) = a {
            // An empty group cuts nothing, and the reader refuses it.
            let groups = groups
                .iter()
                .filter(|g| !g.is_empty())
                .map(|g| Json::Arr(g.iter().map(|&n| node_json(n)).collect()))
                .collect();
            m.set("groups", Json::Arr(groups));
        }
    },
};

/// `{"do": "set", "loss": 0.1, "prevote": true}`: the options of `cluster`.
const SET: Def = Def {
    name: "set",
    read: |o, _| {
        let s = read_settings(o)?;
        if s == Settings::default() {
            return Err(format!(
                "{}: \"set\" needs at least one setting to change",
                o.ctx
            ));
        }
        Ok(Action::Set(s))
    },
    write: |a, m| {
        if let Action::Set(s) = a {
            write_settings(s, m)
        }
    },
};

fn read_filter(o: &mut Obj, n: u8) -> Result<MessageFilter, String> {
    let from = o.node("from", n)?;
    let to = o.node("to", n)?;
    let kind = match o.string("kind", 40)? {
        None => None,
        Some(k) => Some(Kind::parse(k).ok_or_else(|| {
            o.err(
                "kind",
                format!(
                    "is not a message kind (known: {})",
                    Kind::ALL.map(|k| k.name()).join(", ")
                ),
            )
        })?),
    };
    let id = o.u64_in("id", 1, u64::MAX)?;
    Ok(MessageFilter { from, to, kind, id })
}

fn write_filter(f: &MessageFilter, m: &mut Json) {
    if let Some(v) = f.from {
        m.set("from", node_json(v));
    }
    if let Some(v) = f.to {
        m.set("to", node_json(v));
    }
    if let Some(k) = f.kind {
        m.set("kind", Json::str(k.name()));
    }
    if let Some(v) = f.id {
        m.set("id", Json::int(v));
    }
}

/// `{"do": "drop", "from": 1, "to": 2, "kind": "AppendEntries"}`: every message
/// in flight that matches all the given keys.
const DROP: Def = Def {
    name: "drop",
    read: |o, n| Ok(Action::Drop(read_filter(o, n)?)),
    write: |a, m| {
        if let Action::Drop(f) = a {
            write_filter(f, m)
        }
    },
};

/// Longest a `delay` may hold a message back: a minute.
const MAX_DELAY_MS: u64 = 60_000;

/// `{"do": "delay", "from": 1, "ms": 400}`: the matching messages in flight
/// arrive 400 ms later than they would have.
const DELAY: Def = Def {
    name: "delay",
    read: |o, n| {
        let f = read_filter(o, n)?;
        let ms = o
            .u64_in("ms", 1, MAX_DELAY_MS)?
            .ok_or_else(|| o.err("ms", "is required: how many milliseconds later"))?;
        Ok(Action::Delay(f, ms * MS))
    },
    write: |a, m| {
        if let Action::Delay(f, by) = a {
            write_filter(f, m);
            m.set("ms", Json::int(by / MS));
        }
    },
};

/// `{"do": "duplicate", "to": 3}`: the matching messages in flight are sent
/// once more, each copy with a latency of its own.
const DUPLICATE: Def = Def {
    name: "duplicate",
    read: |o, n| Ok(Action::Duplicate(read_filter(o, n)?)),
    write: |a, m| {
        if let Action::Duplicate(f) = a {
            write_filter(f, m)
        }
    },
};

/// `{"do": "timers", "mode": "align" | "spread"}`: every follower's election
/// timer set to fire together (a split vote is likely) or evenly spread.
const TIMERS: Def = Def {
    name: "timers",
    read: |o, _| match o.string("mode", 20)? {
        Some("align") => Ok(Action::Timers(TimerMode::Align)),
        Some("spread") => Ok(Action::Timers(TimerMode::Spread)),
        _ => Err(o.err("mode", "must be \"align\" or \"spread\"")),
    },
    write: |a, m| {
        if let Action::Timers(mode) = a {
            let mode = match mode {
                TimerMode::Align => "align",
                TimerMode::Spread => "spread",
            };
            m.set("mode", Json::str(mode));
        }
    },
};
