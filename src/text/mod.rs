//! Every text a reader meets — the page's labels and messages, the narration of
//! events, the invariants' names and promises — one file per language. A third
//! language is one new file (a `Texts` value, checked complete by the compiler)
//! plus its variant in [`Lang`]. No web crates: the simulation narrates with it.

mod en;
// Compiled in everywhere but the Raft page, which fetches `text/zh.txt` (this
// file's texts, written by a test) when a reader first needs Chinese: 3.6 KB
// gzipped less wasm for everyone else (the `lazy-zh` feature, set in index.html).
#[cfg(any(test, not(feature = "lazy-zh")))]
mod zh;

use std::fmt::{Display, Write};

/// A supported language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// Every language, in menu order.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// Every text in this language.
    /// (English for a language fetched when needed and not yet there: see
    /// [`Lang::ready`].)
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::En => &en::EN,
            #[cfg(not(feature = "lazy-zh"))]
            Lang::Zh => &zh::ZH,
            #[cfg(feature = "lazy-zh")]
            Lang::Zh => LOADED_ZH.get().copied().unwrap_or(&en::EN),
        }
    }

    /// The file (next to the page) that holds this language's texts when they
    /// are not compiled in (`None`: they are).
    pub fn texts_file(self) -> Option<&'static str> {
        match self {
            Lang::Zh if cfg!(feature = "lazy-zh") => Some("text/zh.txt"),
            _ => None,
        }
    }

    /// Whether this language's texts are at hand: always, except for one the
    /// page fetches when first needed ([`Lang::texts_file`]) before [`Lang::load`].
    pub fn ready(self) -> bool {
        match self {
            #[cfg(feature = "lazy-zh")]
            Lang::Zh => LOADED_ZH.get().is_some(),
            _ => true,
        }
    }

    /// Takes this language's texts from the contents of its
    /// [`Lang::texts_file`]; false if they do not fit (a text missing or extra,
    /// another language) or are compiled in.
    pub fn load(self, file: String) -> bool {
        #[cfg(feature = "lazy-zh")]
        if self == Lang::Zh {
            return match Texts::from_file(file.leak()) {
                Some(t) if t.code == self.code() => {
                    let _ = LOADED_ZH.set(Box::leak(Box::new(t)));
                    true
                }
                _ => false,
            };
        }
        let _ = file;
        false
    }

    /// Parses a language code (`en`, `zh`) or a regional form such as `zh-CN`.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| {
            let code = l.code();
            s == code || s.strip_prefix(code).is_some_and(|r| r.starts_with('-'))
        })
    }

    /// The language after this one: what the page's language button switches to.
    pub fn next(self) -> Lang {
        let i = Lang::ALL.iter().position(|&l| l == self).unwrap_or(0);
        Lang::ALL[(i + 1) % Lang::ALL.len()]
    }

    /// The code used in URLs and scenario texts (`en`, `zh`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }
}

#[cfg(feature = "lazy-zh")]
static LOADED_ZH: std::sync::OnceLock<&'static Texts> = std::sync::OnceLock::new();

