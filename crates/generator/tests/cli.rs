//! The `cx-generate` command line: exit codes and messages.

use std::process::Command;

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_cx-generate"))
        .args(args)
        .output()
        .expect("the binary runs")
}

#[test]
fn bad_scale_exits_2_and_names_the_flag() {
    let out = run(&["--scale", "ten"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--scale expects an integer"), "{err}");
}

#[test]
fn unknown_argument_exits_2_with_usage() {
    let out = run(&["--sede", "1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("usage: cx-generate"));
}

#[test]
fn out_of_range_scale_fails_without_writing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("lake");
    let o = run(&[
        "--scale",
        "1001",
        "--out",
        out.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("between 1 and 1000"));
    assert!(std::fs::read_dir(dir.path()).expect("ls").next().is_none());
}

#[test]
fn help_exits_0() {
    let out = run(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("--scale"));
}

#[test]
fn a_folder_that_is_not_a_lake_is_never_replaced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("proyecto");
    std::fs::create_dir(&out).expect("mkdir");
    std::fs::write(out.join("tesis.docx"), b"irreplaceable").expect("write");
    let o = run(&["--out", out.to_str().expect("utf-8 path")]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("not a lake written by cx-generate"), "{err}");
    assert_eq!(
        std::fs::read(out.join("tesis.docx")).expect("still there"),
        b"irreplaceable"
    );
    // Nothing else was written beside it either.
    assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 1);
    // A file in place of the folder is refused too.
    let file = dir.path().join("lake.txt");
    std::fs::write(&file, b"x").expect("write");
    let o = run(&["--out", file.to_str().expect("utf-8 path")]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read(&file).expect("kept"), b"x");
}
