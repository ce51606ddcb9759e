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

/// Positions of the graph's actors, in actor order. Each connected
/// component is laid out on its own, then the components are packed in
/// rows, largest first, so small islands sit beside the main network
/// rather than being pushed to the far edges.
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

    // Connected components, each listed in actor order.
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for &(a, b) in &links {
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of: HashMap<usize, usize> = HashMap::new();
    for i in 0..n {
        let r = root(&mut parent, i);
        let g = *group_of.entry(r).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(i);
    }
    groups.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));

    let spacing = 120.0;
    let mut boxes: Vec<(Vec<usize>, Vec<Point>, f64, f64)> = Vec::new();
    for members in groups {
        let local: HashMap<usize, usize> =
            members.iter().enumerate().map(|(j, &i)| (i, j)).collect();
        let edges: Vec<(usize, usize)> = links
            .iter()
            .filter(|(a, _)| local.contains_key(a))
            .map(|(a, b)| (local[a], local[b]))
            .collect();
        let names: Vec<&str> = members.iter().map(|&i| ids[i]).collect();
        let pos = force(&names, &edges, spacing);
        let min_x = pos.iter().map(|p| p.x).fold(f64::INFINITY, f64::min);
        let min_y = pos.iter().map(|p| p.y).fold(f64::INFINITY, f64::min);
        let pos: Vec<Point> = pos
            .iter()
            .map(|p| Point {
                x: p.x - min_x,
                y: p.y - min_y,
            })
            .collect();
        let w = pos.iter().map(|p| p.x).fold(0.0, f64::max);
        let h = pos.iter().map(|p| p.y).fold(0.0, f64::max);
        boxes.push((members, pos, w, h));
    }

    // Shelf packing: rows no wider than the largest component (or a square).
    let area: f64 = boxes
        .iter()
        .map(|b| (b.2 + spacing) * (b.3 + spacing))
        .sum();
    let row_width = boxes[0].2.max(area.sqrt());
    let mut out = vec![Point { x: 0.0, y: 0.0 }; n];
    let (mut x, mut y, mut row_height) = (0.0f64, 0.0f64, 0.0f64);
    for (members, pos, w, h) in boxes {
        if x > 0.0 && x + w > row_width {
            x = 0.0;
            y += row_height + spacing;
            row_height = 0.0;
        }
        for (j, &i) in members.iter().enumerate() {
            out[i] = Point {
                x: round1(pos[j].x + x + 60.0),
                y: round1(pos[j].y + y + 40.0),
            };
        }
        x += w + spacing;
        row_height = row_height.max(h);
    }
    out
}

/// Fruchterman–Reingold on one connected component, with ideal edge length `k`.
fn force(ids: &[&str], links: &[(usize, usize)], k: f64) -> Vec<Point> {
    let n = ids.len();
    let side = k * (n as f64).sqrt();
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
    if n == 1 {
        return pos;
    }
    let iterations = if n > 2000 { 60 } else { 400 };
    let mut temperature = side / 6.0;
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
        for &(a, b) in links {
            let (dx, dy) = (pos[a].x - pos[b].x, pos[a].y - pos[b].y);
            let d = (dx * dx + dy * dy).sqrt().max(0.1);
            let f = d / k;
            disp[a].x -= dx * f;
            disp[a].y -= dy * f;
            disp[b].x += dx * f;
            disp[b].y += dy * f;
        }
        for i in 0..n {
            // A gentle pull to the centre keeps leaves from drifting off.
            disp[i].x -= pos[i].x * 0.1;
            disp[i].y -= pos[i].y * 0.1;
            let len = (disp[i].x * disp[i].x + disp[i].y * disp[i].y).sqrt();
            if len > 0.0 {
                let step = len.min(temperature);
                pos[i].x += disp[i].x / len * step;
                pos[i].y += disp[i].y / len * step;
            }
        }
        temperature = (temperature - cool).max(1.0);
    }
    pos
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
