//! ZAB's events as sentences, in English and Chinese: the feed of the ZAB page
//! and `raftlab trace` on a ZAB scenario. Kept apart from Raft's texts
//! (`crate::text`) so that the Raft page does not carry them.

use super::client::Write;
use super::narrate::Lang;
use super::zab_world::ZabEvent;
use crate::zab::{Note, SyncKind, Vote};

fn value(writes: &[Write], w: u32) -> String {
    writes
        .get(w as usize)
        .map_or_else(|| format!("#{w}"), |w| w.value.clone())
}

fn vote(v: Vote) -> String {
    format!("(S{}, {}, epoch {})", v.leader, v.zxid, v.epoch)
}

fn groups(g: &[Vec<u8>]) -> String {
    let parts: Vec<String> = g
        .iter()
        .map(|m| {
            let ids: Vec<String> = m.iter().map(|i| format!("S{i}")).collect();
            ids.join(" ")
        })
        .collect();
    parts.join(" | ")
}

fn sync_name(how: SyncKind) -> &'static str {
    match how {
        SyncKind::Diff => "DIFF",
        SyncKind::Trunc => "TRUNC",
        SyncKind::Snap => "SNAP",
    }
}

/// One event as a sentence in `lang`.
pub fn describe(e: &ZabEvent, lang: Lang, writes: &[Write]) -> String {
    let zh = lang == Lang::Zh;
    let pick = |en: String, cn: String| if zh { cn } else { en };
    match e {
        ZabEvent::Node(id, note) => note_text(*id, *note, zh),
        ZabEvent::Crashed(n) => pick(format!("S{n} crashed"), format!("S{n} 崩溃")),
        ZabEvent::Restarted(n) => pick(
            format!("S{n} restarted: it keeps its history and epochs, and looks for a leader"),
            format!("S{n} 重启：保留事务日志和纪元，重新寻找领导者"),
        ),
        ZabEvent::LinkCut { from, to, oneway } => match oneway {
            true => pick(
                format!("link S{from} → S{to} cut"),
                format!("链路 S{from} → S{to} 断开"),
            ),
            false => pick(
                format!("link S{from} ↔ S{to} cut"),
                format!("链路 S{from} ↔ S{to} 断开"),
            ),
        },
        ZabEvent::LinkHealed { from, to, .. } => pick(
            format!("link S{from} – S{to} healed"),
            format!("链路 S{from} – S{to} 恢复"),
        ),
        ZabEvent::Partitioned(g) => pick(
            format!("network partitioned: {}", groups(g)),
            format!("网络分区：{}", groups(g)),
        ),
        ZabEvent::Isolated(n) => pick(format!("S{n} isolated"), format!("S{n} 被隔离")),
        ZabEvent::HealedAll => pick("all links healed".into(), "所有链路恢复".into()),
        ZabEvent::WriteSubmitted { write, .. } => {
            let v = value(writes, *write);
            pick(format!("client writes {v}"), format!("客户端写入 {v}"))
        }
        ZabEvent::WriteRedirected { write, from, to } => {
            let v = value(writes, *write);
            pick(
                format!("S{from} sends the client of {v} to S{to}"),
                format!("S{from} 把 {v} 的客户端转给 S{to}"),
            )
        }
        ZabEvent::WriteWaiting { write } => {
            let v = value(writes, *write);
            pick(
                format!("no established leader for {v}: the client retries"),
                format!("{v} 找不到已确立的领导者：客户端稍后重试"),
            )
        }
        ZabEvent::WriteProposed {
            write,
            leader,
            zxid,
        } => {
            let v = value(writes, *write);
            pick(
                format!("S{leader} proposes {v} as zxid {zxid} ({})", zxid.hex()),
                format!("S{leader} 以 zxid {zxid}（{}）提议 {v}", zxid.hex()),
            )
        }
        ZabEvent::WriteAcked { write, zxid } => {
            let v = value(writes, *write);
            pick(
                format!("{v} committed at {zxid}: the client is answered"),
                format!("{v} 在 {zxid} 提交：客户端得到确认"),
            )
        }
        ZabEvent::WriteUnknown { write, leader } => {
            let v = value(writes, *write);
            pick(
                format!("S{leader} stopped leading before answering {v}: its fate is unknown"),
                format!("S{leader} 在答复 {v} 之前失去领导地位：结果未知"),
            )
        }
        ZabEvent::Dropped { name, from, to } => pick(
            format!("{name} S{from} → S{to} dropped"),
            format!("{name} S{from} → S{to} 被丢弃"),
        ),
        ZabEvent::SettingsChanged => pick("settings changed".into(), "设置已更改".into()),
        ZabEvent::Violation { invariant, nodes } => {
            let who: Vec<String> = nodes.iter().map(|n| format!("S{n}")).collect();
            pick(
                format!("VIOLATED: {} ({})", invariant.title(lang), who.join(", ")),
                format!("违反：{}（{}）", invariant.title(lang), who.join("、")),
            )
        }
    }
}

