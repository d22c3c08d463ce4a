//! Scores the model on a labeled set: macro-F1, per-class precision, recall and F1, the confusion
//! matrix, and (with `--errors`) every misclassified text with its evidence.
//!
//!     cargo run --release -p sentiment --bin evaluate [-- FILE.tsv] [--errors] [--speed]
//!
//! FILE is `label<TAB>kind<TAB>text` lines (`#` comments); the default is the development set.

use std::process::ExitCode;

use sentiment::{analyze, Label};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let errors = args.iter().any(|a| a == "--errors");
    let speed = args.iter().any(|a| a == "--speed");
    let path = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .cloned()
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/eval/dev.tsv").to_string());
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("evaluate: cannot read {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let set = match sentiment::eval::parse_tsv(&text) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("evaluate: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    if speed {
        // Throughput: every text of the set, 200 times, after one warm-up call (the lexicon is
        // built on first use and timed separately).
        let t0 = std::time::Instant::now();
        let _ = analyze("hola");
        let build = t0.elapsed();
        let rounds = 200;
        let t1 = std::time::Instant::now();
        let mut pos = 0usize;
        for _ in 0..rounds {
            for (_, _, t) in &set {
                pos += usize::from(analyze(t).label == Label::Pos);
            }
        }
        let secs = t1.elapsed().as_secs_f64();
        let n = (rounds * set.len()) as f64;
        let chars: usize = set.iter().map(|(_, _, t)| t.chars().count()).sum();
        println!(
            "lexicon built in {:.1} ms; {:.0} texts/s ({:.1} µs per text, {:.0} characters on average; {pos} positives)",
            build.as_secs_f64() * 1e3,
            n / secs,
            secs / n * 1e6,
            chars as f64 / set.len() as f64
        );
        return ExitCode::SUCCESS;
    }
    let predicted: Vec<Label> = set.iter().map(|(_, _, t)| analyze(t).label).collect();
    let gold: Vec<Label> = set.iter().map(|(l, _, _)| *l).collect();
    let report = sentiment::eval::Report::new(&gold, &predicted);
    println!("{path}: {} texts", set.len());
    println!("{report}");
    if errors {
        for ((gold, kind, t), p) in set.iter().zip(&predicted) {
            if gold != p {
                let a = analyze(t);
                let ev: Vec<String> = a
                    .evidence
                    .iter()
                    .map(|e| format!("{}={:+.1}{:?}", e.text, e.weight, e.rules))
                    .collect();
                println!(
                    "{} → {} [{kind}] {:+.2} {t}\n      {} {:?}",
                    gold.as_str(),
                    p.as_str(),
                    a.points,
                    ev.join(" "),
                    a.notes
                );
            }
        }
    }
    ExitCode::SUCCESS
}
