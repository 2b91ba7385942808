mod context_page;
mod home;
mod new_context;
mod settings;
pub mod walkabout;

pub use context_page::ContextPage;
pub use home::HomePage;
pub use new_context::NewContextPage;
pub use settings::SettingsPage;
pub use walkabout::{PlanWalkaboutPage, WalkaboutPage};
