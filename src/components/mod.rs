//! Reusable pieces of the UI.

pub mod layout;
pub mod page;
pub mod vault_ui;
