//! A context's write-up for a panel, as an A4 PDF made on the device: the classification banner
//! and the sharing decision on every page (privacy rule P15), the outline with the observations'
//! points, the journey's steps by date, the plan's actions with owners and dates, and each
//! measure's chart. What is written comes from fields whose words are chosen from lists, or are
//! the place's and the plan's own: no note, description, outcome or case reference is read.

use printpdf::{
    BuiltinFont, Color, Line, LinePoint, Mm, Op, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rgb, TextItem,
};
use waymark_core::outcome::{chart, OutcomeMonitoring, CHART_HEIGHT, CHART_WIDTH};
use waymark_core::plan::Plan;
use waymark_core::timeline::TimelineEntry;
use waymark_core::{Context, GeoPoint};

/// What the write-up is made from.
#[derive(Debug, Clone)]
pub struct PanelWriteUp<'a> {
    pub classification: &'a str,
    /// The number of the sharing decision it is shared under, where one is recorded.
    pub sharing_decision: Option<i64>,
    /// Year-month-day.
    pub made_on: &'a str,
    pub context: &'a Context,
    pub timeline: &'a [TimelineEntry],
    pub plans: &'a [Plan],
    pub outcomes: &'a OutcomeMonitoring,
    /// Where observations were made, already coarsened to the workspace's grid.
    pub observation_points: &'a [GeoPoint],
    /// The grid's width in metres, said beside the map.
    pub grid_metres: u32,
}

const PAGE_WIDTH: f32 = 210.0;
const PAGE_HEIGHT: f32 = 297.0;
pub(crate) const LEFT: f32 = 18.0;
const TOP: f32 = 272.0;
const BOTTOM: f32 = 22.0;
/// Characters of 10 pt Helvetica that fit across the text column, near enough.
const LINE_CHARS: usize = 92;

/// Builds pages top to bottom, starting a new page when the next block would not fit.
pub(crate) struct Pages<'a> {
    done: Vec<PdfPage>,
    pub(crate) ops: Vec<Op>,
    pub(crate) y: f32,
    banner: String,
    footer: String,
    title: &'a str,
}

fn black() -> Color {
    Color::Rgb(Rgb {
        r: 0.1,
        g: 0.1,
        b: 0.1,
        icc_profile: None,
    })
}

pub(crate) fn colour(r: f32, g: f32, b: f32) -> Color {
    Color::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

pub(crate) fn text_at(ops: &mut Vec<Op>, x: f32, y: f32, size: f32, bold: bool, text: &str) {
    let font = if bold {
        BuiltinFont::HelveticaBold
    } else {
        BuiltinFont::Helvetica
    };
    ops.extend([
        Op::StartTextSection,
        Op::SetFillColor { col: black() },
        Op::SetTextCursor {
            pos: Point::new(Mm(x), Mm(y)),
        },
        Op::SetFont {
            font: PdfFontHandle::Builtin(font),
            size: Pt(size),
        },
        Op::ShowText {
            items: vec![TextItem::Text(plain(text))],
        },
        Op::EndTextSection,
    ]);
}

pub(crate) fn line(ops: &mut Vec<Op>, points: &[(f32, f32)], closed: bool) {
    ops.push(Op::DrawLine {
        line: Line {
            points: points
                .iter()
                .map(|(x, y)| LinePoint {
                    p: Point::new(Mm(*x), Mm(*y)),
                    bezier: false,
                })
                .collect(),
            is_closed: closed,
        },
    });
}

/// The built-in fonts know Latin-1; anything else becomes a plain stand-in.
pub(crate) fn plain(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '·' | '•' => '-',
            '–' | '—' => '-',
            '‘' | '’' => '\'',
            '“' | '”' => '"',
            c if (c as u32) < 0x100 => c,
            _ => '?',
        })
        .collect()
}

/// Splits text into lines of at most `width` characters, at spaces where it can.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

impl<'a> Pages<'a> {
    /// Pages whose every one carries `classification` at top and bottom, and names `title` and
    /// the sharing decision at the foot.
    pub(crate) fn new(classification: &str, sharing_decision: Option<i64>, title: &'a str) -> Self {
        let footer = match sharing_decision {
            Some(number) => format!("Shared under sharing decision {number}"),
            None => "No sharing decision recorded: do not share until one is".to_owned(),
        };
        Self {
            done: Vec::new(),
            ops: Vec::new(),
            y: TOP,
            banner: classification.to_owned(),
            footer,
            title,
        }
    }

    /// Room for `height` millimetres more, on a new page if this one is full.
    pub(crate) fn room(&mut self, height: f32) {
        if self.y - height < BOTTOM {
            self.finish_page();
        }
    }

