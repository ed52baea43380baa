//! Where things go in the cluster drawing (a 600 × 600 SVG view box).

use crate::raft::NodeId;

/// Sine and cosine: the browser's own in wasm (saves shipping libm), std natively.
#[cfg(target_arch = "wasm32")]
pub fn sin_cos(a: f64) -> (f64, f64) {
    (js_sys::Math::sin(a), js_sys::Math::cos(a))
}
#[cfg(not(target_arch = "wasm32"))]
pub fn sin_cos(a: f64) -> (f64, f64) {
    a.sin_cos()
}

/// The layout is drawn in a 600 × 600 square.
pub const VIEW: f64 = 600.0;
/// The part of that square the drawing uses (crown to vote labels), so the
/// servers fill the space they are given.
pub const VIEW_BOX: &str = "30 6 540 570";
/// The right edge of [`VIEW_BOX`].
pub const VIEW_RIGHT: f64 = 570.0;
const CENTER: f64 = VIEW / 2.0;

/// Radius of a server's circle for a cluster of `n`.
pub fn node_radius(n: u8) -> f64 {
    match n {
        0..=5 => 46.0,
        6..=7 => 38.0,
        _ => 34.0,
    }
}

fn ring_radius(n: u8) -> f64 {
    if n <= 1 {
        0.0
    } else if n <= 5 {
        195.0
    } else {
        205.0
    }
}

/// Centre of server `id` (1-based) on the ring, S1 at the top, clockwise.
pub fn position(id: NodeId, n: u8) -> (f64, f64) {
    let angle = -std::f64::consts::FRAC_PI_2
        + 2.0 * std::f64::consts::PI * (id as f64 - 1.0) / n.max(1) as f64;
    let r = ring_radius(n);
    let (sin, cos) = sin_cos(angle);
    (CENTER + r * cos, CENTER - 20.0 + r * sin)
}

/// The view box with a row of spare servers under the ring.
pub const VIEW_BOX_SPARES: &str = "30 6 540 690";
/// Where the row of spares sits.
const SPARE_Y: f64 = 632.0;

/// The view box with a row of spare servers under the ring.
/// Wide screens (the page's two-column layout: a projector, a laptop) get the
/// ring drawn as an ellipse in a wide, short view box: the drawing's height is
/// what limits its scale there, so everything in it comes out about a fifth
/// larger than on the circle.
pub const WIDE_QUERY: &str = "(min-width: 981px)";
const WIDE_BOX: &str = "-40 36 680 490";
const WIDE_BOX_SPARES: &str = "-40 36 680 590";
const WIDE_RIGHT: f64 = 640.0;
const WIDE_CENTER_Y: f64 = 280.0;
const WIDE_SPARE_Y: f64 = 565.0;

/// The ring's radii (horizontal, vertical) on a wide screen: as tall as the
/// box allows above the top server (crown, vote chips: r + 33) and below the
/// lowest (labels: r + 66).
fn wide_radii(n: u8) -> (f64, f64) {
    if n <= 1 {
        return (0.0, 0.0);
    }
    let r = node_radius(n);
    let lowest = (0..n)
        .map(|k| {
            sin_cos(2.0 * std::f64::consts::PI * k as f64 / n as f64 - std::f64::consts::FRAC_PI_2)
                .0
        })
        .fold(0.0, f64::max);
    let above = WIDE_CENTER_Y - 37.0 - r - 33.0;
    let below = 525.0 - WIDE_CENTER_Y - r - 66.0;
    let rx = if n <= 5 { 285.0 } else { 295.0 };
    (rx, above.min(below / lowest))
}

/// Where every server sits: the configuration's members on the ring (in id
/// order), the spares in a row under it. `pos[id - 1]` is (x, y, radius).
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub pos: Vec<(f64, f64, f64)>,
    /// Servers on the ring (sizes the labels).
    pub ring: u8,
    pub spares: bool,
    /// The SVG view box, its right edge, and where the configuration's label
    /// goes (its top-left corner).
    pub view_box: &'static str,
    pub right: f64,
    pub corner: (f64, f64),
}

impl Layout {
    /// The circle: `members[id - 1]` says whether server `id` is on the ring.
    pub fn new(members: &[bool]) -> Layout {
        Layout::shaped(members, false)
    }

    /// The circle, or the ellipse of a `wide` screen ([`WIDE_QUERY`]).
    pub fn shaped(members: &[bool], wide: bool) -> Layout {
        let ring = members.iter().filter(|&&m| m).count() as u8;
        let spares = members.len() - ring as usize;
        let gap = (480.0 / spares.max(1) as f64).min(110.0);
        let sr = (gap / 2.0 - 8.0).min(28.0);
        let spare_y = if wide { WIDE_SPARE_Y } else { SPARE_Y };
        let (mut k, mut j) = (0, 0);
        let pos = members
            .iter()
            .map(|&m| {
                if m {
                    k += 1;
                    let (x, y) = if wide {
                        wide_position(k, ring)
                    } else {
                        position(k, ring)
                    };
                    (x, y, node_radius(ring))
                } else {
                    j += 1;
                    let x = 300.0 + (j as f64 - 0.5 - spares as f64 / 2.0) * gap;
                    (x, spare_y, sr)
                }
            })
            .collect();
        let spares = spares > 0;
        let (view_box, right, corner) = match (wide, spares) {
            (false, false) => (VIEW_BOX, VIEW_RIGHT, (36.0, 24.0)),
            (false, true) => (VIEW_BOX_SPARES, VIEW_RIGHT, (36.0, 24.0)),
            (true, false) => (WIDE_BOX, WIDE_RIGHT, (-34.0, 56.0)),
            (true, true) => (WIDE_BOX_SPARES, WIDE_RIGHT, (-34.0, 56.0)),
        };
        Layout {
            pos,
            ring,
            spares,
            view_box,
            right,
            corner,
        }
    }

