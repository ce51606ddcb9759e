//! The page's colours, chosen to stay apart for colour-blind readers, and
//! the check that they do: every pair of colours of one palette must stay
//! distinguishable (CIE76 ΔE ≥ [`MIN_DELTA_E`]) in normal vision and under
//! simulated protanopia, deuteranopia and tritanopia (Machado, Oliveira and
//! Fernandes 2009, severity 1).

/// Actor kinds: Okabe–Ito's eight colours, a dark grey for events and a
/// light grey for the rest.
pub const KINDS: [(&str, &str); 9] = [
    ("state", "#0072B2"),
    ("organization", "#E69F00"),
    ("person", "#CC79A7"),
    ("armed-group", "#D55E00"),
    ("military", "#009E73"),
    ("place", "#56B4E9"),
    ("facility", "#F0E442"),
    ("agreement", "#000000"),
    ("event", "#555555"),
];

/// Any other kind.
pub const OTHER_KIND: &str = "#DDDDDD";

/// Clusters, largest first: Paul Tol's "muted" scheme; the clusters past
/// the ninth share [`OTHER_CLUSTER`].
pub const CLUSTERS: [&str; 9] = [
    "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255",
    "#AA4499",
];

pub const OTHER_CLUSTER: &str = "#DDDDDD";

/// The colour of an actor kind.
pub fn kind_colour(kind: &str) -> &'static str {
    KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(OTHER_KIND, |(_, c)| c)
}

/// The smallest ΔE allowed between two colours of one palette.
pub const MIN_DELTA_E: f64 = 15.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vision {
    Normal,
    Protanopia,
    Deuteranopia,
    Tritanopia,
}

pub const VISIONS: [Vision; 4] = [
    Vision::Normal,
    Vision::Protanopia,
    Vision::Deuteranopia,
    Vision::Tritanopia,
];

fn matrix(v: Vision) -> [[f64; 3]; 3] {
    match v {
        Vision::Normal => [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
        Vision::Protanopia => [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ],
        Vision::Deuteranopia => [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ],
        Vision::Tritanopia => [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ],
    }
}

fn linear(c: f64) -> f64 {
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// `#RRGGBB` as CIE L*a*b* (D65) as seen with `vision`.
pub fn lab(hex: &str, vision: Vision) -> [f64; 3] {
    let h = hex.trim_start_matches('#');
    let ch =
        |i: usize| linear(u8::from_str_radix(&h[i..i + 2], 16).expect("hex colour") as f64 / 255.0);
    let rgb = [ch(0), ch(2), ch(4)];
    let m = matrix(vision);
    let sim: Vec<f64> = m
        .iter()
        .map(|row| (row[0] * rgb[0] + row[1] * rgb[1] + row[2] * rgb[2]).clamp(0.0, 1.0))
        .collect();
    let (r, g, b) = (sim[0], sim[1], sim[2]);
    let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
    let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    let f = |t: f64| {
        if t > 216.0 / 24389.0 {
            t.cbrt()
        } else {
            (24389.0 / 27.0 * t + 16.0) / 116.0
        }
    };
    let (fx, fy, fz) = (f(x), f(y), f(z));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

/// CIE76 colour difference between two colours seen with `vision`.
pub fn delta_e(a: &str, b: &str, vision: Vision) -> f64 {
    let (p, q) = (lab(a, vision), lab(b, vision));
    ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2) + (p[2] - q[2]).powi(2)).sqrt()
}

/// The closest pair of a palette over every vision: (ΔE, a, b, vision).
pub fn closest_pair<'a>(colours: &[&'a str]) -> (f64, &'a str, &'a str, Vision) {
    let mut best = (f64::INFINITY, "", "", Vision::Normal);
    for (i, a) in colours.iter().enumerate() {
        for b in &colours[i + 1..] {
            for v in VISIONS {
                let d = delta_e(a, b, v);
                if d < best.0 {
                    best = (d, a, b, v);
                }
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Stance;
    use crate::sinks::dot::stance_colour;

    #[test]
    fn the_simulation_is_sane() {
        // Red and green, far apart in normal vision, nearly merge for a
        // deuteranope; white stays white.
        assert!(delta_e("#FF0000", "#00FF00", Vision::Normal) > 80.0);
        assert!(
            delta_e("#CC3333", "#669900", Vision::Deuteranopia)
                < delta_e("#CC3333", "#669900", Vision::Normal) / 2.0
        );
        assert!(lab("#FFFFFF", Vision::Protanopia)[0] > 99.0);
    }

    #[test]
    fn palettes_stay_apart_for_colour_blind_readers() {
        let mut kinds: Vec<&str> = KINDS.iter().map(|(_, c)| *c).collect();
        kinds.push(OTHER_KIND);
        let mut clusters = CLUSTERS.to_vec();
        clusters.push(OTHER_CLUSTER);
        let stances: Vec<&str> = [Stance::Cooperative, Stance::Conflictual, Stance::Structural]
            .into_iter()
            .map(stance_colour)
            .collect();
        for (name, palette) in [
            ("kinds", kinds),
            ("clusters", clusters),
            ("stances", stances),
        ] {
            let (d, a, b, v) = closest_pair(&palette);
            assert!(
                d >= MIN_DELTA_E,
                "{name}: {a} and {b} are only ΔE {d:.1} apart with {v:?}"
            );
        }
    }
}
