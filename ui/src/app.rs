use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::workspace_settings::WalkaboutLabel;
use waymark_core::RecordId;

use crate::commands;
use crate::i18n::t;
use crate::lock::{watch_idle, Lock, LockScreen};
use crate::on_demand::{self, when_fetched};
use crate::overdue_banner::OverdueBanner;
use crate::pages::{HomePage, ReferralStart};
use crate::sync_bar::SyncBar;

/// Where the app is. Kept in one signal so any page can move the practitioner on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Route {
    Home,
    NewContext,
    Context(RecordId),
    PlanWalkabout(RecordId),
    Walkabout(RecordId),
    Settings,
    NewLevelOneMap,
    PeerAssessment(RecordId),
    SchoolAssessment(RecordId),
    /// The workspace's audit log, or one record's, for a manager.
    AuditLog(Option<RecordId>),
    /// The workspace's people, for a manager.
    People,
    /// The workspace's own settings, for a manager.
    WorkspaceSettings,
    /// The records due for erasure in the next 30 days, for a manager.
    Retention,
    /// The front door's form for a new context, empty or started from other work.
    NewReferral(Option<ReferralStart>),
    Referral(RecordId),
    Conference(RecordId),
    Plan(RecordId),
    /// The local area's reviews of its own system, and a new one.
    SystemReviews,
    SystemReview(RecordId),
}

impl Route {
    /// Whether the page shows records that a sync may change under it, rather than a form for a
    /// record not yet saved or a page of settings.
    fn shows_synced_records(self) -> bool {
        matches!(
            self,
            Route::Home
                | Route::Context(_)
                | Route::Walkabout(_)
                | Route::PeerAssessment(_)
                | Route::SchoolAssessment(_)
                | Route::Referral(_)
                | Route::Conference(_)
                | Route::Plan(_)
                | Route::SystemReviews
                | Route::SystemReview(_)
        )
    }
}

/// Whether the workspace is set up for real records (P18), for the banner every screen shows.
#[derive(Debug, Clone, Copy)]
pub struct WorkspaceReady(pub RwSignal<bool>);

/// Raised to draw the records again from the home page, in a language just chosen.
#[derive(Debug, Clone, Copy)]
pub struct Redraw(pub RwSignal<u64>);

/// What the workspace calls a walkabout, as last synced; a manager's own change updates it at
/// once.
#[derive(Debug, Clone, Copy)]
pub struct WalkaboutWords(pub RwSignal<WalkaboutLabel>);

/// What this workspace calls a walkabout. Call it while a page is being built.
pub fn walkabout_words() -> RwSignal<WalkaboutLabel> {
    use_context::<WalkaboutWords>()
        .map(|WalkaboutWords(words)| words)
        .unwrap_or_else(|| RwSignal::new(default_walkabout_words()))
}

/// What a walkabout is called where the workspace has not named it, in the interface's language.
fn default_walkabout_words() -> WalkaboutLabel {
    WalkaboutLabel {
        one: t("walkabout-word-one"),
        many: t("walkabout-word-many"),
    }
}

/// The current route. Call this while a page is being built, not from an event handler or a
/// task, which run outside the component tree and cannot see its context.
pub fn use_route() -> RwSignal<Route> {
    expect_context::<RwSignal<Route>>()
}

#[component]
pub fn App() -> impl IntoView {
    let lock = Lock(RwSignal::new(None));
    provide_context(lock);
    let redraw = Redraw(RwSignal::new(0));
    provide_context(redraw);
    // A data folder the app cannot use is explained, and left as it was.
    let unusable = RwSignal::new(None::<String>);
    let answered =
        move || lock.0.with_untracked(Option::is_some) || unusable.with_untracked(Option::is_some);
    let ask = move || {
        spawn_local(async move {
            let answer = commands::lock_state().await;
            if answered() {
                return;
            }
            match answer {
                Ok(state) => lock.0.set(Some(state)),
                Err(error) => unusable.set(Some(error.message)),
            }
        });
    };
    ask();
    // Until the first answer comes, the screen is blank. Asking again, which changes nothing,
    // means an answer lost between the page and the shell leaves it blank for seconds, not for
    // good: the end-to-end tests once saw that first answer never arrive on a loaded machine.
    if let Ok(handle) = set_interval_with_handle(
        move || {
            if !answered() {
                ask();
            }
        },
        std::time::Duration::from_secs(3),
    ) {
        Effect::new(move |_| {
            if lock.0.with(Option::is_some) || unusable.with(Option::is_some) {
                handle.clear();
            }
        });
    }
    watch_idle(lock);
    // The records are drawn once the device is first unlocked, and stay mounted under the lock
    // screen after that, so that a walkabout in progress goes on recording. A reset or a wipe
    // closes the store, and nothing of them stays on the screen.
    let opened = RwSignal::new(false);
    Effect::new(move |_| {
        // Set once while open: setting it again would draw the records anew and lose the page.
        if lock.unlocked() && !opened.get_untracked() {
            opened.set(true);
        } else if !lock.is_open() && lock.0.with(Option::is_some) && opened.get_untracked() {
            opened.set(false);
        }
    });
    view! {
        <LockScreen lock/>
        {move || unusable.get().map(|message| view! {
            <section class="lock-screen">
                <h1>{t("app-cannot-open")}</h1>
                <p class="panel-error" id="store-error" role="alert">{message}</p>
            </section>
        })}
        {move || {
            redraw.0.track();
            opened.get().then(|| view! { <Records/> })
        }}
    }
}

