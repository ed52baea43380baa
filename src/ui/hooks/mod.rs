//! The page's custom hooks: what ties a component to the browser's clock and
//! keyboard, with cleanup when the component goes.

pub mod animation;
pub mod keyboard;
pub mod wide;

pub use animation::use_animation_frames;
pub use keyboard::use_keyboard;
pub use wide::use_wide;
