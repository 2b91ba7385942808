mod context_page;
mod history;
mod home;
mod new_context;
pub mod peer_group;
pub mod school;
mod settings;
mod sync_settings;
pub mod walkabout;
mod who_can_see;

pub use context_page::ContextPage;
pub use home::HomePage;
pub use new_context::NewContextPage;
pub use peer_group::{NewLevelOneMapPage, PeerAssessmentPage};
pub use school::SchoolAssessmentPage;
pub use settings::SettingsPage;
pub use walkabout::{PlanWalkaboutPage, WalkaboutPage};