/// The app itself, once unlocked.
#[component]
fn Records() -> impl IntoView {
    let route = RwSignal::new(Route::Home);
    provide_context(route);
    // Raised when a sync changed records on this device: the open page is built again.
    let revision = RwSignal::new(0_u64);
    // Whether the workspace's managers have set it up for real records, as last synced; a
    // manager's own change to the settings updates it at once.
    let ready = RwSignal::new(false);
    provide_context(WorkspaceReady(ready));
    let words = RwSignal::new(default_walkabout_words());
    provide_context(WalkaboutWords(words));
    crate::map_drawing::LoadedMap::provide();
    crate::drafts::Drafts::provide();
    crate::unsent::watch();
    Effect::new(move |_| {
        route.track();
        crate::unsent::forget();
    });
    Effect::new(move |_| {
        revision.track();
        route.track();
        spawn_local(async move {
            if let Ok(Some(directory)) = commands::workspace_directory().await {
                ready.try_set(directory.settings.ready_for_real_records());
                let named = directory
                    .settings
                    .walkabout_label
                    .clone()
                    .unwrap_or_else(default_walkabout_words);
                if words.with_untracked(|w| *w != named) {
                    words.try_set(named);
                }
            }
        });
    });
    view! {
        <div class="app">
            // Privacy rule P18: until the workspace has its DPIA, controller and escalation
            // card, no screen may suggest it is ready for real records.
            {move || (!ready.get()).then(|| view! {
                <p class="banner" role="status" id="not-ready">
                    {t("app-demo-banner")}
                </p>
            })}
            <header class="topbar">
                <button class="brand" on:click=move |_| route.set(Route::Home)>{t("app-name")}</button>
                <button id="settings" class="link" on:click=move |_| route.set(Route::Settings)>{t("app-settings")}</button>
            </header>
            <SyncBar revision/>
            <OverdueBanner/>
            <main>
                {move || {
                    let shown = route.get();
                    // A page that shows synced records is drawn anew when a sync changed them,
                    // but not while a field has focus (`SyncBar`). What was typed and not yet
                    // sent is carried into the new page (`unsent`); the erase forms also keep
                    // their confirmation line (`Drafts`).
                    if shown.shows_synced_records() {
                        revision.track();
                    }
                    match shown {
                        Route::Home => view! { <HomePage/> }.into_any(),
                        Route::NewContext => when_fetched(on_demand::new_context_page()),
                        Route::Context(id) => when_fetched(on_demand::context_page(id)),
                        Route::PlanWalkabout(context_id) => when_fetched(on_demand::plan_walkabout_page(context_id)),
                        Route::Walkabout(id) => when_fetched(on_demand::walkabout_page(id)),
                        Route::Settings => when_fetched(on_demand::settings_page()),
                        Route::NewLevelOneMap => when_fetched(on_demand::new_level_one_map_page()),
                        Route::PeerAssessment(id) => when_fetched(on_demand::peer_assessment_page(id)),
                        Route::SchoolAssessment(id) => when_fetched(on_demand::school_assessment_page(id)),
                        Route::AuditLog(record) => when_fetched(on_demand::audit_log_page(record)),
                        Route::People => when_fetched(on_demand::people_page()),
                        Route::WorkspaceSettings => when_fetched(on_demand::workspace_settings_page()),
                        Route::Retention => when_fetched(on_demand::retention_page()),
                        Route::NewReferral(start) => when_fetched(on_demand::new_referral_page(start)),
                        Route::Referral(id) => when_fetched(on_demand::referral_page(id)),
                        Route::Conference(id) => when_fetched(on_demand::conference_page(id)),
                        Route::Plan(id) => when_fetched(on_demand::plan_page(id)),
                        Route::SystemReviews => when_fetched(on_demand::system_reviews_page()),
                        Route::SystemReview(id) => when_fetched(on_demand::system_review_page(id)),
                    }
                }}
            </main>
        </div>
    }
}
