//! "Is it getting safer?": a context's outcome measures, each drawn over time as a small chart
//! (SVG, offline) with the plan's actions marked on the day they were done, and the forms to
//! choose a measure and to record a period's figure.

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::outcome::{
    chart, BetterWhen, MeasureDraft, MeasureKind, MeasureView, MeasurementDraft, ObservationFilter,
    OutcomeMonitoring, CHART_HEIGHT, CHART_LEFT, CHART_MARGIN, CHART_WIDTH,
};
use waymark_core::vocabulary::{ConcernType, Valence};
use waymark_core::{RecordId, ValidationError};

use crate::commands;
use crate::field::{chips, field_error, Errors};
use crate::i18n::{t, t_with, Arg, Named};

#[component]
pub fn OutcomeMeasures(context_id: RecordId) -> impl IntoView {
    let monitoring = RwSignal::new(OutcomeMonitoring::default());
    spawn_local(async move {
        if let Ok(found) = commands::outcome_monitoring(context_id).await {
            monitoring.try_set(found);
        }
    });
    view! {
        <section class="panel" id="outcome-measures">
            <h2>{t("journey-is-it-getting-safer")}</h2>
            <p class="hint">{t("journey-each-measure-over-time")}</p>
            {move || monitoring.with(|m| m.measures.is_empty().then(|| view! {
                <p class="muted">{t("journey-no-measures-chosen-yet")}</p>
            }))}
            {move || {
                let m = monitoring.get();
                m.measures.into_iter().map(|view| {
                    let markers = m.markers.clone();
                    view! { <MeasureChart context_id view markers monitoring/> }
                }).collect_view()
            }}
            <NewMeasure context_id monitoring/>
        </section>
    }
}

#[component]
fn MeasureChart(
    context_id: RecordId,
    view: MeasureView,
    markers: Vec<waymark_core::outcome::Marker>,
    monitoring: RwSignal<OutcomeMonitoring>,
) -> impl IntoView {
    let drawn = chart(&view.points, &markers);
    let measure = view.measure;
    let line: String = drawn
        .points
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ");
    let better = match measure.draft.better_when {
        BetterWhen::Lower => t("outcomes-lower-is-safer"),
        BetterWhen::Higher => t("outcomes-higher-is-safer"),
    };
    let latest = view.points.last().map(|p| match measure.draft.kind {
        MeasureKind::YesNo => t_with(
            "outcomes-latest-yes-no",
            &[
                (
                    "answer",
                    Arg::from(if p.value >= 1.0 { "yes" } else { "no" }),
                ),
                ("date", Arg::from(&p.date.to_string())),
            ],
        ),
        _ => t_with(
            "outcomes-latest",
            &[
                ("value", Arg::from(&p.value.to_string())),
                ("unit", Arg::from(&measure.draft.unit)),
                ("date", Arg::from(&p.date.to_string())),
            ],
        ),
    });
    let values = view
        .points
        .iter()
        .map(|p| format!("{} {}", p.date, p.value))
        .collect::<Vec<_>>()
        .join("; ");
    let kind = measure.draft.kind;
    view! {
        <div class="measure" data-values=values>
            <h3>{measure.draft.name.clone()}</h3>
            <p class="muted">{format!("{} · {better}", kind.named())}</p>
            <svg class="measure-chart" viewBox=format!("0 0 {CHART_WIDTH} {CHART_HEIGHT}") role="img"
                aria-label=t_with("outcomes-over-time", &[("measure", Arg::from(&measure.draft.name))])>
                <line class="axis" x1=CHART_LEFT y1=CHART_HEIGHT - CHART_MARGIN x2=CHART_WIDTH - CHART_MARGIN y2=CHART_HEIGHT - CHART_MARGIN></line>
                <line class="axis" x1=CHART_LEFT y1=CHART_MARGIN x2=CHART_LEFT y2=CHART_HEIGHT - CHART_MARGIN></line>
                <text x="4" y=CHART_MARGIN + 5.0 class="chart-label">{format!("{}", drawn.top)}</text>
                <text x="4" y=CHART_HEIGHT - CHART_MARGIN class="chart-label">"0"</text>
                {drawn.markers.iter().map(|(x, label)| view! {
                    <line class="action-marker" x1=*x y1=CHART_MARGIN x2=*x y2=CHART_HEIGHT - CHART_MARGIN><title>{label.clone()}</title></line>
                }).collect_view()}
                <polyline class="measure-line" points=line></polyline>
                {drawn.points.iter().map(|(x, y)| view! { <circle class="measure-point" cx=*x cy=*y r="5"></circle> }).collect_view()}
            </svg>
            <p class="chart-dates muted">{drawn.first_date} " – " {drawn.last_date}</p>
            {latest.map(|l| view! { <p class="latest">{l}</p> })}
            {(!markers.is_empty()).then(|| view! {
                <ul class="plain-list markers">
                    {markers.iter().map(|m| view! { <li>{format!("{}: {}", m.date, m.label)}</li> }).collect_view()}
                </ul>
            })}
            {(kind != MeasureKind::WalkaboutDerived).then(|| view! {
                <RecordFigure context_id measure_id=measure.id kind monitoring/>
            })}
        </div>
    }
}

