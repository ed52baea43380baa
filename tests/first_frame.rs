//! The page's first frame, rendered natively at build time (issue 12): the
//! default view at t=0 in each language, the same whatever the seed.
// Yew's server renderer is native only.
#![cfg(not(target_arch = "wasm32"))]

use raft_lab::text::Lang;
use raft_lab::ui::first_frame::{first_frame, first_frame_with};
use raft_lab::ui::i18n::T;
use raft_lab::ui::params::Params;

fn count(html: &str, what: &str) -> usize {
    html.matches(what).count()
}

#[test]
fn five_followers_the_controls_and_empty_logs_in_each_language() {
    for lang in Lang::ALL {
        let html = first_frame(lang).unwrap_or_else(|e| panic!("{lang:?}: {e}"));
        assert!(
            html.starts_with("<div class=\"app"),
            "{lang:?}: {}",
            &html[..80]
        );
        // The cluster twice: the circle and a wide screen's ellipse (style.css
        // shows the one the app will draw).
        assert_eq!(count(&html, "class=\"cluster ff-narrow\""), 1, "{lang:?}");
        assert_eq!(count(&html, "class=\"cluster ff-wide\""), 1, "{lang:?}");
        assert!(html.contains("viewBox=\"-40 36 680 490\""), "{lang:?}");
        assert!(html.contains("viewBox=\"30 6 540 570\""), "{lang:?}");
        assert_eq!(count(&html, "data-testid=\"node\""), 10, "{lang:?}");
        assert_eq!(count(&html, "data-role=\"follower\""), 10, "{lang:?}");
        assert_eq!(count(&html, "data-term=\"0\""), 10, "{lang:?}");
        assert_eq!(count(&html, "data-testid=\"log-entry\""), 0, "{lang:?}");
        assert_eq!(count(&html, "data-testid=\"message\""), 0, "{lang:?}");
        for id in ["play-pause", "timeline", "sim-time", "write-value"] {
            assert!(
                html.contains(&format!("data-testid=\"{id}\"")),
                "{lang:?}: {id}"
            );
        }
        // Playing, as the default page starts (index.html shows a neutral
        // frame to a reader whose page starts still).
        assert!(html.contains("data-playing=\"true\""), "{lang:?}");
        assert!(html.contains(T::Pause.get(lang)), "{lang:?}");
        assert!(html.contains(T::Follower.get(lang)), "{lang:?}");
    }
    assert_ne!(T::Follower.get(Lang::En), T::Follower.get(Lang::Zh));
}

#[test]
fn the_seed_does_not_show_at_the_start() {
    // index.html shows the frame for `?seed=N` too.
    let default = first_frame(Lang::En).unwrap();
    for seed in [0, 7, u64::MAX] {
        let p = Params {
            seed: Some(seed),
            ..Params::default()
        };
        assert_eq!(
            first_frame_with(p, Lang::En).unwrap(),
            default,
            "seed {seed}"
        );
    }
}

#[test]
fn full_timers_are_drawn() {
    // An SVG arc whose ends are one point is not drawn: the t=0 timers (full)
    // must end short of where they start.
    let html = first_frame(Lang::En).unwrap();
    let timers: Vec<&str> = html
        .split("<path d=\"")
        .skip(1)
        .filter_map(|p| p.split_once('"'))
        .filter(|(_, rest)| rest.starts_with(" class=\"timer\""))
        .map(|(d, _)| d)
        .collect();
    assert_eq!(timers.len(), 10, "{timers:?}"); // both shapes
    for d in timers {
        let n: Vec<&str> = d.split(' ').collect();
        // M x0 y0 A r r 0 large sweep x1 y1
        assert_eq!(n.len(), 11, "{d}");
        assert_ne!((n[1], n[2]), (n[9], n[10]), "{d}");
        assert_eq!(n[7], "1", "a full timer is the large arc: {d}");
    }
}