fn note_text(id: u8, note: Note, zh: bool) -> String {
    let s = format!("S{id}");
    let (en, cn) = match note {
        Note::Looking { round } => (
            format!("{s} is LOOKING: election round {round}, it votes for itself"),
            format!("{s} 进入 LOOKING：第 {round} 轮选举，先投自己"),
        ),
        Note::RoundAdopted { round, from } => (
            format!("{s} hears round {round} from S{from}: drops its votes and joins that round"),
            format!("{s} 收到 S{from} 的第 {round} 轮：清空已收选票，加入该轮"),
        ),
        Note::VoteChanged { vote: v, from } => (
            format!("{s} switches to the better vote {} heard from S{from}", vote(v)),
            format!("{s} 改投 S{from} 传来的更优选票 {}", vote(v)),
        ),
        Note::QuorumForVote { leader } => (
            format!("{s}: a quorum votes S{leader}; it waits a moment for better votes"),
            format!("{s}：多数票选 S{leader}；再等一会儿看有没有更优选票"),
        ),
        Note::FinalizeInterrupted { from } => (
            format!("{s}: a better vote from S{from} interrupts the wait"),
            format!("{s}：S{from} 的更优选票打断了等待"),
        ),
        Note::Elected { leader, round } if leader == id => (
            format!("{s} ends round {round} as LEADING: discovery begins"),
            format!("{s} 结束第 {round} 轮，成为 LEADING：进入发现阶段"),
        ),
        Note::Elected { leader, round } => (
            format!("{s} ends round {round} FOLLOWING S{leader}"),
            format!("{s} 结束第 {round} 轮，FOLLOWING S{leader}"),
        ),
        Note::JoinedLeader { leader } => (
            format!("{s} learns from the others that S{leader} leads, and follows"),
            format!("{s} 从其他服务器得知 S{leader} 是领导者，跟随之"),
        ),
        Note::EpochProposed { epoch } => (
            format!("{s} proposes epoch {epoch} (highest accepted epoch + 1)"),
            format!("{s} 提出纪元 {epoch}（已接受的最大纪元 + 1）"),
        ),
        Note::EpochAccepted { epoch } => (
            format!("{s} accepts epoch {epoch}"),
            format!("{s} 接受纪元 {epoch}"),
        ),
        Note::EpochRefused { epoch } => (
            format!("{s} refuses epoch {epoch}: it already accepted a higher one"),
            format!("{s} 拒绝纪元 {epoch}：它已接受更高的纪元"),
        ),
        Note::Disconnected { id: l } => (
            format!("{s} lost a packet from S{l}: connection closed"),
            format!("{s} 丢失了来自 S{l} 的数据包：连接关闭"),
        ),
        Note::FollowerAhead { id: l } => (
            format!("{s} refuses S{l}, which is ahead of it"),
            format!("{s} 拒绝比自己更新的 S{l}"),
        ),
        Note::Sync { to, how, zxid } => (
            format!("{s} synchronizes S{to} by {} from {zxid}", sync_name(how)),
            format!("{s} 以 {} 从 {zxid} 起同步 S{to}", sync_name(how)),
        ),
        Note::Truncated { zxid } => (
            format!("{s} truncates its history after {zxid} (TRUNC)"),
            format!("{s} 截断 {zxid} 之后的事务（TRUNC）"),
        ),
        Note::TruncateSkipped { zxid } => (
            format!("{s} ignores TRUNC to {zxid} (bug skip-truncate)"),
            format!("{s} 忽略截断到 {zxid} 的 TRUNC（缺陷 skip-truncate）"),
        ),
        Note::SnapshotInstalled { zxid } => (
            format!("{s} replaces its state by the leader's snapshot up to {zxid} (SNAP)"),
            format!("{s} 用领导者到 {zxid} 的快照替换自身状态（SNAP）"),
        ),
        Note::NewLeaderAcked { epoch } => (
            format!("{s} takes the new leader's history and acknowledges NEWLEADER (epoch {epoch})"),
            format!("{s} 接收新领导者的历史并确认 NEWLEADER（纪元 {epoch}）"),
        ),
        Note::Established { epoch, zxid } => (
            format!("{s} is established as leader of epoch {epoch}: its history up to {zxid} is committed"),
            format!("{s} 确立为纪元 {epoch} 的领导者：它到 {zxid} 的历史全部提交"),
        ),
        Note::UpToDate { leader } => (
            format!("{s} is up to date with S{leader} and serves"),
            format!("{s} 已与 S{leader} 同步，开始服务"),
        ),
        Note::Committed { zxid } => (
            format!("{s} commits up to {zxid}"),
            format!("{s} 提交到 {zxid}"),
        ),
        Note::LeaderLost { leader } => (
            format!("{s} hears nothing from S{leader}: LOOKING again"),
            format!("{s} 收不到 S{leader} 的消息：重新 LOOKING"),
        ),
        Note::QuorumLost { epoch } => (
            format!("{s}, leader of epoch {epoch}, lost its quorum: LOOKING again"),
            format!("{s}（纪元 {epoch} 的领导者）失去多数：重新 LOOKING"),
        ),
    };
    if zh {
        cn
    } else {
        en
    }
}