#[component]
fn RecordFigure(
    context_id: RecordId,
    measure_id: RecordId,
    kind: MeasureKind,
    monitoring: RwSignal<OutcomeMonitoring>,
) -> impl IntoView {
    let errors = Errors::new();
    let start = RwSignal::new(String::new());
    let end = RwSignal::new(String::new());
    let value = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let respondents = RwSignal::new(String::new());
    let record = move |_| {
        errors.clear_all();
        let typed = value.get_untracked();
        let Ok(number) = typed.trim().parse::<f64>() else {
            return errors.show(&ValidationError::MeasureNotWholeNumber.into(), "value");
        };
        let figure = MeasurementDraft {
            period_start: start.get_untracked(),
            period_end: end.get_untracked(),
            value: number,
            source_note: note.get_untracked(),
            respondents: respondents.get_untracked().trim().parse().ok(),
        };
        spawn_local(async move {
            match commands::record_measurement(context_id, measure_id, figure).await {
                Ok(updated) => monitoring.set(updated),
                Err(error) => errors.show(&error, "value"),
            }
        });
    };
    view! {
        <fieldset class="record-figure">
            <legend>{t("journey-record-a-figure")}</legend>
            <div class="pair">
                <label class="inline-field">{t("outcomes-period-from")}" " <input class="period-start" type="date" prop:value=start on:input=move |ev| start.set(event_target_value(&ev))/></label>
                <label class="inline-field">{t("outcomes-period-to")}" " <input class="period-end" type="date" prop:value=end on:input=move |ev| end.set(event_target_value(&ev))/></label>
            </div>
            {match kind {
                MeasureKind::YesNo => view! {
                    <select class="figure-value" aria-label=t("journey-yes-or-no") on:change=move |ev| value.set(event_target_value(&ev))>
                        <option value="" selected=true disabled=true>{t("journey-yes-or-no")}</option>
                        <option value="1">{t("journey-yes")}</option>
                        <option value="0">{t("journey-no")}</option>
                    </select>
                }.into_any(),
                MeasureKind::SurveyShare => view! {
                    <input class="figure-value" type="text" inputmode="decimal" aria-label=t("journey-per-cent") placeholder=t("journey-per-cent-of-those")
                        prop:value=value on:input=move |ev| value.set(event_target_value(&ev))/>
                }.into_any(),
                _ => view! {
                    <input class="figure-value" type="text" inputmode="numeric" aria-label=t("walkabout-how-many") placeholder=t("walkabout-how-many")
                        prop:value=value on:input=move |ev| value.set(event_target_value(&ev))/>
                }.into_any(),
            }}
            {(kind == MeasureKind::SurveyShare).then(|| view! {
                <input class="figure-respondents" type="text" inputmode="numeric" aria-label=t("journey-how-many-answered")
                    placeholder=t("journey-how-many-answered-the")
                    prop:value=respondents on:input=move |ev| respondents.set(event_target_value(&ev))/>
                <p class="hint">{t("journey-figures-from-fewer-people")}</p>
                {field_error(errors, "respondents")}
            })}
            <input class="figure-source" type="text" aria-label=t("journey-where-the-figure-comes") placeholder=t("journey-where-it-comes-from")
                prop:value=note on:input=move |ev| note.set(event_target_value(&ev))/>
            {field_error(errors, "value")}
            {field_error(errors, "period_end")}
            {field_error(errors, "date")}
            <button class="secondary record-figure-button" on:click=record>{t("journey-record-the-figure")}</button>
        </fieldset>
    }
}

