//! What a practitioner has typed into a page's fields and not yet sent, carried across the
//! redraw that a sync brings.
//!
//! A page that shows synced records is drawn anew when a sync changed them, once focus has
//! left the fields (`SyncBar`). The new page's fields start from the records, so a reason typed
//! into a form that is sent by its button, and not yet sent, would go with the old page, and so
//! would an open section. Before such a redraw, every field whose value differs from what it
//! held when the practitioner first went into it is noted by its id, with both values, and so is
//! every open section. As the new page's fields appear, each that starts from the same value
//! as the old one did is given the typed text again, as if typed, so the page's own signals hold
//! it too. A field that starts from something else was changed by the records themselves (it
//! saves as it is typed, or the sync brought another value), and is left as the records say.
//! This lives in memory only, as the page did, and is forgotten when the practitioner moves to
//! another page.

use std::cell::RefCell;
use std::collections::HashMap;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{
    Element, Event, EventInit, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement,
};

/// A field's typed value, waiting for the redrawn page's field of the same id.
struct Carried {
    id: String,
    /// What the field held when the practitioner went into it.
    started: String,
    typed: String,
    /// The old page's element, which may still be in the document for a moment.
    old: Element,
}

#[derive(Default)]
struct State {
    /// Field id → its value when the practitioner first went into it on this page.
    started: HashMap<String, String>,
    carried: Vec<Carried>,
    /// Open sections (`<details>`) by id, with the old page's element.
    open: Vec<(String, Element)>,
    /// Whether the listeners are in place: the records may be opened again in a new language.
    watching: bool,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

/// Starts noting where fields start, and carrying typed text into redrawn pages. Called once,
/// when the records are opened; the listeners live as long as the app.
pub fn watch() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if STATE.with_borrow_mut(|state| std::mem::replace(&mut state.watching, true)) {
        return;
    }
    let focused = Closure::<dyn Fn(Event)>::new(|event: Event| {
        let Some(field) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        let (id, Some(value)) = (field.id(), value_of(&field)) else {
            return;
        };
        if id.is_empty() || field.closest("main").ok().flatten().is_none() {
            return;
        }
        STATE.with_borrow_mut(|state| {
            state.started.entry(id).or_insert(value);
        });
    });
    let _ = document.add_event_listener_with_callback("focusin", focused.as_ref().unchecked_ref());
    focused.forget();

    let changed = Closure::<dyn Fn()>::new(carry_into_new_fields);
    if let Ok(observer) = web_sys::MutationObserver::new(changed.as_ref().unchecked_ref()) {
        let options = web_sys::MutationObserverInit::new();
        options.set_child_list(true);
        options.set_subtree(true);
        if let Some(body) = document.body() {
            let _ = observer.observe_with_options(&body, &options);
        }
    }
    changed.forget();
}

/// Forgets everything noted: the practitioner moved to another page.
pub fn forget() {
    STATE.with_borrow_mut(|state| {
        state.started.clear();
        state.carried.clear();
        state.open.clear();
    });
}

/// Notes what was typed and left open, just before the open page is drawn anew.
pub fn before_redraw() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    STATE.with_borrow_mut(|state| {
        for (id, started) in state.started.drain() {
            let Some(old) = document.get_element_by_id(&id) else {
                continue;
            };
            match value_of(&old) {
                Some(typed) if typed != started => state.carried.push(Carried {
                    id,
                    started,
                    typed,
                    old,
                }),
                _ => {}
            }
        }
        if let Ok(open) = document.query_selector_all("main details[open][id]") {
            for index in 0..open.length() {
                if let Some(section) = open.item(index).and_then(|n| n.dyn_into::<Element>().ok()) {
                    state.open.push((section.id(), section));
                }
            }
        }
    });
}

/// Gives each redrawn field that has appeared what was typed in it, and opens each section that
/// was open.
fn carry_into_new_fields() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    // Events are sent after the state is let go: the page's handlers may focus a field.
    let mut retyped = Vec::new();
    STATE.with_borrow_mut(|state| {
        if state.carried.is_empty() && state.open.is_empty() {
            return;
        }
        let redrawn = |id: &str, old: &Element| {
            document
                .get_element_by_id(id)
                .filter(|new| new != old && new.is_connected())
        };
        let mut waiting = Vec::new();
        for carried in std::mem::take(&mut state.carried) {
            let Some(new) = redrawn(&carried.id, &carried.old) else {
                waiting.push(carried);
                continue;
            };
            let Some(drawn) = value_of(&new) else {
                continue;
            };
            if drawn == carried.started {
                state.started.insert(carried.id, drawn);
                retyped.push((new, carried.typed));
            }
        }
        state.carried = waiting;
        state.open.retain(|(id, old)| match redrawn(id, old) {
            Some(new) => {
                let _ = new.set_attribute("open", "");
                false
            }
            None => true,
        });
    });
    for (field, typed) in retyped {
        set_value(&field, &typed);
        for name in ["input", "change"] {
            let init = EventInit::new();
            init.set_bubbles(true);
            if let Ok(event) = Event::new_with_event_init_dict(name, &init) {
                let _ = field.dispatch_event(&event);
            }
        }
    }
}

/// What a field holds, as text; `None` for what is not a field whose value can be carried.
fn value_of(element: &Element) -> Option<String> {
    if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
        return match input.type_().as_str() {
            // A file cannot be chosen by a script, and a passphrase is not kept anywhere.
            "file" | "password" | "button" | "submit" => None,
            "checkbox" | "radio" => Some(input.checked().to_string()),
            _ => Some(input.value()),
        };
    }
    if let Some(text) = element.dyn_ref::<HtmlTextAreaElement>() {
        return Some(text.value());
    }
    element.dyn_ref::<HtmlSelectElement>().map(|s| s.value())
}

fn set_value(element: &Element, value: &str) {
    if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
        match input.type_().as_str() {
            "checkbox" | "radio" => input.set_checked(value == "true"),
            _ => input.set_value(value),
        }
    } else if let Some(text) = element.dyn_ref::<HtmlTextAreaElement>() {
        text.set_value(value);
    } else if let Some(select) = element.dyn_ref::<HtmlSelectElement>() {
        select.set_value(value);
    }
}
