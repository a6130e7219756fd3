//! `trustboard user add`: accounts from the command line, such as the first administrator.

use anyhow::anyhow;
use trustboard_core::access::Role;
use trustboard_store::Store;
use trustboard_web::accounts::{create_user, generate_password, Membership, Password};

use crate::cli::UserCommand;

pub async fn user(store: &Store, command: UserCommand) -> anyhow::Result<()> {
    let UserCommand::Add {
        username,
        role,
        organisation,
        practitioner,
    } = command;
    let role = Role::from_code(&role).ok_or_else(|| {
        let roles: Vec<&str> = Role::ALL.iter().map(|role| role.code()).collect();
        anyhow!("`{role}` is not a role: use {}", roles.join(", "))
    })?;
    let organisation = match organisation {
        Some(name) => name,
        None => only_organisation(store).await?,
    };
    let (password, generated) = match std::env::var("TRUSTBOARD_PASSWORD") {
        Ok(given) if !given.is_empty() => (Password::new(given), false),
        _ => (generate_password(), true),
    };
    let membership = Membership {
        organisation,
        practitioner,
    };
    let user = create_user(store, &username, &password, role, membership).await?;
    out!(
        "added {} as {} in {}",
        user.username,
        role.label(),
        user.organisation.name
    );
    if generated {
        out!("password: {}", password.expose());
    }
    Ok(())
}

/// The organisation a new account joins when none is named: the only one.
async fn only_organisation(store: &Store) -> anyhow::Result<String> {
    let mut names = store.organisation_names().await?;
    match names.len() {
        1 => Ok(names.remove(0)),
        0 => Err(anyhow!(
            "there is no organisation yet: name the account's with --organisation NAME"
        )),
        _ => Err(anyhow!(
            "there are several organisations ({}): choose the account's with --organisation NAME",
            names.join(", ")
        )),
    }
}
