//! Dev tool: scores the corpus with trees read from CoNLL-U files
//! (`briefgraph parse NAME.txt -o DIR/NAME.conllu`).
use briefgraph::extract::{self, tree::conllu, Extractor};
use std::sync::Arc;
fn main() {
    let mut args = std::env::args().skip(1);
    let corpus = std::path::PathBuf::from(args.next().unwrap());
    let trees = std::path::PathBuf::from(args.next().unwrap());
    let show = args.next().is_some();
    let names = briefgraph::eval::corpus_briefs(&corpus).unwrap();
    let mut rows = Vec::new();
    for name in names {
        let text = std::fs::read_to_string(corpus.join(format!("{name}.txt"))).unwrap();
        let brief = extract::Brief::parse(&text);
        let c = std::fs::read_to_string(trees.join(format!("{name}.conllu"))).unwrap();
        let sentences = conllu::read_ranged(&c, &text, brief.offset).unwrap();
        let bank = conllu::Treebank {
            text: String::new(),
            sentences,
        };
        let ex = Extractor::builtin().with_parser(Arc::new(bank));
        let out = ex.extract(&name, &text);
        let graph = extract::assemble(&name, [out]);
        let gold_p = corpus.join(format!("{name}.gold.tsv"));
        let gold =
            briefgraph::eval::parse_gold(&gold_p, &std::fs::read_to_string(&gold_p).unwrap())
                .unwrap();
        let ap = corpus.join(format!("{name}.actors.tsv"));
        let actors =
            briefgraph::eval::parse_actors(&ap, &std::fs::read_to_string(&ap).unwrap()).unwrap();
        let e = briefgraph::eval::evaluate(&graph, &gold, &actors);
        if show {
            println!("== {name}\n{}", e.report());
        }
        rows.push((name, e));
    }
    print!("{}", briefgraph::eval::corpus_report(&rows));
}
