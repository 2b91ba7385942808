//! A sketch of the walk in SVG: the route (broken, with a dashed line, where recording was
//! paused), the observations (urgent ones stand out), and the context's own point and outline.
//! It needs no signal: it stands on the map loaded on the device, or on a plain ground.

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::route::segments;
use waymark_core::{GeoPoint, RoutePoint, Walkabout};

use crate::i18n::{t, t_with, Arg};
use crate::map_drawing::{map_credit, map_tiles, Projection, HEIGHT, WIDTH};
use crate::{clock, commands};

/// "Recording paused: 19:10 to 19:25 (A.B.), 19:40 and not resumed".
fn pauses_line(walkabout: &Walkabout) -> String {
    let pauses: Vec<String> = walkabout
        .route_pauses
        .iter()
        .map(|pause| {
            let from = clock::clock_time(pause.paused_at);
            let until = match pause.resumed_at {
                Some(resumed) => t_with(
                    "sketch-paused-between",
                    &[
                        ("from", Arg::from(&from)),
                        ("until", Arg::from(&clock::clock_time(resumed))),
                    ],
                ),
                None => t_with("sketch-paused-not-resumed", &[("from", Arg::from(&from))]),
            };
            if pause.by.trim().is_empty() {
                until
            } else {
                format!("{until} ({})", pause.by)
            }
        })
        .collect();
    t_with(
        "sketch-recording-paused",
        &[("pauses", Arg::from(&pauses.join(", ")))],
    )
}

#[component]
pub fn SketchMap(current: RwSignal<Walkabout>, route_version: RwSignal<u32>) -> impl IntoView {
    let id = current.with_untracked(|w| w.id);
    let route = RwSignal::new(Vec::<RoutePoint>::new());
    let context_point = RwSignal::new(None::<GeoPoint>);
    let context_outline = RwSignal::new(Vec::<GeoPoint>::new());
    if let Some(context_id) = current.with_untracked(|w| w.plan.context_ids.first().copied()) {
        spawn_local(async move {
            if let Ok(context) = commands::get_context(context_id).await {
                context_point.try_set(context.location);
                context_outline.try_set(context.outline);
            }
        });
    }
    Effect::new(move |_| {
        route_version.track();
        current.with(|w| w.route.points);
        spawn_local(async move {
            if let Ok(points) = commands::walkabout_route(id).await {
                route.try_set(points);
            }
        });
    });

    let drawing = move || {
        let route = route.get();
        let observations: Vec<(GeoPoint, bool)> = current.with(|w| {
            w.observations
                .iter()
                .filter_map(|o| o.detail.location.point().map(|p| (p, o.detail.urgent)))
                .collect()
        });
        let context = context_point.get();
        let outline = context_outline.get();
        let all: Vec<GeoPoint> = route
            .iter()
            .map(|p| GeoPoint {
                lat: p.lat,
                lon: p.lon,
            })
            .chain(observations.iter().map(|(p, _)| *p))
            .chain(context)
            .chain(outline.iter().copied())
            .collect();
        let Some(projection) = Projection::fitting(&all) else {
            return view! { <p class="empty">{t("walkabout-nothing-to-draw-yet")}</p> }.into_any();
        };
        let xy = |p: &RoutePoint| {
            projection.xy(GeoPoint {
                lat: p.lat,
                lon: p.lon,
            })
        };
        let interruptions = current.with(Walkabout::route_interruptions);
        let pieces = segments(&route, &interruptions);
        let lines: Vec<String> = pieces
            .iter()
            .map(|piece| {
                piece
                    .iter()
                    .map(|p| {
                        let (x, y) = xy(p);
                        format!("{x:.1},{y:.1}")
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        // Where recording was paused: from the last point before to the first point after,
        // dashed, because nobody knows the way walked in between.
        let gaps: Vec<((f64, f64), (f64, f64))> = pieces
            .windows(2)
            .filter_map(|pair| Some((xy(pair[0].last()?), xy(pair[1].first()?))))
            .collect();
        view! {
            <svg class="sketch-map" id="sketch-map" viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img"
                aria-label=t("walkabout-sketch-map-of-the")>
                <rect class="map-ground" x="0" y="0" width=WIDTH height=HEIGHT/>
                {map_tiles(projection)}
                {(outline.len() >= 2).then(|| {
                    let corners = outline.iter().map(|p| {
                        let (x, y) = projection.xy(*p);
                        format!("{x:.1},{y:.1}")
                    }).collect::<Vec<_>>().join(" ");
                    view! { <polygon class="map-outline" points=corners/> }
                })}
                {context.map(|p| {
                    let (x, y) = projection.xy(p);
                    view! { <rect class="map-context" x=x - 7.0 y=y - 7.0 width="14" height="14"/> }
                })}
                {lines.into_iter().map(|line| view! { <polyline class="map-route" points=line/> }).collect_view()}
                {gaps.into_iter().map(|((x1, y1), (x2, y2))| view! {
                    <line class="map-interruption" x1=x1 y1=y1 x2=x2 y2=y2/>
                }).collect_view()}
                {observations.into_iter().map(|(p, urgent)| {
                    let (x, y) = projection.xy(p);
                    // An urgent concern is a warning triangle as well as red: its shape tells it
                    // apart for anyone who cannot tell the colours apart.
                    if urgent {
                        let points = format!("{x},{} {},{} {},{}", y - 12.0, x + 11.0, y + 8.0, x - 11.0, y + 8.0);
                        view! { <polygon class="map-observation map-urgent" points=points/> }.into_any()
                    } else {
                        view! { <circle class="map-observation" cx=x cy=y r="6"/> }.into_any()
                    }
                }).collect_view()}
            </svg>
        }.into_any()
    };

    view! {
        <section>
            <h2>{t("walkabout-sketch-map")}</h2>
            {drawing}
            {map_credit()}
            <p class="muted" id="route-points">{move || t_with("sketch-route-points", &[("points", Arg::from(route.with(Vec::len)))])}</p>
            {move || current.with(|w| (!w.route_pauses.is_empty()).then(|| view! {
                <p class="muted" id="route-interruptions">{pauses_line(w)}</p>
            }))}
            <p class="legend">
                <span class="key key-route"></span>{t("sketch-key-route")}" "
                <span class="key key-interruption"></span>{t("sketch-key-recording-paused")}" "
                <span class="key key-observation"></span>{t("sketch-key-observation")}" "
                <span class="key key-urgent"></span>{t("sketch-key-urgent")}" "
                <span class="key key-context"></span>{t("walkabout-the-context")}
            </p>
        </section>
    }
}
