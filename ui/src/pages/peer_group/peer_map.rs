//! The peer map: the people on it in a ring, their ties as lines, drawn in SVG so it works offline
//! and reads on a phone.

use leptos::prelude::*;
use waymark_core::peer_group::{PeerAssessment, PeerLevel, TieKind};
use waymark_core::RecordId;

use crate::i18n::t;

const SIZE: f64 = 320.0;
const CENTRE: f64 = SIZE / 2.0;
const RING: f64 = 118.0;

fn tie_class(kind: TieKind) -> &'static str {
    match kind {
        TieKind::Close => "tie tie-close",
        TieKind::Protective => "tie tie-protective",
        TieKind::WorriedAbout => "tie tie-worried",
        TieKind::Unknown => "tie tie-unknown",
    }
}

#[component]
pub fn PeerMap(assessment: RwSignal<PeerAssessment>) -> impl IntoView {
    let drawing = move || {
        assessment.with(|a| {
            let count = a.members.len().max(1) as f64;
            let position = |index: usize| {
                let angle = std::f64::consts::TAU * index as f64 / count - std::f64::consts::FRAC_PI_2;
                (CENTRE + RING * angle.cos(), CENTRE + RING * angle.sin())
            };
            let at = |id: RecordId| a.members.iter().position(|(m, _)| *m == id).map(position);
            let ties = a
                .ties
                .iter()
                .filter_map(|(_, tie)| Some((at(tie.from)?, at(tie.to)?, tie.kind)))
                .map(|((x1, y1), (x2, y2), kind)| view! { <line class=tie_class(kind) x1=x1 y1=y1 x2=x2 y2=y2/> })
                .collect_view();
            let people = a
                .members
                .iter()
                .enumerate()
                .map(|(index, (_, member))| {
                    let (x, y) = position(index);
                    view! {
                        <g class="person">
                            <circle cx=x cy=y r="24"/>
                            <text x=x y=y + 5.0 text-anchor="middle">{member.label.clone()}</text>
                        </g>
                    }
                })
                .collect_view();
            let centre = (a.subject.level == PeerLevel::One).then(|| view! {
                <g class="subject">
                    <circle cx=CENTRE cy=CENTRE r="34"/>
                    <text x=CENTRE y=CENTRE - 3.0 text-anchor="middle">{t("peer-young")}</text>
                    <text x=CENTRE y=CENTRE + 11.0 text-anchor="middle">{t("peer-person")}</text>
                </g>
            });
            view! {
                <svg class="peer-map" id="peer-map" viewBox=format!("0 0 {SIZE} {SIZE}") role="img" aria-label=t("peer-peer-map")>
                    {ties}
                    {centre}
                    {people}
                </svg>
            }
        })
    };
    view! {
        <section>
            <h2>{t("peer-peer-map")}</h2>
            {drawing}
            <p class="legend">
                <span class="key key-close"></span>{t("peer-key-close")}" "
                <span class="key key-protective"></span>{t("peer-key-protective")}" "
                <span class="key key-worried"></span>{t("peer-worried-about")}
            </p>
        </section>
    }
}
