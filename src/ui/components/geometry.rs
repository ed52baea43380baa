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

/// A point `t` (0..=1) of the way from the edge of `from` to the edge of `to`,
/// shifted sideways by `side` so that opposite directions do not overlap.
pub fn along(from: NodeId, to: NodeId, n: u8, t: f64, side: f64) -> (f64, f64) {
    let (x0, y0) = position(from, n);
    let (x1, y1) = position(to, n);
    let (dx, dy) = (x1 - x0, y1 - y0);
    let len = (dx * dx + dy * dy).sqrt().max(1.0);
    let (ux, uy) = (dx / len, dy / len);
    let r = node_radius(n) + 6.0;
    let (sx, sy) = (x0 + ux * r, y0 + uy * r);
    let span = (len - 2.0 * r).max(0.0);
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
    fn messages_travel_from_edge_to_edge() {
        let (x0, y0) = along(1, 2, 5, 0.0, 0.0);
        let (x1, y1) = along(1, 2, 5, 1.0, 0.0);
        let (ax, ay) = position(1, 5);
        let (bx, by) = position(2, 5);
        let d = |x: f64, y: f64, cx: f64, cy: f64| ((x - cx).powi(2) + (y - cy).powi(2)).sqrt();
        assert!((d(x0, y0, ax, ay) - 52.0).abs() < 0.01);
        assert!((d(x1, y1, bx, by) - 52.0).abs() < 0.01);
    }
}