    /// Centre and radius of server `id`.
    pub fn at(&self, id: NodeId) -> (f64, f64, f64) {
        self.pos
            .get(id as usize - 1)
            .copied()
            .unwrap_or((CENTER, CENTER, 30.0))
    }
}

/// Centre of server `id` on the wide screen's ellipse, S1 at the top.
fn wide_position(id: NodeId, n: u8) -> (f64, f64) {
    let angle = -std::f64::consts::FRAC_PI_2
        + 2.0 * std::f64::consts::PI * (id as f64 - 1.0) / n.max(1) as f64;
    let (rx, ry) = wide_radii(n);
    let (sin, cos) = sin_cos(angle);
    (CENTER + rx * cos, WIDE_CENTER_Y + ry * sin)
}

/// A point `t` (0..=1) of the way from the edge of `from` to the edge of `to`,
/// shifted sideways by `side` so that opposite directions do not overlap.
pub fn along(from: NodeId, to: NodeId, l: &Layout, t: f64, side: f64) -> (f64, f64) {
    let (x0, y0, r0) = l.at(from);
    let (x1, y1, r1) = l.at(to);
    let (dx, dy) = (x1 - x0, y1 - y0);
    let len = (dx * dx + dy * dy).sqrt().max(1.0);
    let (ux, uy) = (dx / len, dy / len);
    let (r0, r1) = (r0 + 6.0, r1 + 6.0);
    let (sx, sy) = (x0 + ux * r0, y0 + uy * r0);
    let span = (len - r0 - r1).max(0.0);
    // Perpendicular to the right of the direction of travel.
    let (px, py) = (-uy * side, ux * side);
    (sx + ux * span * t + px, sy + uy * span * t + py)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn servers_sit_inside_the_view_and_apart() {
        for n in 1..=9u8 {
            for id in 1..=n {
                let (x, y) = position(id, n);
                let r = node_radius(n);
                assert!(
                    x - r > 0.0 && x + r < VIEW && y - r > 0.0 && y + r + 60.0 < VIEW,
                    "{id}/{n}"
                );
                for other in 1..id {
                    let (ox, oy) = position(other, n);
                    assert!(
                        ((x - ox).powi(2) + (y - oy).powi(2)).sqrt() > 2.0 * r,
                        "{id} and {other} of {n} overlap"
                    );
                }
            }
        }
    }

    #[test]
    fn spares_sit_in_a_row_under_the_ring() {
        for spares in 1..=8usize {
            let mut m = vec![true; 9 - spares];
            m.extend(vec![false; spares]);
            let l = Layout::new(&m);
            let (_, ry, rr) = l.at(1);
            assert!(ry - rr > 0.0);
            for id in (10 - spares as u8)..=9 {
                let (x, y, r) = l.at(id);
                assert!(
                    x - r > 30.0 && x + r < 570.0 && y + r + 30.0 < 696.0,
                    "{id}"
                );
                assert!(y - r > 560.0, "{id} under the ring's labels");
            }
        }
    }

    /// The ellipse: every server, its crown and its labels inside the wide
    /// view box (x −40…640, y 36…526), and no two servers touching.
    #[test]
    fn on_a_wide_screen_servers_sit_inside_the_view_and_apart() {
        for n in 1..=9u8 {
            let l = Layout::shaped(&vec![true; n as usize], true);
            assert_eq!(l.view_box, WIDE_BOX);
            for id in 1..=n {
                let (x, y, r) = l.at(id);
                assert!(x - r > -40.0 && x + r < 640.0, "{id}/{n} x");
                // Crown and vote chips above (r + 33), labels below (r + 66).
                assert!(y - r - 33.0 > 36.0 && y + r + 66.0 < 526.0, "{id}/{n} y");
                for other in 1..id {
                    let (ox, oy, _) = l.at(other);
                    assert!(
                        ((x - ox).powi(2) + (y - oy).powi(2)).sqrt() > 2.0 * r + 20.0,
                        "{id} and {other} of {n} too close"
                    );
                }
            }
        }
        // Spares under the ring, inside the taller box (y 36…626).
        let l = Layout::shaped(&[true, true, true, false, false], true);
        assert_eq!(l.view_box, WIDE_BOX_SPARES);
        let (_, y, r) = l.at(4);
        assert!(y - r > l.at(2).1 + 46.0 + 44.0 && y + r + 30.0 < 626.0);
    }

    #[test]
    fn messages_travel_from_edge_to_edge() {
        let l = Layout::new(&[true; 5]);
        let (x0, y0) = along(1, 2, &l, 0.0, 0.0);
        let (x1, y1) = along(1, 2, &l, 1.0, 0.0);
        let (ax, ay) = position(1, 5);
        let (bx, by) = position(2, 5);
        let d = |x: f64, y: f64, cx: f64, cy: f64| ((x - cx).powi(2) + (y - cy).powi(2)).sqrt();
        assert!((d(x0, y0, ax, ay) - 52.0).abs() < 0.01);
        assert!((d(x1, y1, bx, by) - 52.0).abs() < 0.01);
    }
}
