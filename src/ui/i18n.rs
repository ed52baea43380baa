//! Every text of the page in English and Simplified Chinese. An enum, so a
//! missing translation is a compile error and a test can list them all.

use crate::sim::narrate::Lang;

macro_rules! texts {
    ($($name:ident => $en:expr, $zh:expr;)*) => {
        /// A text of the page.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum T { $($name),* }
        impl T {
            /// Every text, for tests.
            pub const ALL: &'static [T] = &[$(T::$name),*];
            pub fn en(self) -> &'static str { match self { $(T::$name => $en),* } }
            pub fn zh(self) -> &'static str { match self { $(T::$name => $zh),* } }
            pub fn get(self, lang: Lang) -> &'static str {
                match lang { Lang::En => self.en(), Lang::Zh => self.zh() }
            }
        }
    };
}

texts! {
    AppTitle => "Raft Lab", "Raft 实验室";
    Tagline => "Watch the Raft consensus algorithm run, break and recover", "观察 Raft 共识算法的运行、故障与恢复";
    Scenario => "Scenario", "场景";
    FreePlay => "Free play", "自由练习";
    Language => "Language", "语言";
    // The language a click switches to, named in itself: a Chinese reader on the
    // English page looks for 中文.
    OtherLanguage => "中文", "English";
    Presenter => "Presenter mode", "演示模式";
    Help => "Keyboard shortcuts", "快捷键";
    Share => "Share", "分享";
    Export => "Export", "导出";
    Import => "Import", "导入";
    Embed => "Embed", "嵌入";
    OpenFull => "Open in Raft Lab", "在 Raft 实验室中打开";
    Close => "Close", "关闭";
    Copy => "Copy", "复制";
    Copied => "Copied", "已复制";
    ShareHint => "This link replays this session exactly: seed, settings and every action.", "此链接可精确重现本次会话：种子、设置和每一个操作。";
    EmbedHint => "Paste this into your blog post.", "把这段代码粘贴到你的博客文章中。";
    Play => "Play", "播放";
    Pause => "Pause", "暂停";
    Step => "Step", "单步";
    Speed => "Speed", "速度";
    SpeedHint => "simulated ms per real ms", "每真实毫秒对应的模拟毫秒";
    Slower => "Slower", "减速";
    Faster => "Faster", "加速";
    Time => "Time", "时间";
    Live => "Live", "回到现在";
    PrevEvent => "Previous event", "上一个事件";
    NextEvent => "Next event", "下一个事件";
    Reset => "Start over", "重新开始";
    Cluster => "Cluster", "集群";
    Leader => "leader", "领导者";
    Follower => "follower", "跟随者";
    Candidate => "candidate", "候选者";
    PreCandidate => "pre-candidate", "预候选者";
    Down => "down", "宕机";
    Term => "term", "任期";
    VotedFor => "voted for", "投票给";
    Votes => "votes", "票数";
    Nobody => "nobody", "无";
    Inspector => "Server", "服务器";
    NoSelection => "Click a server to inspect it.", "点击一台服务器查看详情。";
    Role => "role", "角色";
    CommitIndex => "commit index", "提交索引";
    LastApplied => "last applied", "已应用到";
    ElectionTimer => "election timer", "选举计时器";
    FiresIn => "fires in", "剩余";
    NotRunning => "not running", "未运行";
    KnownLeader => "believes the leader is", "认为领导者是";
    NextIndex => "next index", "下一索引";
    MatchIndex => "match index", "匹配索引";
    KvState => "key-value state", "键值状态";
    Empty => "(empty)", "（空）";
    Crash => "Crash", "崩溃";
    Restart => "Restart", "重启";
    ForceTimeout => "Time out now", "立即超时";
    Isolate => "Isolate", "隔离";
    Network => "Network", "网络";
    Split => "Split 2 | 3", "分成 2 | 3";
    HealAll => "Heal all links", "恢复所有链路";
    Loss => "message loss", "丢包率";
    Latency => "latency (ms)", "延迟（毫秒）";
    Links => "Links", "链路";
    Lowest => "lowest", "最低";
    Highest => "highest", "最高";
    LinkUp => "up", "连通";
    LinkCut => "cut", "断开";
    OnlyDirection => "only", "仅单向";
    Algorithm => "Algorithm", "算法";
    PreVote => "PreVote", "预投票";
    PreVoteHint => "ask whether you could win before raising the term (thesis §9.6)", "提升任期前先询问能否获胜（博士论文 §9.6）";
    CheckQuorum => "CheckQuorum", "法定人数检查";
    CheckQuorumHint => "a leader without a majority steps down; servers that hear a leader ignore vote requests (§9.6)", "失去多数派的领导者下台；能收到领导者消息的服务器忽略投票请求（§9.6）";
    LeaderNoop => "leader no-op entry", "领导者空操作条目";
    LeaderNoopHint => "a new leader appends an entry of its term so earlier ones can commit (§8)", "新领导者追加一条本任期的条目，使之前的条目得以提交（§8）";
    FastBacktrack => "fast backtracking", "快速回退";
    FastBacktrackHint => "a refused AppendEntries tells the leader where the conflicting term starts (§5.3)", "被拒绝的 AppendEntries 告诉领导者冲突任期从哪里开始（§5.3）";
    MaxEntries => "entries per AppendEntries", "每次追加的条目上限";
    NoLimit => "no limit", "不限";
    TeachingBugs => "Teaching bugs", "教学错误";
    BugsHint => "each switch disables one safety rule; watch the safety panel", "每个开关关闭一条安全规则；请关注安全性质面板";
    BugCommitOld => "commit old-term entries by counting (Figure 8)", "按副本数提交旧任期条目（图 8）";
    BugVoteNoLog => "vote without the log check (§5.4.1)", "投票时不检查日志（§5.4.1）";
    BugForgetVote => "forget the vote on restart (Figure 2)", "重启后忘记投票（图 2）";
    Timers => "Election timers", "选举计时器";
    SpreadTimers => "Spread", "错开";
    AlignTimers => "Align (split vote)", "对齐（选票分裂）";
    ClientWrite => "Client write", "客户端写入";
    WritePlaceholder => "key=value", "键=值";
    Send => "Send", "发送";
    ToLeader => "to the leader", "发给领导者";
    SendTo => "send to", "发送给";
    Pending => "pending", "等待中";
    Acked => "acknowledged", "已确认";
    Unknown => "unknown", "未知";
    Writes => "Writes", "写入记录";
    NoWrites => "No writes yet.", "还没有写入。";
    Index => "index", "索引";
    Invariants => "Safety", "安全性质";
    Holds => "holds", "成立";
    ViolatedAt => "violated at", "被破坏于";
    Events => "Events", "事件";
    NoEvents => "Nothing has happened yet.", "还没有发生任何事件。";
    Logs => "Logs", "日志";
    Committed => "committed", "已提交";
    NotCommitted => "not committed", "未提交";
    EarlierEntries => "earlier entries", "条更早的条目";
    Timeline => "Timeline", "时间线";
    Dismiss => "Dismiss", "关闭";
    PrevCaption => "Previous caption", "上一段说明";
    NextCaption => "Next caption", "下一段说明";
    Continue => "Continue", "继续";
    TookOver => "You took over: the rest of the script is dropped.", "你接管了：剩下的脚本已被丢弃。";
    Stage => "Stage", "布置";
    StageHint => "Set each server's term, vote and log (terms per index, e.g. 1 1 2), then start.", "设置每台服务器的任期、投票和日志（每个索引的任期，例如 1 1 2），然后开始。";
    StageStart => "Start with this state", "以此状态开始";
    StageServer => "server", "服务器";
    StageLog => "log terms", "日志任期";
    Legend => "Messages", "消息";
    KindVote => "vote request", "投票请求";
    KindVoteReply => "vote reply", "投票回复";
    KindPreVote => "pre-vote request", "预投票请求";
    KindPreVoteReply => "pre-vote reply", "预投票回复";
    KindAppend => "append entries", "追加条目";
    KindHeartbeat => "heartbeat", "心跳";
    KindAppendReply => "append reply", "追加回复";
    Granted => "yes", "同意";
    Refused => "no", "拒绝";
    Lost => "lost", "丢失";
    ClickToDrop => "click or press Enter to drop", "点击或按回车键丢弃";
    ClickToCut => "click or press Enter to cut or heal", "点击或按回车键切断或恢复";
    ShortcutsTitle => "Keyboard shortcuts", "快捷键";
    KeyPause => "play / pause", "播放 / 暂停";
    KeyWrite => "client write", "客户端写入";
    KeyRestartLeader => "restart the leader (crash it and bring it back)", "重启领导者（先崩溃再恢复）";
    KeySpread => "spread election timers", "错开选举计时器";
    KeyAlign => "align election timers (provoke a split vote)", "对齐选举计时器（引发选票分裂）";
    KeyResume => "bring every crashed server back", "恢复所有崩溃的服务器";
    KeyScrub => "previous / next event", "上一个 / 下一个事件";
    KeySpeed => "slower / faster", "减速 / 加速";
    KeyCaptions => "previous / next caption", "上一段 / 下一段说明";
    KeyHelp => "this help", "显示本帮助";
    KeyLive => "back to the present", "回到现在";
    KeyPresenter => "presenter mode", "演示模式";
    Loading => "Loading…", "加载中…";
    ImportFailed => "Import failed", "导入失败";
    ScenarioFailed => "Could not load the scenario", "无法加载场景";
    SelectedServer => "selected", "已选中";
    Source => "Read the Raft core", "阅读 Raft 核心代码";
    // Messages about bad input: `{}` is filled by `fill`, in order. URL
    // parameter names and values stay as typed.
    ErrSeed => "seed must be a whole number, got \"{}\"", "seed 必须是整数，而不是“{}”";
    ErrSpeedParam => "speed must be a number from {} to {} (simulated ms per real ms), got \"{}\"", "speed 必须是 {} 到 {} 之间的数（每真实毫秒对应的模拟毫秒数），而不是“{}”";
    ErrNodes => "nodes must be 1 to {}, got \"{}\"", "nodes 必须是 1 到 {}，而不是“{}”";
    ErrScenarioEmpty => "scenario is empty", "scenario 为空";
    ErrFlag => "{} must be 1 or 0, got \"{}\"", "{} 必须是 1 或 0，而不是“{}”";
    ErrLang => "lang must be en or zh, got \"{}\"", "lang 必须是 en 或 zh，而不是“{}”";
    ErrTime => "t must be a time in ms, got \"{}\"", "t 必须是以毫秒计的时间，而不是“{}”";
    ErrUnknownParam => "unknown URL parameter \"{}\"", "未知的 URL 参数“{}”";
    ErrUnknownPanel => "panels: unknown panel \"{}\" (known: log, timeline, controls, invariants, feed, writes)", "panels：未知的面板“{}”（可用：log, timeline, controls, invariants, feed, writes）";
    ErrSpeed => "speed must be a number from {} to {}, got \"{}\"", "速度必须是 {} 到 {} 之间的数，而不是“{}”";
    ErrLatency => "latency must be a whole number of ms from 0 to 5000, got \"{}\"", "延迟必须是 0 到 5000 之间的整数毫秒，而不是“{}”";
    ErrWriteTooLong => "a write is at most {} characters", "一次写入最多 {} 个字符";
    ErrWriteControl => "a write may not contain control characters", "写入不能包含控制字符";
    ErrWriteKv => "a write is key=value, got \"{}\"", "写入的格式是 key=value，而不是“{}”";
    ErrDownload => "The browser refused the download.", "浏览器拒绝了下载。";
    ErrNotText => "not a text file", "不是文本文件";
    ErrTooLarge => "the file is larger than {} bytes", "文件超过 {} 字节";
    ErrNoScenario => "no shipped scenario \"{}\" (known: {})", "没有名为“{}”的内置场景（可用：{}）";
    ErrNotScenario => "\"{}\" is neither a scenario name nor an inline scenario", "“{}”既不是场景名称，也不是内联场景";
}

