use cx_engine::Dataset;
use leptos::prelude::*;

use crate::api::DatasetError;
use crate::components::ErrorPanel;
use crate::labels;
use crate::store::{use_store, Status};

/// Loading and error handling for every page, written once: asks the store for the datasets the
/// page needs, shows a spinner until each is loaded or has failed, names each failure with its
/// reason and a retry, then shows the page with whatever loaded.
#[component]
pub fn DataGate(
    /// The datasets the page reads.
    needs: &'static [Dataset],
    /// The page.
    children: ChildrenFn,
) -> impl IntoView {
    let store = use_store();
    // Ask again whenever the manifest arrives or a retry clears a failure.
    Effect::new(move |_| {
        store.manifest.track();
        store.status.track();
        store.need(needs);
    });
    let retry = Callback::new(move |()| store.retry());
    let state = Memo::new(move |_| {
        let statuses = store.status.get();
        let mut errors = Vec::new();
        let mut waiting = false;
        for d in needs {
            match statuses.get(d) {
                Some(Status::Ready) => {}
                Some(Status::Failed(reason)) => errors.push(DatasetError {
                    dataset: d.name().to_string(),
                    reason: reason.clone(),
                }),
                _ => waiting = true,
            }
        }
        (waiting, errors)
    });
    // Whether the manifest is read, not which: a newer publication swapped in updates the page
    // in place (its charts and tables follow the engine), so the scroll position stays.
    let manifest = Memo::new(move |_| store.manifest.with(|m| m.as_ref().map(|r| r.clone().err())));
    view! {
        {move || match manifest.get() {
            None => spinner().into_any(),
            Some(Some(e)) => view! { <ErrorPanel errors=vec![e] on_retry=retry /> }.into_any(),
            Some(None) => {
                let (waiting, errors) = state.get();
                if waiting {
                    spinner().into_any()
                } else {
                    view! {
                        {(!errors.is_empty()).then(|| view! { <ErrorPanel errors=errors on_retry=retry /> })}
                        {children()}
                    }
                        .into_any()
                }
            }
        }}
    }
}

fn spinner() -> impl IntoView {
    view! {
        <div class="loading" data-testid="loading" aria-busy="true">
            <div class="spinner"></div>
            {labels::loading()}
        </div>
    }
}
