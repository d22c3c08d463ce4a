//! The development set's scores as floors (quality, not time): a change that makes the model
//! worse on the set fails here. Figures are reported in BENCHMARKS.md.

use sentiment::eval::{parse_tsv, Report};
use sentiment::{analyze, Label};

fn score(data: &str) -> (usize, Report) {
    let set = parse_tsv(data).expect("the set parses");
    let gold: Vec<Label> = set.iter().map(|(l, _, _)| *l).collect();
    let predicted: Vec<Label> = set.iter().map(|(_, _, t)| analyze(t).label).collect();
    (set.len(), Report::new(&gold, &predicted))
}

#[test]
fn development_set_macro_f1_stays_above_its_floor() {
    let (n, r) = score(include_str!("../eval/dev.tsv"));
    assert!(
        n >= 400,
        "the development set must hold at least 400 texts, it has {n}"
    );
    println!("{r}");
    assert!(
        r.macro_f1 >= 0.85,
        "macro-F1 {:.3} fell below 0.85\n{r}",
        r.macro_f1
    );
    for c in &r.classes {
        assert!(c.f1 >= 0.80, "a class F1 fell below 0.80\n{r}");
    }
}

#[test]
fn held_out_set_macro_f1_stays_above_the_target() {
    let (n, r) = score(include_str!("../eval/holdout.tsv"));
    assert!(
        n >= 100,
        "the held-out set must hold at least 100 texts, it has {n}"
    );
    println!("{r}");
    assert!(
        r.macro_f1 >= 0.75,
        "macro-F1 {:.3} fell below the 0.75 target\n{r}",
        r.macro_f1
    );
}

#[test]
fn second_held_out_set_macro_f1_stays_above_the_target() {
    let (n, r) = score(include_str!("../eval/holdout2.tsv"));
    assert!(
        n >= 40,
        "the second held-out set must hold at least 40 texts, it has {n}"
    );
    println!("{r}");
    assert!(
        r.macro_f1 >= 0.75,
        "macro-F1 {:.3} fell below the 0.75 target\n{r}",
        r.macro_f1
    );
}

#[test]
fn every_label_of_the_sets_is_valid_and_texts_are_unique() {
    let mut seen = std::collections::HashSet::new();
    for data in [
        include_str!("../eval/dev.tsv"),
        include_str!("../eval/holdout.tsv"),
    ] {
        for (_, _, t) in parse_tsv(data).expect("parses") {
            assert!(seen.insert(t.to_lowercase()), "duplicate text: {t}");
        }
    }
}
