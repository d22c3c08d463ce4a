use leptos::prelude::*;

use crate::i18n::t;

use crate::api::DatasetError;

/// Lists the datasets that could not be read, each with its reason, and offers a retry.
#[component]
pub fn ErrorPanel(
    /// The failures.
    errors: Vec<DatasetError>,
    /// Called when the user asks to try again.
    on_retry: Callback<()>,
) -> impl IntoView {
    view! {
        <section class="error-panel" role="alert" data-testid="error-panel">
            <h2>{t("No se pudieron cargar algunos datos", "Some data could not be loaded")}</h2>
            <ul>
                {errors
                    .into_iter()
                    .map(|e| {
                        let name = e.dataset.clone();
                        view! {
                            <li data-testid="dataset-error" data-dataset=name>
                                <strong>{e.dataset}</strong>
                                ": "
                                {e.reason.get().to_string()}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <button type="button" on:click=move |_| on_retry.run(())>{t("Reintentar", "Try again")}</button>
        </section>
    }
}