#[component]
fn NewMeasure(context_id: RecordId, monitoring: RwSignal<OutcomeMonitoring>) -> impl IntoView {
    let errors = Errors::new();
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(MeasureKind::WalkaboutDerived.code().to_owned());
    let unit = RwSignal::new(String::new());
    let lower_is_better = RwSignal::new(true);
    let concerns = RwSignal::new(Vec::<ConcernType>::new());
    let add = move |_| {
        errors.clear_all();
        let Some(chosen) = MeasureKind::from_code(&kind.get_untracked()) else {
            return;
        };
        let concern_types = concerns.get_untracked();
        let filter = ObservationFilter {
            valence: Some(Valence::Concern),
            concern_types,
            ..ObservationFilter::default()
        };
        let measure = MeasureDraft {
            name: name.get_untracked(),
            kind: chosen,
            unit: unit.get_untracked(),
            better_when: if lower_is_better.get_untracked() {
                BetterWhen::Lower
            } else {
                BetterWhen::Higher
            },
            filter: if chosen == MeasureKind::WalkaboutDerived {
                filter
            } else {
                ObservationFilter::default()
            },
        };
        spawn_local(async move {
            match commands::add_measure(context_id, measure).await {
                Ok(updated) => {
                    monitoring.set(updated);
                    name.try_set(String::new());
                    unit.try_set(String::new());
                    concerns.try_set(Vec::new());
                }
                Err(error) => errors.show(&error, "measure_name"),
            }
        });
    };
    view! {
        <fieldset id="new-measure">
            <legend>{t("journey-choose-a-measure")}</legend>
            <input id="measure-name" type="text" aria-label=t("journey-name-of-the-measure") placeholder=t("journey-e-g-concerns-seen")
                prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
            {field_error(errors, "measure_name")}
            <select id="measure-kind" aria-label=t("journey-how-it-is-measured") on:change=move |ev| kind.set(event_target_value(&ev))>
                {MeasureKind::ALL.iter().map(|k| view! {
                    <option value=k.code() selected=*k == MeasureKind::WalkaboutDerived>{k.named()}</option>
                }).collect_view()}
            </select>
            {move || (kind.get() == MeasureKind::WalkaboutDerived.code()).then(|| view! {
                <p class="hint">{t("journey-counts-the-concerns-seen")}</p>
                {chips("measure-concerns", ConcernType::ALL, ConcernType::named, concerns)}
            })}
            <input id="measure-unit" type="text" aria-label=t("journey-what-is-counted") placeholder=t("journey-what-is-counted-e")
                prop:value=unit on:input=move |ev| unit.set(event_target_value(&ev))/>
            <label class="check">
                <input id="measure-higher-is-better" type="checkbox" prop:checked=move || !lower_is_better.get()
                    on:change=move |ev| lower_is_better.set(!event_target_checked(&ev))/>
                " " {t("outcomes-higher-is-safer-choice")}
            </label>
            <button id="add-measure" class="secondary" on:click=add>{t("journey-add-the-measure")}</button>
        </fieldset>
    }
}
