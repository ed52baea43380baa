//! Client writes and what a client can know about them.

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

/// One client write `key=value`.
#[derive(Clone, Debug, PartialEq)]
pub struct Write {
    pub id: u32,
    pub value: String,
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
    match parse_kv(value) {
        Some(_) => Ok(()),
        None => Err(WriteProblem::NotKeyValue(value.to_string())),
    }
}
