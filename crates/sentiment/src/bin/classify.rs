//! Reads JSON lines with a `text` field on standard input and writes the same lines, in order,
//! with `label` (`pos`, `neu`, `neg`) and `score` (−1..1) added.
//!
//!     cargo run --release -p sentiment --bin classify < texts.jsonl > labeled.jsonl
//!
//! A bad line (not JSON, not an object, no string `text`) gets an error on stderr naming the line
//! and goes out with `label: null` and `score: null` — kept whole as `{"line": "<the line>", …}`
//! when it is not a JSON object. The command never stops on a bad line; a count of bad lines
//! ends the error output. Exit status 2 only when the output cannot be written.

use std::io::{self, BufRead, BufWriter, Write};
use std::process::ExitCode;

use serde_json::{Map, Value};

fn main() -> ExitCode {
    let stdin = io::stdin();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut bad = 0usize;
    for (i, line) in stdin.lock().lines().enumerate() {
        let n = i + 1;
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                eprintln!("classify: line {n}: cannot read it ({e})");
                bad += 1;
                if write(&mut out, &bad_line("")).is_err() {
                    return ExitCode::from(2);
                }
                continue;
            }
        };
        let result = match serde_json::from_str::<Value>(&line) {
            Ok(Value::Object(mut obj)) => match obj.get("text") {
                Some(Value::String(text)) => {
                    let (label, score) = sentiment::classify(text);
                    obj.insert("label".into(), Value::from(label.as_str()));
                    obj.insert("score".into(), Value::from(round(score)));
                    Value::Object(obj)
                }
                other => {
                    let what = match other {
                        None => "has no \"text\" field".to_string(),
                        Some(v) => format!("has a \"text\" that is {}, not a string", kind(v)),
                    };
                    eprintln!("classify: line {n}: the object {what}");
                    bad += 1;
                    obj.insert("label".into(), Value::Null);
                    obj.insert("score".into(), Value::Null);
                    Value::Object(obj)
                }
            },
            Ok(v) => {
                eprintln!(
                    "classify: line {n}: expected a JSON object with a \"text\" field, got {}",
                    kind(&v)
                );
                bad += 1;
                bad_line(&line)
            }
            Err(e) => {
                eprintln!("classify: line {n}: not valid JSON ({e})");
                bad += 1;
                bad_line(&line)
            }
        };
        if write(&mut out, &result).is_err() {
            return ExitCode::from(2);
        }
    }
    if out.flush().is_err() {
        return ExitCode::from(2);
    }
    if bad > 0 {
        eprintln!("classify: {bad} bad line(s) passed through with label null");
    }
    ExitCode::SUCCESS
}

fn round(x: f32) -> f64 {
    (f64::from(x) * 10_000.0).round() / 10_000.0
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn bad_line(line: &str) -> Value {
    let mut obj = Map::new();
    obj.insert("line".into(), Value::from(line));
    obj.insert("label".into(), Value::Null);
    obj.insert("score".into(), Value::Null);
    Value::Object(obj)
}

fn write(out: &mut impl Write, v: &Value) -> io::Result<()> {
    serde_json::to_writer(&mut *out, v)?;
    out.write_all(b"\n")
}
