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

/// Scores a set and checks its size and macro-F1 floor.
fn assert_floor(data: &str, name: &str, min_texts: usize, floor: f64) -> Report {
    let (n, r) = score(data);
    assert!(
        n >= min_texts,
        "{name} must hold at least {min_texts} texts, it has {n}"
    );
    println!("{name}: {n} texts\n{r}");
    assert!(
        r.macro_f1 >= floor,
        "{name}: macro-F1 {:.3} fell below {floor}\n{r}",
        r.macro_f1
    );
    r
}

#[test]
fn development_set_macro_f1_stays_above_its_floor() {
    let r = assert_floor(include_str!("../eval/dev.tsv"), "dev", 400, 0.85);
    for c in &r.classes {
        assert!(c.f1 >= 0.80, "a class F1 fell below 0.80\n{r}");
    }
}

#[test]
fn held_out_sets_macro_f1_stay_above_the_target() {
    assert_floor(include_str!("../eval/holdout.tsv"), "holdout", 100, 0.75);
    assert_floor(include_str!("../eval/holdout2.tsv"), "holdout2", 40, 0.75);
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
