//! Events as plain sentences, in English (`en`) and Simplified Chinese (`zh`), for
//! the page's event feed and `raftlab trace`.

use super::client::Write;
use super::feed::Event;
use super::invariants::Invariant;
use crate::raft::{AppendRefusal, NodeId, Note, Refusal};

/// A supported page language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// Parses `en`/`zh` (and regional forms such as `zh-CN`).
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s == "en" || s.starts_with("en-") {
            Some(Lang::En)
        } else if s == "zh" || s.starts_with("zh-") {
            Some(Lang::Zh)
        } else {
            None
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }
}

fn pick(lang: Lang, en: String, zh: String) -> String {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

/// The display name of an invariant.
pub fn invariant_title(inv: Invariant, lang: Lang) -> &'static str {
    use Invariant::*;
    match (inv, lang) {
        (ElectionSafety, Lang::En) => "Election Safety",
        (ElectionSafety, Lang::Zh) => "选举安全",
        (LeaderAppendOnly, Lang::En) => "Leader Append-Only",
        (LeaderAppendOnly, Lang::Zh) => "领导者只追加",
        (LogMatching, Lang::En) => "Log Matching",
        (LogMatching, Lang::Zh) => "日志匹配",
        (LeaderCompleteness, Lang::En) => "Leader Completeness",
        (LeaderCompleteness, Lang::Zh) => "领导者完整性",
        (StateMachineSafety, Lang::En) => "State Machine Safety",
        (StateMachineSafety, Lang::Zh) => "状态机安全",
        (NoLostAck, Lang::En) => "No Acknowledged Write Lost",
        (NoLostAck, Lang::Zh) => "已确认的写入不丢失",
    }
}

/// What an invariant promises, in one plain sentence.
pub fn invariant_promise(inv: Invariant, lang: Lang) -> &'static str {
    use Invariant::*;
    match (inv, lang) {
        (ElectionSafety, Lang::En) => "At most one leader is elected in a term.",
        (ElectionSafety, Lang::Zh) => "每个任期最多选出一个领导者。",
        (LeaderAppendOnly, Lang::En) => "A leader never overwrites or deletes entries in its log.",
        (LeaderAppendOnly, Lang::Zh) => "领导者从不覆盖或删除自己日志中的条目。",
        (LogMatching, Lang::En) => {
            "Two logs with an entry of the same index and term are identical up to it."
        }
        (LogMatching, Lang::Zh) => "若两个日志在同一索引处的条目任期相同，则此前的日志完全相同。",
        (LeaderCompleteness, Lang::En) => {
            "An entry committed in a term is in the log of every leader of a later term."
        }
        (LeaderCompleteness, Lang::Zh) => {
            "某任期中已提交的条目一定出现在之后所有任期领导者的日志中。"
        }
        (StateMachineSafety, Lang::En) => {
            "No two servers ever apply different entries at the same index."
        }
        (StateMachineSafety, Lang::Zh) => "任何两台服务器都不会在同一索引处应用不同的条目。",
        (NoLostAck, Lang::En) => "A write acknowledged to a client is never lost.",
        (NoLostAck, Lang::Zh) => "已向客户端确认的写入永远不会丢失。",
    }
}

fn value(writes: &[Write], w: u32) -> String {
    writes
        .get(w as usize)
        .map_or_else(|| format!("#{w}"), |w| w.value.clone())
}

fn group(g: &[NodeId]) -> String {
    let names: Vec<String> = g.iter().map(|n| format!("S{n}")).collect();
    format!("{{{}}}", names.join(" "))
}