    fn finish_page(&mut self) {
        let mut ops = std::mem::take(&mut self.ops);
        let number = self.done.len() + 1;
        for y in [PAGE_HEIGHT - 12.0, 10.0] {
            text_at(&mut ops, LEFT, y, 11.0, true, &self.banner);
        }
        text_at(
            &mut ops,
            LEFT + 60.0,
            10.0,
            8.0,
            false,
            &format!("{} - {} - page {number}", self.title, self.footer),
        );
        self.done
            .push(PdfPage::new(Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT), ops));
        self.y = TOP;
    }

    pub(crate) fn heading(&mut self, text: &str) {
        self.room(14.0);
        self.y -= 8.0;
        text_at(&mut self.ops, LEFT, self.y, 13.0, true, text);
        self.y -= 3.0;
    }

    pub(crate) fn paragraph(&mut self, text: &str) {
        for row in wrap(text, LINE_CHARS) {
            self.room(5.5);
            self.y -= 5.0;
            text_at(&mut self.ops, LEFT, self.y, 10.0, false, &row);
        }
    }

    pub(crate) fn into_pages(mut self) -> Vec<PdfPage> {
        self.finish_page();
        self.done
    }
}

/// The outline and the observations' points, drawn in a box `width` × `height` millimetres
/// whose bottom-left corner is at `(x, y)`, north up.
fn sketch(
    ops: &mut Vec<Op>,
    x: f32,
    y: f32,
    width: f32,
    height: f32,
    outline: &[GeoPoint],
    points: &[GeoPoint],
) {
    ops.push(Op::SetOutlineColor {
        col: colour(0.5, 0.5, 0.5),
    });
    ops.push(Op::SetOutlineThickness { pt: Pt(0.5) });
    line(
        ops,
        &[
            (x, y),
            (x + width, y),
            (x + width, y + height),
            (x, y + height),
        ],
        true,
    );
    let all: Vec<&GeoPoint> = outline.iter().chain(points).collect();
    if all.is_empty() {
        return;
    }
    let (mut min_lat, mut max_lat, mut min_lon, mut max_lon) =
        (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for p in &all {
        min_lat = min_lat.min(p.lat);
        max_lat = max_lat.max(p.lat);
        min_lon = min_lon.min(p.lon);
        max_lon = max_lon.max(p.lon);
    }
    // Equal scales east and north, as on the ground, with a margin.
    let shrink = ((min_lat + max_lat) / 2.0).to_radians().cos();
    let span = ((max_lat - min_lat).max((max_lon - min_lon) * shrink)).max(0.0005) * 1.2;
    let centre = ((min_lat + max_lat) / 2.0, (min_lon + max_lon) / 2.0);
    let side = width.min(height);
    let place = |p: &GeoPoint| {
        let east = ((p.lon - centre.1) * shrink / span) as f32;
        let north = ((p.lat - centre.0) / span) as f32;
        (
            x + width / 2.0 + east * side,
            y + height / 2.0 + north * side,
        )
    };
    ops.push(Op::SetOutlineColor {
        col: colour(0.05, 0.37, 0.3),
    });
    ops.push(Op::SetOutlineThickness { pt: Pt(1.5) });
    if outline.len() >= 2 {
        let corners: Vec<(f32, f32)> = outline.iter().map(place).collect();
        line(ops, &corners, true);
    } else if let Some(point) = outline.first() {
        // Only a point is known: a small square marks it.
        let (px, py) = place(point);
        line(
            ops,
            &[
                (px - 2.0, py - 2.0),
                (px + 2.0, py - 2.0),
                (px + 2.0, py + 2.0),
                (px - 2.0, py + 2.0),
            ],
            true,
        );
    }
    ops.push(Op::SetOutlineColor {
        col: colour(0.7, 0.1, 0.1),
    });
    ops.push(Op::SetOutlineThickness { pt: Pt(1.2) });
    for point in points {
        let (px, py) = place(point);
        line(ops, &[(px - 1.5, py - 1.5), (px + 1.5, py + 1.5)], false);
        line(ops, &[(px - 1.5, py + 1.5), (px + 1.5, py - 1.5)], false);
    }
}

/// The write-up as PDF bytes.
pub fn context_pdf(write_up: &PanelWriteUp<'_>) -> Vec<u8> {
    let context = write_up.context;
    let mut pages = Pages::new(
        write_up.classification,
        write_up.sharing_decision,
        &context.name,
    );
    pages.y -= 4.0;
    text_at(&mut pages.ops, LEFT, pages.y, 18.0, true, &context.name);
    pages.y -= 7.0;
    let mut about = format!(
        "{} - {}",
        context.context_type.label(),
        context.status.label()
    );
    if !context.area_label.is_empty() {
        about.push_str(&format!(" - {}", context.area_label));
    }
    pages.paragraph(&about);
    pages.paragraph(&format!(
        "Write-up for a panel, made by Waymark on {}. No child is named in it; it carries no case reference.",
        write_up.made_on
    ));

    pages.heading("Outline and where observations were made");
    pages.room(72.0);
    let top = pages.y - 2.0;
    let points: Vec<GeoPoint> = write_up.observation_points.to_vec();
    let outline: Vec<GeoPoint> = if context.outline.is_empty() {
        context.location.into_iter().collect()
    } else {
        context.outline.clone()
    };
    sketch(
        &mut pages.ops,
        LEFT,
        top - 62.0,
        110.0,
        62.0,
        &outline,
        &points,
    );
    pages.y = top - 62.0;
    let shape = if context.outline.len() >= 2 {
        "Green: the context's outline"
    } else {
        "Green square: the context's point"
    };
    pages.paragraph(&format!(
        "{shape}. Red crosses: {} observation(s), each to the nearest {} m.",
        points.len(),
        write_up.grid_metres
    ));

    pages.heading("The journey so far");
    if write_up.timeline.is_empty() {
        pages.paragraph("Nothing recorded yet.");
    }
    for entry in write_up.timeline {
        pages.paragraph(&format!("{}  {}", entry.on, entry.step.label()));
    }

    pages.heading("The plan");
    let actions: Vec<_> = write_up.plans.iter().flat_map(|p| &p.actions).collect();
    if actions.is_empty() {
        pages.paragraph("No actions agreed yet.");
    }
    for action in actions {
        let owner = match (action.owner_agency, action.owner_role.is_empty()) {
            (Some(agency), false) => format!("{} ({})", agency.label(), action.owner_role),
            (Some(agency), true) => agency.label().to_owned(),
            (None, _) => action.owner_role.clone(),
        };
        let mut when = match &action.due {
            Some(due) => format!("due {due}"),
            None => "no due date".to_owned(),
        };
        if let Some(done) = &action.done_on {
            when.push_str(&format!(", done {done}"));
        }
        pages.paragraph(&format!(
            "- {}: {}; {}; {}",
            action.description,
            owner,
            when,
            action.status.label()
        ));
    }

    pages.heading("Is it getting safer?");
    if write_up.outcomes.measures.is_empty() {
        pages.paragraph("No measures chosen yet.");
    }
    for view in &write_up.outcomes.measures {
        pages.room(58.0);
        pages.paragraph(&format!(
            "{} ({})",
            view.measure.draft.name,
            view.measure.draft.kind.label()
        ));
        let drawn = chart(&view.points, &write_up.outcomes.markers);
        // The chart's own box, scaled to 100 mm wide.
        let scale = 100.0 / CHART_WIDTH as f32;
        let height = CHART_HEIGHT as f32 * scale;
        let base = pages.y - 2.0 - height;
        let at =
            |(cx, cy): (f64, f64)| (LEFT + cx as f32 * scale, base + height - cy as f32 * scale);
        pages.ops.push(Op::SetOutlineColor {
            col: colour(0.5, 0.5, 0.5),
        });
        pages.ops.push(Op::SetOutlineThickness { pt: Pt(0.5) });
        line(
            &mut pages.ops,
            &[
                (LEFT, base),
                (LEFT + 100.0, base),
                (LEFT + 100.0, base + height),
                (LEFT, base + height),
            ],
            true,
        );
        pages.ops.push(Op::SetOutlineColor {
            col: colour(0.55, 0.3, 0.0),
        });
        for (mx, _) in &drawn.markers {
            line(
                &mut pages.ops,
                &[at((*mx, CHART_HEIGHT - 12.0)), at((*mx, 12.0))],
                false,
            );
        }
        pages.ops.push(Op::SetOutlineColor {
            col: colour(0.05, 0.37, 0.3),
        });
        pages.ops.push(Op::SetOutlineThickness { pt: Pt(1.5) });
        let placed: Vec<(f32, f32)> = drawn.points.iter().copied().map(at).collect();
        if placed.len() >= 2 {
            line(&mut pages.ops, &placed, false);
        }
        for (px, py) in &placed {
            line(
                &mut pages.ops,
                &[
                    (px - 1.0, *py),
                    (px + 1.0, *py),
                    (*px, py + 1.0),
                    (*px, py - 1.0),
                ],
                true,
            );
        }
        text_at(
            &mut pages.ops,
            LEFT + 102.0,
            base + height - 3.0,
            8.0,
            false,
            &format!("top {}", drawn.top),
        );
        pages.y = base;
        let values: Vec<String> = view
            .points
            .iter()
            .map(|p| format!("{} {}", p.date, p.value))
            .collect();
        pages.paragraph(&format!(
            "Values: {}",
            if values.is_empty() {
                "none yet".to_owned()
            } else {
                values.join("; ")
            }
        ));
        if view.suppressed > 0 {
            pages.paragraph(&format!(
                "{} figure(s) from too few survey respondents are left out, so that nobody who answered can be picked out.",
                view.suppressed
            ));
        }
    }
    if !write_up.outcomes.markers.is_empty() {
        pages.paragraph("Brown lines on the charts: the plan's actions, on the day each was done.");
    }

    let mut document =
        PdfDocument::new(&plain(&format!("{} - write-up for a panel", context.name)));
    document
        .with_pages(pages.into_pages())
        .save(&PdfSaveOptions::default(), &mut Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_wraps_at_spaces_and_odd_characters_become_plain() {
        let lines = wrap(&"word ".repeat(40), 20);
        assert!(lines.iter().all(|l| l.chars().count() <= 20));
        assert_eq!(lines.concat().replace(' ', ""), "word".repeat(40));
        assert_eq!(plain("Park · east – “lit”"), "Park - east - \"lit\"");
    }
}
