//! Entry point: installs the recovery panel (panics, unhandled rejections) and mounts the app.

fn main() {
    cx_dashboard::recovery::install();
    leptos::mount::mount_to_body(cx_dashboard::App);
}
