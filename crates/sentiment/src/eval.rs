//! Scoring a labeled set: per-class precision, recall, F1, macro-F1 and the confusion matrix.

use std::fmt;

use crate::Label;

/// Parses `label<TAB>kind<TAB>text` lines; `#` lines and blank lines are skipped.
///
/// # Errors
/// A line without three fields or with an unknown label, by line number.
pub fn parse_tsv(data: &str) -> Result<Vec<(Label, String, String)>, String> {
    let mut out = Vec::new();
    for (i, line) in data.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut f = line.splitn(3, '\t');
        let (Some(l), Some(kind), Some(text)) = (f.next(), f.next(), f.next()) else {
            return Err(format!("line {}: expected label<TAB>kind<TAB>text", i + 1));
        };
        let label = Label::parse(l)
            .ok_or_else(|| format!("line {}: label {l:?} is not pos, neu or neg", i + 1))?;
        out.push((label, kind.to_string(), text.to_string()));
    }
    Ok(out)
}

/// Precision, recall and F1 of one class.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClassScore {
    /// Of the texts predicted as the class, the share that is.
    pub precision: f64,
    /// Of the texts of the class, the share found.
    pub recall: f64,
    /// Harmonic mean of both (0 when both are 0).
    pub f1: f64,
    /// Texts of the class.
    pub support: usize,
}

/// Scores of a prediction against the gold labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Per class, in [`Label::ALL`] order.
    pub classes: [ClassScore; 3],
    /// Mean F1 over the three classes.
    pub macro_f1: f64,
    /// Share predicted right.
    pub accuracy: f64,
    /// `confusion[gold][predicted]`, in [`Label::ALL`] order.
    pub confusion: [[usize; 3]; 3],
}

fn idx(l: Label) -> usize {
    match l {
        Label::Neg => 0,
        Label::Neu => 1,
        Label::Pos => 2,
    }
}

impl Report {
    /// Scores `predicted` against `gold` (same length).
    pub fn new(gold: &[Label], predicted: &[Label]) -> Report {
        let mut confusion = [[0usize; 3]; 3];
        for (g, p) in gold.iter().zip(predicted) {
            confusion[idx(*g)][idx(*p)] += 1;
        }
        let classes = [0, 1, 2].map(|c| {
            let tp = confusion[c][c] as f64;
            let predicted: usize = (0..3).map(|g| confusion[g][c]).sum();
            let support: usize = confusion[c].iter().sum();
            let precision = if predicted == 0 {
                0.0
            } else {
                tp / predicted as f64
            };
            let recall = if support == 0 {
                0.0
            } else {
                tp / support as f64
            };
            let f1 = if precision + recall == 0.0 {
                0.0
            } else {
                2.0 * precision * recall / (precision + recall)
            };
            ClassScore {
                precision,
                recall,
                f1,
                support,
            }
        });
        let total = gold.len().max(1) as f64;
        Report {
            macro_f1: classes.iter().map(|c| c.f1).sum::<f64>() / 3.0,
            accuracy: (0..3).map(|c| confusion[c][c]).sum::<usize>() as f64 / total,
            classes,
            confusion,
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "macro-F1 {:.3}   accuracy {:.3}",
            self.macro_f1, self.accuracy
        )?;
        writeln!(f, "class  precision  recall     F1  support")?;
        for (l, c) in Label::ALL.iter().zip(&self.classes) {
            writeln!(
                f,
                "{:5}  {:9.3}  {:6.3}  {:5.3}  {:7}",
                l.as_str(),
                c.precision,
                c.recall,
                c.f1,
                c.support
            )?;
        }
        write!(f, "confusion (rows gold, columns predicted: neg neu pos)")?;
        for (l, row) in Label::ALL.iter().zip(&self.confusion) {
            write!(
                f,
                "\n{:5}  {:4} {:4} {:4}",
                l.as_str(),
                row[0],
                row[1],
                row[2]
            )?;
        }
        Ok(())
    }
}
