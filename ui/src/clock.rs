//! The device's clock and time zone, read through the browser, and the formats practitioners read.

use time::OffsetDateTime;
use wasm_bindgen::JsValue;
use waymark_core::language::Language;
use waymark_core::UnixMillis;

pub fn now() -> OffsetDateTime {
    now_millis().to_datetime()
}

/// The time now, as the app stores it.
pub fn now_millis() -> UnixMillis {
    from_js(js_sys::Date::now())
}

/// A JavaScript time (milliseconds, as a float) as the app stores it.
fn from_js(millis: f64) -> UnixMillis {
    UnixMillis::new(millis as i64)
}

fn to_date(at: OffsetDateTime) -> js_sys::Date {
    js_sys::Date::new(&JsValue::from_f64(UnixMillis::from(at).get() as f64))
}

/// Today in the device's time zone, as a `date` input and records hold it: year-month-day.
pub fn today() -> String {
    let d = to_date(now());
    format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}

/// The value of a `datetime-local` input: local time, to the minute.
pub fn to_input(at: OffsetDateTime) -> String {
    let d = to_date(at);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// Reads a `datetime-local` input, which is in the device's time zone.
pub fn from_input(value: &str) -> Option<OffsetDateTime> {
    let millis = js_sys::Date::new(&JsValue::from_str(value)).get_time();
    (!millis.is_nan() && !value.is_empty()).then(|| from_js(millis).to_datetime())
}

/// Formats `at` in the device's time zone, the interface's language's way.
fn local(at: OffsetDateTime, fields: &[(&str, &str)]) -> String {
    let language = crate::i18n::language();
    let options = js_sys::Object::new();
    for (key, value) in fields {
        // The pseudo-locale has no month names of its own: it shows months as numbers, so that
        // no English word is left on the page.
        let value = if language == Language::Pseudo && *key == "month" {
            "2-digit"
        } else {
            value
        };
        // Setting a string on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&options, &(*key).into(), &value.into());
    }
    let tag = match language {
        Language::Pseudo => Language::English.tag(),
        other => other.tag(),
    };
    to_date(at).to_locale_string(tag, &options).into()
}

/// "23 Nov, 17:05" in the device's time zone.
pub fn date_time(at: OffsetDateTime) -> String {
    local(
        at,
        &[
            ("day", "numeric"),
            ("month", "short"),
            ("hour", "2-digit"),
            ("minute", "2-digit"),
        ],
    )
}

/// "17:05" in the device's time zone.
pub fn clock_time(at: OffsetDateTime) -> String {
    local(at, &[("hour", "2-digit"), ("minute", "2-digit")])
}
