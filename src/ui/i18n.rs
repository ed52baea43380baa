//! The page's texts by name: `T` is a key into the per-language files of
//! `crate::text`, so a component can name a text before the language is known
//! and a test can list them all.

use crate::text::{Lang, Texts};

/// Declares `T` from `Variant => field` pairs of [`crate::text::Texts`].
macro_rules! page_texts {
    ($($(#[$doc:meta])* $name:ident => $field:ident,)*) => {
        /// A text of the page.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum T { $($name),* }
        impl T {
            /// Every text, for tests.
            pub const ALL: &'static [T] = &[$(T::$name),*];
            /// This text in `lang`.
            pub fn get(self, lang: Lang) -> &'static str {
                // Where each text sits in `Texts`: one small table for every
                // language, where a `match` on fields compiled to code per
                // text, or to a copy of every language's texts (7 KB, 3 KB).
                const AT: &[u16] = &[$(std::mem::offset_of!(Texts, $field) as u16),*];
                let texts: &'static Texts = lang.texts();
                let base = texts as *const Texts as *const u8;
                // SAFETY: `AT[self as usize]` is the offset of a `&'static str`
                // field of `Texts` (`offset_of!`, so aligned and in bounds), and
                // `texts` is a valid `&'static Texts`.
                unsafe { *base.add(usize::from(AT[self as usize])).cast::<&'static str>() }
            }
        }
    };
}

page_texts! {
    AppTitle => app_title,
    Tagline => tagline,
    Scenario => scenario,
    FreePlay => free_play,
    Language => language,
    // The language a click switches to, named in itself: a Chinese reader on the
    // English page looks for 中文.
    OtherLanguage => other_language,
    Presenter => presenter,
    Help => help,
    Share => share,
    Export => export,
    Import => import,
    Embed => embed,
    OpenFull => open_full,
    Close => close,
    Copy => copy,
    Copied => copied,
    ShareHint => share_hint,
    EmbedHint => embed_hint,
    Play => play,
    Pause => pause,
    Step => step,
    Speed => speed,
    SpeedHint => speed_hint,
    Slower => slower,
    Faster => faster,
    Time => time,
    Live => live,
    PrevEvent => prev_event,
    NextEvent => next_event,
    Reset => reset,
    Cluster => cluster,
    Leader => leader,
    Follower => follower,
    Candidate => candidate,
    PreCandidate => pre_candidate,
    Down => down,
    Term => term,
    VotedFor => voted_for,
    LogLength => log_length,
    TableView => table_view,
    LastIndex => last_index,
    Votes => votes,
    Nobody => nobody,
    Inspector => inspector,
    NoSelection => no_selection,
    Role => role,
    CommitIndex => commit_index,
    LastApplied => last_applied,
    ElectionTimer => election_timer,
    FiresIn => fires_in,
    NotRunning => not_running,
    KnownLeader => known_leader,
    NextIndex => next_index,
    MatchIndex => match_index,
    KvState => kv_state,
    Empty => empty,
    Crash => crash,
    Restart => restart,
    ForceTimeout => force_timeout,
    Isolate => isolate,
    Network => network,
    Split => split,
    HealAll => heal_all,
    Loss => loss,
    Latency => latency,
    Links => links,
    Lowest => lowest,
    Highest => highest,
    LinkUp => link_up,
    LinkCut => link_cut,
    OnlyDirection => only_direction,
    Algorithm => algorithm,
    PreVote => pre_vote,
    PreVoteHint => pre_vote_hint,
    CheckQuorum => check_quorum,
    CheckQuorumHint => check_quorum_hint,
    LeaderNoop => leader_noop,
    LeaderNoopHint => leader_noop_hint,
    FastBacktrack => fast_backtrack,
    FastBacktrackHint => fast_backtrack_hint,
    MaxEntries => max_entries,
    NoLimit => no_limit,
    TeachingBugs => teaching_bugs,
    BugsHint => bugs_hint,
    BugCommitOld => bug_commit_old,
    BugVoteNoLog => bug_vote_no_log,
    BugForgetVote => bug_forget_vote,
    Timers => timers,
    SpreadTimers => spread_timers,
    AlignTimers => align_timers,
    ClientWrite => client_write,
    WritePlaceholder => write_placeholder,
    Send => send,
    ToLeader => to_leader,
    SendTo => send_to,
    Pending => pending,
    Acked => acked,
    Unknown => unknown,
    Writes => writes,
    NoWrites => no_writes,
    Index => index,
    Invariants => invariants,
    // Clients and reads (issue 11).
    Clients => clients,
    ClientN => client_n,
    ClientLabel => client_label,
    Read => read,
    ReadKey => read_key,
    ReadMode => read_mode,
    ModeReadIndex => mode_read_index,
    ModeReadIndexHint => mode_read_index_hint,
    ModeLease => mode_lease,
    ModeLeaseHint => mode_lease_hint,
    ModeLocal => mode_local,
    ModeLocalHint => mode_local_hint,
    Retry => retry,
    RetryHint => retry_hint,
    History => history,
    NoOps => no_ops,
    HistoryHint => history_hint,
    NotLinearizable => not_linearizable,
    OpOk => op_ok,
    OpServer => op_server,
    OpStates => op_states,
    OpNoOrder => op_no_order,
    Nothing => nothing,
    LeaseMs => lease_ms,
    ReadAt => read_at,
    ClockRate => clock_rate,
    ClockHint => clock_hint,
    MarkCut => mark_cut,
    MarkHeal => mark_heal,
    BugNoDedup => bug_no_dedup,
    BugLeaseDrift => bug_lease_drift,
    BugReadNoQuorum => bug_read_no_quorum,
    ErrReadKey => err_read_key,
    Holds => holds,
    ViolatedAt => violated_at,
    Events => events,
    NoEvents => no_events,
    Logs => logs,
    Committed => committed,
    NotCommitted => not_committed,
    EarlierEntries => earlier_entries,
    Timeline => timeline,
    Dismiss => dismiss,
    PrevCaption => prev_caption,
    NextCaption => next_caption,
    Continue => resume,
    TookOver => took_over,
    Stage => stage,
    StageHint => stage_hint,
    StageStart => stage_start,
    StageServer => stage_server,
    StageLog => stage_log,
    Legend => legend,
    KindVote => kind_vote,
    KindVoteReply => kind_vote_reply,
    KindPreVote => kind_pre_vote,
    KindPreVoteReply => kind_pre_vote_reply,
    KindAppend => kind_append,
    KindHeartbeat => kind_heartbeat,
    KindAppendReply => kind_append_reply,
    Granted => granted,
    Refused => refused,
    Lost => lost,
    ClickToDrop => click_to_drop,
    ClickToCut => click_to_cut,
    ShortcutsTitle => shortcuts_title,
    KeyPause => key_pause,
    KeyWrite => key_write,
    KeyRestartLeader => key_restart_leader,
    KeySpread => key_spread,
    KeyAlign => key_align,
    KeyResume => key_resume,
    KeyScrub => key_scrub,
    KeySpeed => key_speed,
    KeyCaptions => key_captions,
    KeyHelp => key_help,
    KeyLive => key_live,
    KeyPresenter => key_presenter,
    Jumping => jumping,
    ImportFailed => import_failed,
    ScenarioFailed => scenario_failed,
    SelectedServer => selected_server,
    Source => source,
    Offline => offline,
    ZabBesideRaft => zab_beside_raft,
    // Messages about bad input: `{}` is filled by `fill`, in order. URL
    // parameter names and values stay as typed.
    ErrSeed => err_seed,
    ErrSpeedParam => err_speed_param,
    ErrNodes => err_nodes,
    ErrScenarioEmpty => err_scenario_empty,
    ErrFlag => err_flag,
    ErrLang => err_lang,
    ErrTime => err_time,
    ErrTimeTooFar => err_time_too_far,
    ErrUnknownParam => err_unknown_param,
    ErrUnknownPanel => err_unknown_panel,
    ErrSpeed => err_speed,
    ErrLatency => err_latency,
    ErrWriteTooLong => err_write_too_long,
    ErrWriteControl => err_write_control,
    ErrWriteKv => err_write_kv,
    ErrDownload => err_download,
    ErrNotText => err_not_text,
    ErrTooLarge => err_too_large,
    ErrNoScenario => err_no_scenario,
    ErrNotScenario => err_not_scenario,
    Voter => voter,
    Learner => learner,
    Spare => spare,
    Needs => needs,
    KindSnapshot => kind_snapshot,
    KindTimeoutNow => kind_timeout_now,
    AddServer => add_server,
    AddLearner => add_learner,
    RemoveServer => remove_server,
    TransferLeader => transfer_leader,
    SnapshotNode => snapshot_node,
    Membership => membership,
    Snapshot => snapshot,
    SeveralAtOnce => several_at_once,
    JointConsensus => joint_consensus,
    ChangeVoters => change_voters,
    SnapshotEvery => snapshot_every,
    ServersTotal => servers_total,
    WhyNoLeader => why_no_leader,
    WhyDown => why_down,
    WhyVoter => why_voter,
    WhyMember => why_member,
    WhySpare => why_spare,
    WhyLeader => why_leader,
    WhyNothing => why_nothing,
    BugAddTwo => bug_add_two,
    BugConfigNoop => bug_config_noop,
    ErrMaxNodes => err_max_nodes,
}

/// A message template with its `{}` holes filled in order (see
/// [`crate::text::fill`]). The values are text: the page shows them as text,
/// never as markup.
pub fn fill(template: &str, args: &[&str]) -> String {
    let args: Vec<&dyn std::fmt::Display> = args.iter().map(|a| a as _).collect();
    crate::text::fill(template, &args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_filled_in_order_and_keep_both_languages_aligned() {
        assert_eq!(
            fill(T::ErrNodes.get(Lang::En), &["9", "x"]),
            "nodes must be 1 to 9, got \"x\""
        );
        assert_eq!(
            fill(T::ErrNodes.get(Lang::Zh), &["9", "x"]),
            "nodes 必须是 1 到 9，而不是“x”"
        );
        // A value that looks like a hole stays as typed.
        assert_eq!(
            fill(T::ErrSeed.get(Lang::En), &["{}"]),
            "seed must be a whole number, got \"{}\""
        );
        for t in T::ALL {
            let holes = |s: &str| s.matches("{}").count();
            assert_eq!(holes(t.get(Lang::En)), holes(t.get(Lang::Zh)), "{t:?}");
        }
    }

    #[test]
    fn each_key_reads_its_own_field() {
        for lang in Lang::ALL {
            let t = lang.texts();
            assert_eq!(T::AppTitle.get(lang), t.app_title);
            assert_eq!(T::CheckQuorumHint.get(lang), t.check_quorum_hint);
            assert_eq!(T::ErrNotScenario.get(lang), t.err_not_scenario);
            let all: Vec<&str> = t.entries().into_iter().map(|(_, s)| s).collect();
            for k in T::ALL {
                assert!(all.contains(&k.get(lang)), "{lang:?} {k:?}");
            }
        }
    }

    #[test]
    fn every_text_has_both_languages() {
        for t in T::ALL {
            assert!(!t.get(Lang::En).is_empty(), "{t:?}");
            assert!(!t.get(Lang::Zh).is_empty(), "{t:?}");
        }
    }

    /// The Chinese page keeps no English words in its controls; the paper's
    /// proper names (Raft, ZAB, RPC names, §) are the only Latin text allowed.
    #[test]
    fn chinese_texts_have_no_english_words() {
        let allowed = [
            "Raft",
            "ZAB",
            "AppendEntries",
            "InstallSnapshot",
            "TimeoutNow",
        ];
        // URL parameter names and values, which stay as typed.
        let code = [
            "seed",
            "speed",
            "max_nodes",
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
            let mut zh = t.get(Lang::Zh).to_string();
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
            assert!(
                word.is_none(),
                "{t:?}: {:?} has English {:?}",
                t.get(Lang::Zh),
                word
            );
        }
    }
}