/// One event as a sentence.
pub fn describe(e: &Event, lang: Lang, writes: &[Write]) -> String {
    match e {
        Event::Node(id, note) => describe_note(*id, note, lang),
        Event::Crashed(n) => pick(lang, format!("S{n} crashed"), format!("S{n} 崩溃")),
        Event::Restarted(n) => pick(
            lang,
            format!("S{n} restarted with its term, vote and log"),
            format!("S{n} 重启，保留了任期、投票和日志"),
        ),
        Event::ForcedTimeout(n) => pick(
            lang,
            format!("S{n}'s election timer was forced to fire"),
            format!("S{n} 的选举计时器被强制超时"),
        ),
        Event::TimeoutIgnored(n) => pick(
            lang,
            format!("S{n} is the leader: it has no election timer"),
            format!("S{n} 是领导者，没有选举计时器"),
        ),
        Event::LinkCut { from, to, oneway } => {
            if *oneway {
                pick(
                    lang,
                    format!("link S{from}→S{to} cut (one way)"),
                    format!("S{from}→S{to} 的单向链路被切断"),
                )
            } else {
                pick(
                    lang,
                    format!("link S{from}–S{to} cut"),
                    format!("S{from}–S{to} 之间的链路被切断"),
                )
            }
        }
        Event::LinkHealed { from, to, oneway } => {
            if *oneway {
                pick(
                    lang,
                    format!("link S{from}→S{to} healed"),
                    format!("S{from}→S{to} 的单向链路恢复"),
                )
            } else {
                pick(
                    lang,
                    format!("link S{from}–S{to} healed"),
                    format!("S{from}–S{to} 之间的链路恢复"),
                )
            }
        }
        Event::Partitioned(groups) => {
            let g: Vec<String> = groups.iter().map(|g| group(g)).collect();
            pick(
                lang,
                format!("network partitioned: {}", g.join(" | ")),
                format!("网络分区：{}", g.join(" | ")),
            )
        }
        Event::Isolated(n) => pick(
            lang,
            format!("S{n} isolated from the others"),
            format!("S{n} 与其他服务器隔离"),
        ),
        Event::HealedAll => pick(lang, "all links healed".into(), "所有链路恢复".into()),
        Event::WriteSubmitted { write, to } => {
            let v = value(writes, *write);
            match to {
                Some(t) => pick(
                    lang,
                    format!("client sends {v} to S{t}"),
                    format!("客户端向 S{t} 发送 {v}"),
                ),
                None => pick(
                    lang,
                    format!("client sends {v} to the leader"),
                    format!("客户端向领导者发送 {v}"),
                ),
            }
        }
        Event::WriteRedirected { from, to, .. } => pick(
            lang,
            format!("S{from} is not the leader: redirects the client to S{to}"),
            format!("S{from} 不是领导者：把客户端重定向到 S{to}"),
        ),
        Event::WriteWaiting { write } => {
            let v = value(writes, *write);
            pick(
                lang,
                format!("no leader reachable: the client will retry {v}"),
                format!("找不到领导者：客户端稍后重试 {v}"),
            )
        }
        Event::WriteAppended {
            write,
            leader,
            index,
            term,
        } => {
            let v = value(writes, *write);
            pick(
                lang,
                format!("S{leader} appended {v} at index {index} (term {term})"),
                format!("S{leader} 把 {v} 追加到索引 {index}（任期 {term}）"),
            )
        }
        Event::WriteAcked { write, index } => {
            let v = value(writes, *write);
            pick(
                lang,
                format!("{v} acknowledged: index {index} committed and applied"),
                format!("{v} 已确认：索引 {index} 已提交并应用"),
            )
        }
        Event::WriteUnknown { write, leader } => {
            let v = value(writes, *write);
            pick(
                lang,
                format!(
                    "S{leader} lost leadership before answering: the outcome of {v} is unknown"
                ),
                format!("S{leader} 在答复前失去领导权：{v} 的结果未知"),
            )
        }
        Event::Dropped { kind, from, to } => pick(
            lang,
            format!("dropped a {} message S{from}→S{to}", kind.name()),
            format!("丢弃了一条 S{from}→S{to} 的 {} 消息", kind.name()),
        ),
        Event::Delayed { count, by } => pick(
            lang,
            format!("held back {count} message(s) in flight by {} ms", by / 1000),
            format!("{count} 条在途消息被延迟 {} 毫秒", by / 1000),
        ),
        Event::Duplicated { count } => pick(
            lang,
            format!("sent {count} message(s) in flight a second time"),
            format!("{count} 条在途消息被重复发送"),
        ),
        Event::SettingsChanged => pick(lang, "settings changed".into(), "设置已更改".into()),
        Event::TimersAligned => pick(
            lang,
            "election timers aligned: a split vote is likely".into(),
            "选举计时器已对齐：很可能出现选票分裂".into(),
        ),
        Event::TimersSpread => pick(
            lang,
            "election timers spread out".into(),
            "选举计时器已错开".into(),
        ),
        Event::Violation { invariant, nodes } => {
            let who: Vec<String> = nodes.iter().map(|n| format!("S{n}")).collect();
            pick(
                lang,
                format!(
                    "SAFETY VIOLATED: {} ({})",
                    invariant.title(lang),
                    who.join(", ")
                ),
                format!(
                    "安全性被破坏：{}（{}）",
                    invariant.title(lang),
                    who.join("、")
                ),
            )
        }
    }
}

