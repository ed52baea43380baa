//! The page's first frame as HTML, rendered natively at build time by the page's
//! own view code (Yew's `ssr` feature, native builds only: the page's wasm does
//! not carry it). `raftlab first-frame` prints it; the build puts it in
//! index.html, so a reader sees the cluster before the wasm arrives (issue 12).
//!
//! It is the default view at t=0 (no URL parameters): five followers, timers
//! full, empty logs, playing. Nothing in it depends on the seed.

use super::app::{set_start, App};
use super::params::Params;
use crate::text::Lang;

/// The default view's first frame in `lang`, as Yew renders it (no hydration
/// marks: the wasm renders afresh and index.html drops this copy), with the
/// cluster drawn in both shapes — the circle (class `ff-narrow`) and a wide
/// screen's ellipse (`ff-wide`, `hooks::wide`) — for style.css to show the
/// one the app will draw.
pub fn first_frame(lang: Lang) -> Result<String, String> {
    first_frame_with(Params::default(), lang)
}

/// The first frame of the page opened with `p` (tests: e.g. another seed).
pub fn first_frame_with(p: Params, lang: Lang) -> Result<String, String> {
    let narrow = render(p.clone(), lang, false)?;
    let wide = render(p, lang, true)?;
    let (from, to) = cluster_svg(&narrow)?;
    let (wfrom, wto) = cluster_svg(&wide)?;
    let mark = |svg: &str, class: &str| {
        svg.replacen(
            r#"class="cluster""#,
            &format!(r#"class="cluster {class}""#),
            1,
        )
    };
    Ok(format!(
        "{}{}{}{}",
        &narrow[..from],
        mark(&narrow[from..to], "ff-narrow"),
        mark(&wide[wfrom..wto], "ff-wide"),
        &narrow[to..]
    ))
}

/// Where the cluster's `<svg>` is in a rendered page (it holds no other svg).
fn cluster_svg(html: &str) -> Result<(usize, usize), String> {
    let class = html
        .find(r#"class="cluster""#)
        .ok_or("no cluster in the first frame")?;
    let from = html[..class]
        .rfind("<svg")
        .ok_or("the cluster is not an svg")?;
    let to = from
        + html[from..]
            .find("</svg>")
            .ok_or("the cluster's svg is not closed")?
        + "</svg>".len();
    Ok((from, to))
}

/// One rendering of the page opened with `p`, the cluster `wide` or not.
fn render(p: Params, lang: Lang, wide: bool) -> Result<String, String> {
    // Yew renders on a runtime worker; `App` reads its first state (and the
    // screen's shape) from that thread, so the worker sets them itself.
    let rt = yew::platform::Runtime::builder()
        .worker_threads(1)
        .build()
        .map_err(|e| format!("no runtime for the renderer: {e}"))?;
    let (tx, rx) = std::sync::mpsc::channel();
    rt.spawn_pinned(move || async move {
        set_start(p, lang, vec![]);
        super::hooks::wide::RENDER_WIDE.with(|w| w.set(wide));
        let html = yew::LocalServerRenderer::<App>::new()
            .hydratable(false)
            .render()
            .await;
        let _ = tx.send(html);
    });
    // A panic in the view drops `tx`: an error here, not a hang.
    rx.recv()
        .map_err(|_| "the first frame's renderer stopped (a panic in the view?)".to_string())
}