/// Declares [`Texts`] from its field names, with a list of them for tests.
macro_rules! texts {
    ($($(#[$doc:meta])* $field:ident,)*) => {
        /// Every text in one language. Templates have holes: `{}` takes the next
        /// argument, `{N}` argument N (see [`fill`]).
        ///
        /// `repr(C)`: laid out as an array of its texts, in order (see
        /// [`Texts::from_file`]).
        #[derive(Debug)]
        #[repr(C)]
        pub struct Texts {
            $($(#[$doc])* pub $field: &'static str,)*
        }

        /// How many texts a language has.
        const COUNT: usize = [$(stringify!($field)),*].len();

        impl Texts {
            /// Every text with its field name (for tests that check them all).
            pub fn entries(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($field), self.$field)),*]
            }

            /// Reads [`to_file`]'s output back (`None` if a text is
            /// missing or one is left over).
            pub fn from_file(file: &'static str) -> Option<Texts> {
                // A loop, where a struct literal compiled to code per text (23 KB).
                let mut all = [""; COUNT];
                let mut lines = file.lines();
                for t in &mut all {
                    *t = unescape(lines.next()?);
                }
                if lines.next().is_some() {
                    return None;
                }
                // SAFETY: `Texts` is `repr(C)` with `COUNT` fields, every one a
                // `&'static str`: the same layout as this array (no padding),
                // field by field in order.
                Some(unsafe { std::mem::transmute::<[&'static str; COUNT], Texts>(all) })
            }
        }
    };
}

/// The texts as a file: one a line, in the order of the fields, `\` and line
/// breaks escaped (`\\`, `\n`, `\r`).
pub fn to_file(texts: &Texts) -> String {
    let mut out = String::new();
    for (_, t) in texts.entries() {
        for c in t.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                c => out.push(c),
            }
        }
        out.push('\n');
    }
    out
}

/// One line of [`to_file`]'s output as the text it holds.
fn unescape(line: &'static str) -> &'static str {
    if !line.contains('\\') {
        return line;
    }
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        out.push(match c {
            '\\' => match chars.next() {
                Some('n') => '\n',
                Some('r') => '\r',
                Some(c) => c,
                None => break,
            },
            c => c,
        });
    }
    out.leak()
}

texts! {
    /// The language's code in URLs and scenario texts (`en`).
    code,
    /// The `lang` attribute of the document (`zh-Hans`).
    html_lang,
    // The page (`ui::i18n::T`).
    app_title,
    tagline,
    scenario,
    free_play,
    language,
    // The language a click switches to, named in itself: a Chinese reader on the
    // English page looks for 中文.
    other_language,
    presenter,
    help,
    share,
    export,
    import,
    embed,
    open_full,
    close,
    copy,
    copied,
    share_hint,
    embed_hint,
    play,
    pause,
    step,
    speed,
    speed_hint,
    slower,
    faster,
    time,
    live,
    prev_event,
    next_event,
    reset,
    cluster,
    leader,
    follower,
    candidate,
    pre_candidate,
    down,
    term,
    voted_for,
    log_length,
    table_view,
    last_index,
    votes,
    nobody,
    inspector,
    no_selection,
    role,
    commit_index,
    last_applied,
    election_timer,
    fires_in,
    not_running,
    known_leader,
    next_index,
    match_index,
    kv_state,
    empty,
    crash,
    restart,
    force_timeout,
    isolate,
    network,
    split,
    heal_all,
    loss,
    latency,
    links,
    lowest,
    highest,
    link_up,
    link_cut,
    only_direction,
    algorithm,
    pre_vote,
    pre_vote_hint,
    check_quorum,
    check_quorum_hint,
    leader_noop,
    leader_noop_hint,
    fast_backtrack,
    fast_backtrack_hint,
    max_entries,
    no_limit,
    teaching_bugs,
    bugs_hint,
    bug_commit_old,
    bug_vote_no_log,
    bug_forget_vote,
    timers,
    spread_timers,
    align_timers,
    client_write,
    write_placeholder,
    send,
    to_leader,
    send_to,
    pending,
    acked,
    unknown,
    writes,
    no_writes,
    index,
    invariants,
    holds,
    violated_at,
    events,
    no_events,
    logs,
    committed,
    not_committed,
    earlier_entries,
    timeline,
    dismiss,
    prev_caption,
    next_caption,
    resume,
    took_over,
    stage,
    stage_hint,
    stage_start,
    stage_server,
    stage_log,
    legend,
    kind_vote,
    kind_vote_reply,
    kind_pre_vote,
    kind_pre_vote_reply,
    kind_append,
    kind_heartbeat,
    kind_append_reply,
    granted,
    refused,
    lost,
    click_to_drop,
    click_to_cut,
    shortcuts_title,
    key_pause,
    key_write,
    key_restart_leader,
    key_spread,
    key_align,
    key_resume,
    key_scrub,
    key_speed,
    key_captions,
    key_help,
    key_live,
    key_presenter,
    /// A long jump in time under way: the target time (ms), the percent done.
    jumping,
    import_failed,
    scenario_failed,
    selected_server,
    source,
    offline,
    /// The header's link to the ZAB page's side-by-side mode.
    zab_beside_raft,
    // Messages about bad input: `{}` is filled by `fill`, in order. URL
    // parameter names and values stay as typed.
    err_seed,
    err_speed_param,
    err_nodes,
    err_scenario_empty,
    err_flag,
    err_lang,
    err_time,
    err_time_too_far,
    err_unknown_param,
    err_unknown_panel,
    err_speed,
    err_latency,
    err_write_too_long,
    err_write_control,
    err_write_kv,
    err_download,
    err_not_text,
    err_too_large,
    err_no_scenario,
    err_not_scenario,
    // Narration of the simulated world (`sim::narrate`): `{N}` is filled with argument N.
    crashed,
    restarted,
    forced_timeout,
    timeout_ignored,
    link_was_cut,
    link_was_cut_oneway,
    link_was_healed,
    link_was_healed_oneway,
    partitioned,
    isolated,
    healed_all,
    write_sent,
    write_sent_to,
    write_redirected,
    write_waiting,
    write_appended,
    write_acked,
    write_unknown,
    write_retried,
    read_sent,
    read_answered,
    read_answered_none,
    read_unknown,
    dropped,
    delayed,
    duplicated,
    settings_changed,
    timers_aligned,
    timers_spread,
    violation,
    /// Why a safety property broke (`sim::invariants::Why`).
    why_ack_removed,
    why_leader_without_ack,
    why_leader_truncated,
    why_logs_differ,
    why_two_leaders,
    why_leader_without_committed,
    why_leader_lacks_committed,
    why_applied_different,
    why_applied_over_ack,
    why_unorderable,
    list_sep,
    timed_out,
    timed_out_pre_vote,
    became_leader,
    adopted_term,
    lost_quorum,
    vote_granted,
    pre_vote_granted,
    vote_refused,
    pre_vote_refused,
    refusal_stale_term,
    refusal_already_voted,
    refusal_log_behind,
    refusal_leader_alive,
    append_stale_term,
    append_missing_entry,
    append_term_mismatch,
    append_same_term_leader,
    truncated,
    committed_up_to,
    config_appended,
    learner_caught_up,
    stepped_down_removed,
    transfer_started,
    timeout_now_sent,
    transfer_aborted,
    timeout_now_received,
    compacted,
    snapshot_sent,
    snapshot_installed,
    req_add_server,
    req_add_learner,
    req_remove_server,
    req_change,
    req_transfer,
    requested,
    refused_no_leader,
    change_refused,
    change_not_leader,
    change_in_progress,
    change_no_commit_in_term,
    change_transferring,
    change_no_change,
    change_no_voters,
    change_bad_target,
    // Invariants: a name and the promise it keeps, in one plain sentence.
    election_safety,
    election_safety_promise,
    leader_append_only,
    leader_append_only_promise,
    log_matching,
    log_matching_promise,
    leader_completeness,
    leader_completeness_promise,
    state_machine_safety,
    state_machine_safety_promise,
    no_lost_ack,
    no_lost_ack_promise,
    leader_per_epoch,
    leader_per_epoch_promise,
    primary_order,
    primary_order_promise,
    linearizability,
    linearizability_promise,
    // Clients and reads (issue 11): page texts.
    clients,
    client_n,
    client_label,
    read,
    read_key,
    read_mode,
    mode_read_index,
    mode_read_index_hint,
    mode_lease,
    mode_lease_hint,
    mode_local,
    mode_local_hint,
    retry,
    retry_hint,
    history,
    no_ops,
    history_hint,
    not_linearizable,
    op_ok,
    op_server,
    op_states,
    op_no_order,
    nothing,
    lease_ms,
    read_at,
    clock_rate,
    clock_hint,
    mark_cut,
    mark_heal,
    bug_no_dedup,
    bug_lease_drift,
    bug_read_no_quorum,
    err_read_key,
    // The cluster's shape (membership, transfer, snapshots): page texts.
    voter,
    learner,
    spare,
    needs,
    kind_snapshot,
    kind_timeout_now,
    add_server,
    add_learner,
    remove_server,
    transfer_leader,
    snapshot_node,
    membership,
    snapshot,
    several_at_once,
    joint_consensus,
    change_voters,
    snapshot_every,
    servers_total,
    why_no_leader,
    why_down,
    why_voter,
    why_member,
    why_spare,
    why_leader,
    why_nothing,
    bug_add_two,
    bug_config_noop,
    err_max_nodes,
}

/// A template with its holes filled: `{}` takes the next argument, `{N}` (one
/// digit) argument N, so a language may order them its own way. A missing
/// argument leaves nothing. The arguments are text: never read as templates.
pub fn fill(template: &str, args: &[&dyn Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    let mut next = 0;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let (arg, skip) = match after.as_bytes() {
            [b'}', ..] => {
                next += 1;
                (Some(next - 1), 1)
            }
            [d @ b'0'..=b'9', b'}', ..] => (Some(usize::from(d - b'0')), 2),
            _ => (None, 0),
        };
        match arg {
            Some(i) => {
                if let Some(a) = args.get(i) {
                    let _ = write!(out, "{a}");
                }
                rest = &after[skip..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holes(s: &str) -> Vec<String> {
        let mut h: Vec<String> = s
            .match_indices('{')
            .filter_map(|(i, _)| {
                let end = s[i..].find('}')?;
                let inner = &s[i + 1..i + end];
                (inner.len() <= 1).then(|| inner.to_string())
            })
            .collect();
        h.sort();
        h
    }

    #[test]
    fn holes_are_filled_in_order_or_by_number() {
        assert_eq!(fill("a {} b {}", &[&1, &"x"]), "a 1 b x");
        assert_eq!(fill("{1} then {0}", &[&"a", &"b"]), "b then a");
        assert_eq!(fill("{}", &[]), "");
        // A value that looks like a hole stays as typed; so does a lone brace.
        assert_eq!(fill("got {}", &[&"{0}"]), "got {0}");
        assert_eq!(fill("{S1 S2} {", &[]), "{S1 S2} {");
    }

    #[test]
    fn every_language_has_every_text_with_the_same_holes() {
        let en = Lang::En.texts().entries();
        for lang in Lang::ALL {
            let t = lang.texts().entries();
            assert_eq!(Lang::parse(lang.code()), Some(lang));
            for ((name, a), (_, b)) in en.iter().zip(&t) {
                assert!(!b.is_empty(), "{lang:?} {name}");
                assert_eq!(holes(a), holes(b), "{lang:?} {name}: {a:?} / {b:?}");
            }
        }
        assert_eq!(Lang::parse("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("english"), None);
        assert_eq!(Lang::parse("fr"), None);
    }

    /// The Raft page fetches its Chinese texts from `static/text/zh.txt`
    /// (`lazy-zh`): that file must be `zh.rs`, read back whole.
    #[test]
    fn the_chinese_texts_file_is_zh_rs() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/static/text/zh.txt");
        let want = to_file(&zh::ZH);
        if std::env::var_os("UPDATE_TEXTS").is_some() {
            std::fs::write(path, &want).unwrap();
        }
        let got = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            got == want,
            "static/text/zh.txt is not src/text/zh.rs: write it with `UPDATE_TEXTS=1 cargo test --lib text::`"
        );
        let back = Texts::from_file(got.leak()).expect("every text, none left over");
        assert_eq!(back.entries(), zh::ZH.entries());
        // A text with a line break or a backslash survives the file.
        let odd = Texts {
            tagline: "a\\b\nc\r",
            ..Texts::from_file(to_file(&en::EN).leak()).unwrap()
        };
        assert_eq!(
            Texts::from_file(to_file(&odd).leak()).unwrap().tagline,
            "a\\b\nc\r"
        );
        assert!(Texts::from_file("zh\n").is_none());
    }
}