fn describe_note(id: NodeId, note: &Note, lang: Lang) -> String {
    match *note {
        Note::TimedOut { term, pre_vote: false } => pick(
            lang,
            format!("S{id} timed out, starts an election for term {term}"),
            format!("S{id} 超时，发起任期 {term} 的选举"),
        ),
        Note::TimedOut { term, pre_vote: true } => pick(
            lang,
            format!("S{id} timed out, asks for pre-votes for term {term}"),
            format!("S{id} 超时，为任期 {term} 征求预投票"),
        ),
        Note::BecameLeader { term } => pick(
            lang,
            format!("S{id} won the election: leader of term {term}"),
            format!("S{id} 赢得选举，成为任期 {term} 的领导者"),
        ),
        Note::AdoptedTerm { term, from } => pick(
            lang,
            format!("S{id} adopts term {term}, seen from S{from}, as a follower"),
            format!("S{id} 从 S{from} 得知任期 {term}，以跟随者身份采用该任期"),
        ),
        Note::LostQuorum { term } => pick(
            lang,
            format!("S{id} has not heard from a majority: steps down in term {term} (CheckQuorum)"),
            format!("S{id} 未收到多数派的回应，在任期 {term} 主动下台（法定人数检查）"),
        ),
        Note::VoteGranted {
            candidate,
            term,
            pre_vote,
        } => {
            if pre_vote {
                pick(
                    lang,
                    format!("S{id} would vote for S{candidate} in term {term} (pre-vote)"),
                    format!("S{id} 同意 S{candidate} 的任期 {term} 预投票"),
                )
            } else {
                pick(
                    lang,
                    format!("S{id} votes for S{candidate} in term {term}"),
                    format!("S{id} 在任期 {term} 投票给 S{candidate}"),
                )
            }
        }
        Note::VoteRefused {
            candidate,
            term,
            pre_vote,
            reason,
        } => {
            let (en, zh) = match reason {
                Refusal::StaleTerm => (
                    format!("S{candidate}'s term is behind"),
                    format!("S{candidate} 的任期已过时"),
                ),
                Refusal::AlreadyVoted(v) => (
                    format!("already voted for S{v} in term {term}"),
                    format!("任期 {term} 已投票给 S{v}"),
                ),
                Refusal::LogBehind => (
                    format!("S{candidate}'s log is behind"),
                    format!("S{candidate} 的日志不够新"),
                ),
                Refusal::LeaderAlive => (
                    "it still hears from a leader".to_string(),
                    "它仍能收到领导者的消息".to_string(),
                ),
            };
            let pv = if pre_vote { " (pre-vote)" } else { "" };
            let pvz = if pre_vote { "的预投票" } else { "" };
            pick(
                lang,
                format!("S{id} refused S{candidate}{pv}: {en}"),
                format!("S{id} 拒绝 S{candidate}{pvz}：{zh}"),
            )
        }
        Note::AppendRefused {
            leader,
            prev_log_index,
            reason,
        } => match reason {
            AppendRefusal::StaleTerm => pick(
                lang,
                format!("S{id} rejected AppendEntries from S{leader}: stale term"),
                format!("S{id} 拒绝 S{leader} 的 AppendEntries：任期过时"),
            ),
            AppendRefusal::MissingEntry => pick(
                lang,
                format!("S{id} has no entry at index {prev_log_index}: S{leader} must back up"),
                format!("S{id} 在索引 {prev_log_index} 没有条目：S{leader} 需要回退"),
            ),
            AppendRefusal::TermMismatch => pick(
                lang,
                format!("S{id}'s entry at index {prev_log_index} has another term: S{leader} must back up"),
                format!("S{id} 在索引 {prev_log_index} 的条目任期不符：S{leader} 需要回退"),
            ),
            AppendRefusal::SameTermLeader => pick(
                lang,
                format!("S{id}, itself a leader of this term, rejected S{leader}"),
                format!("S{id} 自己就是本任期的领导者，拒绝了 S{leader}"),
            ),
        },
        Note::Truncated { from } => pick(
            lang,
            format!("S{id} deleted conflicting entries from index {from} on"),
            format!("S{id} 删除了从索引 {from} 起的冲突条目"),
        ),
        Note::Committed { index } => pick(
            lang,
            format!("S{id} committed up to index {index}"),
            format!("S{id} 提交到索引 {index}"),
        ),
    }
}
