//! `trustboard user add`: accounts from the command line, such as the first administrator.

use anyhow::anyhow;
use trustboard_core::access::Role;
use trustboard_store::Store;
use trustboard_web::accounts::{create_user, generate_password, Password};

use crate::cli::UserCommand;

pub async fn user(store: &Store, command: UserCommand) -> anyhow::Result<()> {
    let UserCommand::Add { username, role } = command;
    let role = Role::from_code(&role).ok_or_else(|| {
        anyhow!(
            "`{role}` is not a role: use admin, performance_officer, lead_officer or board_member"
        )
    })?;
    let (password, generated) = match std::env::var("TRUSTBOARD_PASSWORD") {
        Ok(given) if !given.is_empty() => (Password::new(given), false),
        _ => (generate_password(), true),
    };
    let user = create_user(store, &username, &password, role).await?;
    out!("added {} as {}", user.username, role.label());
    if generated {
        out!("password: {}", password.expose());
    }
    Ok(())
}
