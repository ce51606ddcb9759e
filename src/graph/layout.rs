//! A deterministic force-directed layout (Fruchterman–Reingold with a pull
//! towards the centre), for the sinks that carry positions: the HTML page
//! and the yEd flavour of GraphML.
//!
//! No randomness and no trigonometry: start positions come from a hash of
//! each actor's id, and only `+ - * / sqrt` are used, which IEEE 754 rounds
//! the same everywhere, so the same graph gets the same positions on every
//! machine. Positions are rounded to 0.1 before they are returned.

use super::BriefGraph;
use std::collections::HashMap;

/// A position in pixels, `y` growing downwards.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// Positions of the graph's actors, in actor order, inside a square whose
/// side grows with the square root of the number of actors.
pub fn layout(graph: &BriefGraph) -> Vec<Point> {
    let ids: Vec<&str> = graph.actors().map(|a| a.id.as_str()).collect();
    let n = ids.len();
    if n == 0 {
        return Vec::new();
    }
    let index: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let mut links: Vec<(usize, usize)> = graph
        .relations()
        .map(|r| (index[r.source.as_str()], index[r.target.as_str()]))
        .filter(|(a, b)| a != b)
        .map(|(a, b)| (a.min(b), a.max(b)))
        .collect();
    links.sort_unstable();
    links.dedup();

    let side = 160.0 * (n as f64).sqrt();
    let k = side / (n as f64).sqrt() * 0.9;
    let mut pos: Vec<Point> = ids
        .iter()
        .map(|id| {
            let h = fnv(id.as_bytes());
            Point {
                x: ((h & 0xffff) as f64 / 65535.0 - 0.5) * side,
                y: (((h >> 16) & 0xffff) as f64 / 65535.0 - 0.5) * side,
            }
        })
        .collect();
    let iterations = if n > 2000 { 60 } else { 400 };
    let mut temperature = side / 8.0;
    let cool = temperature / (iterations as f64 + 1.0);
    let mut disp = vec![Point { x: 0.0, y: 0.0 }; n];
    for _ in 0..iterations {
        for d in disp.iter_mut() {
            *d = Point { x: 0.0, y: 0.0 };
        }
        for i in 0..n {
            for j in (i + 1)..n {
                let (dx, dy) = (pos[i].x - pos[j].x, pos[i].y - pos[j].y);
                let d2 = (dx * dx + dy * dy).max(0.01);
                let f = k * k / d2;
                disp[i].x += dx * f;
                disp[i].y += dy * f;
                disp[j].x -= dx * f;
                disp[j].y -= dy * f;
            }
        }
        for &(a, b) in &links {
            let (dx, dy) = (pos[a].x - pos[b].x, pos[a].y - pos[b].y);
            let d = (dx * dx + dy * dy).sqrt().max(0.1);
            let f = d / k;
            disp[a].x -= dx * f;
            disp[a].y -= dy * f;
            disp[b].x += dx * f;
            disp[b].y += dy * f;
        }
        for i in 0..n {
            // Gravity keeps separate components on the page.
            disp[i].x -= pos[i].x * 0.05 * k / side * 10.0;
            disp[i].y -= pos[i].y * 0.05 * k / side * 10.0;
            let len = (disp[i].x * disp[i].x + disp[i].y * disp[i].y).sqrt();
            if len > 0.0 {
                let step = len.min(temperature);
                pos[i].x += disp[i].x / len * step;
                pos[i].y += disp[i].y / len * step;
            }
        }
        temperature = (temperature - cool).max(1.0);
    }
    let min_x = pos.iter().map(|p| p.x).fold(f64::INFINITY, f64::min);
    let min_y = pos.iter().map(|p| p.y).fold(f64::INFINITY, f64::min);
    pos.iter()
        .map(|p| Point {
            x: round1(p.x - min_x + 60.0),
            y: round1(p.y - min_y + 40.0),
        })
        .collect()
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

fn fnv(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::GraphBuilder;
    use crate::model::Actor;

    #[test]
    fn layout_is_deterministic_and_separates_actors() {
        let mut b = GraphBuilder::new("t");
        for id in ["a", "b", "c", "d"] {
            b.add_actor(Actor::new(id, id, "state"));
        }
        let g = b.finish();
        let p = layout(&g);
        assert_eq!(p, layout(&g));
        for i in 0..p.len() {
            for j in (i + 1)..p.len() {
                let d = ((p[i].x - p[j].x).powi(2) + (p[i].y - p[j].y).powi(2)).sqrt();
                assert!(d > 40.0, "{i} and {j} overlap: {d}");
            }
        }
    }
}
