//! What the packets on the wire are: one colour per phase, each with its names.

use super::super::text::zt;
use crate::text::Lang;
use yew::prelude::*;

#[derive(PartialEq)]
pub struct ZabLegendProps {
    pub lang: Lang,
}

/// A view function: a few fixed lines.
pub fn zab_legend(p: &ZabLegendProps) -> Html {
    let t = zt(p.lang);
    let chip = |fam: &'static str, phase: &str, names: &str| {
        html! {
            <li class={format!("fam-{fam}")}><span class="chip" aria-hidden="true"></span>
                <strong>{ phase.to_string() }</strong>{ " " }<code>{ names.to_string() }</code></li>
        }
    };
    html! {
        <ul class="zab-legend" aria-label={t.legend} data-testid="legend">
            <li class="fam-election"><span class="dot" aria-hidden="true">{ "5" }</span>{ t.legend_vote }</li>
            { chip("discovery", t.discovery, "FOLLOWERINFO LEADERINFO ACKEPOCH") }
            { chip("sync", t.synchronization, "DIFF TRUNC SNAP NEWLEADER UPTODATE") }
            { chip("broadcast", t.broadcast, "PROPOSAL ACK COMMIT") }
            { chip("ping", "", "PING") }
        </ul>
    }
}
