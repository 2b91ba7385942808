mod context_page;
mod home;
mod new_context;
pub mod walkabout;

pub use context_page::ContextPage;
pub use home::HomePage;
pub use new_context::NewContextPage;
pub use walkabout::{PlanWalkaboutPage, WalkaboutPage};