/// A message template with its `{}` holes filled in order. The values are
/// text: the page shows them as text, never as markup.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut parts = template.split("{}");
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for (i, part) in parts.enumerate() {
        out.push_str(args.get(i).copied().unwrap_or(""));
        out.push_str(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_filled_in_order_and_keep_both_languages_aligned() {
        assert_eq!(
            fill(T::ErrNodes.en(), &["9", "x"]),
            "nodes must be 1 to 9, got \"x\""
        );
        assert_eq!(
            fill(T::ErrNodes.zh(), &["9", "x"]),
            "nodes 必须是 1 到 9，而不是“x”"
        );
        // A value that looks like a hole stays as typed.
        assert_eq!(
            fill(T::ErrSeed.en(), &["{}"]),
            "seed must be a whole number, got \"{}\""
        );
        for t in T::ALL {
            let holes = |s: &str| s.matches("{}").count();
            assert_eq!(holes(t.en()), holes(t.zh()), "{t:?}");
        }
    }

    #[test]
    fn every_text_has_both_languages() {
        for t in T::ALL {
            assert!(!t.en().is_empty(), "{t:?}");
            assert!(!t.zh().is_empty(), "{t:?}");
        }
    }

    /// The Chinese page keeps no English words in its controls; the paper's
    /// proper names (Raft, RPC names, §) are the only Latin text allowed.
    #[test]
    fn chinese_texts_have_no_english_words() {
        let allowed = ["Raft", "AppendEntries"];
        // URL parameter names and values, which stay as typed.
        let code = [
            "seed",
            "speed",
            "nodes",
            "scenario",
            "lang",
            "en",
            "zh",
            "URL",
            "panels",
            "log",
            "timeline",
            "controls",
            "invariants",
            "feed",
            "writes",
            "key",
            "value",
        ];
        for t in T::ALL.iter().filter(|t| **t != T::OtherLanguage) {
            let mut zh = t.zh().to_string();
            if format!("{t:?}").starts_with("Err") {
                for c in code {
                    zh = zh.replace(c, "");
                }
            }
            for a in allowed {
                zh = zh.replace(a, "");
            }
            let word = zh
                .split(|c: char| !c.is_ascii_alphabetic())
                .find(|w| w.len() >= 2);
            assert!(word.is_none(), "{t:?}: {:?} has English {:?}", t.zh(), word);
        }
    }
}
