//! Lemmas: suffix rules by Penn tag, corrected by a table of the words
//! whose treebank lemma the rules get wrong.

/// The lemma the rules give for `form` tagged `xpos`.
pub fn rule(form: &str, lower: &str, xpos: &str) -> String {
    if xpos.starts_with("NNP") {
        return form.to_string();
    }
    let w = lower;
    let strip = |n: usize| w[..w.len() - n].to_string();
    let ends = |s: &str| w.len() > s.len() + 1 && w.ends_with(s);
    let undouble = |stem: &str| -> String {
        let b = stem.as_bytes();
        let l = b.len();
        if l >= 3
            && b[l - 1] == b[l - 2]
            && !matches!(b[l - 1], b'l' | b's' | b'z' | b'f' | b'e' | b'o')
        {
            stem[..l - 1].to_string()
        } else {
            stem.to_string()
        }
    };
    match xpos {
        "NNS" | "VBZ" => {
            if ends("ies") {
                format!("{}y", &w[..w.len() - 3])
            } else if ends("sses") || ends("xes") || ends("ches") || ends("shes") || ends("zes") {
                strip(2)
            } else if ends("s") && !ends("ss") && !ends("us") && !ends("is") {
                strip(1)
            } else {
                w.to_string()
            }
        }
        "VBD" | "VBN" => {
            if ends("ied") {
                format!("{}y", &w[..w.len() - 3])
            } else if ends("ed") {
                let stem = &w[..w.len() - 2];
                let b = stem.as_bytes();
                let l = b.len();
                if l >= 2 && b[l - 1] == b[l - 2] {
                    undouble(stem)
                } else if ends("ated")
                    || ends("ized")
                    || ends("ised")
                    || ends("uced")
                    || ends("ured")
                {
                    format!("{stem}e")
                } else {
                    stem.to_string()
                }
            } else {
                w.to_string()
            }
        }
        "VBG" => {
            if ends("ing") && w.len() > 5 {
                let stem = &w[..w.len() - 3];
                let b = stem.as_bytes();
                let l = b.len();
                if l >= 2 && b[l - 1] == b[l - 2] {
                    undouble(stem)
                } else if ends("ating")
                    || ends("izing")
                    || ends("ising")
                    || ends("ucing")
                    || ends("uring")
                {
                    format!("{stem}e")
                } else {
                    stem.to_string()
                }
            } else {
                w.to_string()
            }
        }
        "JJR" | "RBR" if ends("er") => undouble(&strip(2)),
        "JJS" | "RBS" if ends("est") => undouble(&strip(3)),
        _ => w.to_string(),
    }
}
