//! Client writes and what a client can know about them.

use super::lincheck::{Op, OpKind};
use crate::raft::{Index, NodeId, Term, Time};

/// What the client knows about its write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteStatus {
    /// Not yet answered.
    Pending,
    /// Its leader committed and applied it.
    Acked,
    /// Its leader stepped down or crashed first: it may still commit, or be erased.
    Unknown,
}

impl WriteStatus {
    pub fn name(self) -> &'static str {
        match self {
            WriteStatus::Pending => "pending",
            WriteStatus::Acked => "acked",
            WriteStatus::Unknown => "unknown",
        }
    }
}

/// One attempt at a client write `key=value` (or `key+=value`): a retry is a
/// second attempt of the same operation, with the same session numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct Write {
    pub id: u32,
    pub value: String,
    /// The client (1-based) and its sequence number for the command (thesis
    /// §6.3): the state machine applies each (client, seq) once.
    pub client: u8,
    pub seq: u32,
    /// The operation in the clients' history this attempt belongs to.
    pub op: u32,
    /// The server the client chose, if any (else: the leader).
    pub to: Option<NodeId>,
    pub status: WriteStatus,
    pub submitted: Time,
    /// Where a leader appended it: (leader, term, index).
    pub placed: Option<(NodeId, Term, Index)>,
}

impl Write {
    pub fn index(&self) -> Option<Index> {
        self.placed.map(|p| p.2)
    }
}

/// How long a client waits before retrying when no leader is known.
pub const CLIENT_RETRY: Time = 100_000;

/// Splits `key=value`; the key must be non-empty.
pub fn parse_kv(cmd: &str) -> Option<(&str, &str)> {
    let (k, v) = cmd.split_once('=')?;
    let k = k.trim();
    (!k.is_empty()).then_some((k, v.trim()))
}

/// A command: `key=value` puts, `key+=value` appends.
pub fn parse_cmd(cmd: &str) -> Option<(OpKind, &str, &str)> {
    let (k, v) = parse_kv(cmd)?;
    match k.strip_suffix('+').map(str::trim_end) {
        Some("") => None,
        Some(k) => Some((OpKind::Append, k, v)),
        None => Some((OpKind::Put, k, v)),
    }
}

/// The most clients a cluster has (`cluster.clients`).
pub const MAX_CLIENTS: u8 = 5;

/// How a client reads (thesis §6.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadMode {
    /// The leader confirms it still leads with a heartbeat round (§6.4).
    ReadIndex,
    /// The leader answers at once while its lease holds (§6.4.1).
    Lease,
    /// Any server answers from its own state machine: fast, possibly stale.
    Local,
}

impl ReadMode {
    pub const ALL: [ReadMode; 3] = [ReadMode::ReadIndex, ReadMode::Lease, ReadMode::Local];

    /// `read_index`, `lease` or `local`, as scenarios write it.
    pub fn name(self) -> &'static str {
        match self {
            ReadMode::ReadIndex => "read_index",
            ReadMode::Lease => "lease",
            ReadMode::Local => "local",
        }
    }

    pub fn parse(s: &str) -> Option<ReadMode> {
        ReadMode::ALL.into_iter().find(|m| m.name() == s)
    }
}

/// What a client knows about an operation (a write or a read).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpStatus {
    Pending,
    /// Answered.
    Ok,
    /// Its server stepped down or crashed first: it may take effect, or not.
    Unknown,
}

impl OpStatus {
    pub fn name(self) -> &'static str {
        match self {
            OpStatus::Pending => "pending",
            OpStatus::Ok => "ok",
            OpStatus::Unknown => "unknown",
        }
    }
}

/// One operation in the clients' history, from invocation to response.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientOp {
    pub client: u8,
    pub kind: OpKind,
    pub key: String,
    /// What a put or an append writes.
    pub value: String,
    pub invoke: Time,
    pub complete: Option<Time>,
    pub status: OpStatus,
    /// What a get returned (`None`: the key held nothing).
    pub result: Option<String>,
    /// A read's mode.
    pub mode: Option<ReadMode>,
    /// The server that answered (or was last asked).
    pub server: Option<NodeId>,
    /// For a read: the read index it waited for (§6.4).
    pub read_index: Option<Index>,
    /// For a write: its latest attempt; `seq` its session number.
    pub write: Option<u32>,
    pub seq: u32,
}

impl ClientOp {
    /// The operation as the linearizability checker sees it: an answered
    /// operation has a response; anything else may happen later, or never.
    pub fn checked(&self) -> Op {
        Op {
            client: self.client as u32,
            kind: self.kind,
            key: self.key.clone(),
            value: self.value.clone(),
            invoke: self.invoke,
            complete: (self.status == OpStatus::Ok)
                .then_some(self.complete)
                .flatten(),
            result: self.result.clone(),
        }
    }
}

/// The client-session table kept in the state machine (thesis §6.3), stored in
/// the key-value map under keys no user can type (control characters are
/// refused), so snapshots carry it: the sequence numbers applied per client.
pub fn session_key(client: u8) -> String {
    format!("\u{1}session {client}")
}

/// Whether a key is the session table's, not a user's.
pub fn is_session_key(k: &str) -> bool {
    k.starts_with('\u{1}')
}

/// Whether `seq` is in a session value (`"1-3,5"`).
pub fn session_has(v: &str, seq: u32) -> bool {
    v.split(',').any(|r| {
        let (a, b) = r.split_once('-').unwrap_or((r, r));
        matches!((a.parse::<u32>(), b.parse::<u32>()), (Ok(a), Ok(b)) if a <= seq && seq <= b)
    })
}

/// The session value with `seq` added (ranges merged when adjacent at the end).
pub fn session_add(v: &str, seq: u32) -> String {
    if v.is_empty() {
        return format!("{seq}");
    }
    let (head, last) = v.rsplit_once(',').unwrap_or(("", v));
    let (a, b) = last.split_once('-').unwrap_or((last, last));
    if b.parse::<u32>().ok().and_then(|b| b.checked_add(1)) == Some(seq) {
        let sep = if head.is_empty() { "" } else { "," };
        return format!("{head}{sep}{a}-{seq}");
    }
    format!("{v},{seq}")
}

/// What is wrong with a client write (the page words it in its language).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriteProblem {
    TooLong,
    ControlCharacters,
    NotKeyValue(String),
}

impl std::fmt::Display for WriteProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            WriteProblem::TooLong => write!(f, "a write is at most {MAX_WRITE_CHARS} characters"),
            WriteProblem::ControlCharacters => {
                write!(f, "a write may not contain control characters")
            }
            WriteProblem::NotKeyValue(v) => write!(f, "a write is key=value, got \"{v}\""),
        }
    }
}

/// The longest client write, in characters.
pub const MAX_WRITE_CHARS: usize = 200;

/// Checks a client write typed by a user or read from a file.
pub fn validate_write(value: &str) -> Result<(), WriteProblem> {
    if value.chars().count() > MAX_WRITE_CHARS {
        return Err(WriteProblem::TooLong);
    }
    if value.chars().any(|c| c.is_control()) {
        return Err(WriteProblem::ControlCharacters);
    }
    match parse_cmd(value) {
        Some(_) => Ok(()),
        None => Err(WriteProblem::NotKeyValue(value.to_string())),
    }
}
