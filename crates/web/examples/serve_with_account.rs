//! Serves trustboard on a database after adding one account, for trying the pages
//! out and for the browser tests:
//!
//! ```text
//! TRUSTBOARD_PASSWORD='a long password' \
//!   cargo run -p trustboard-web --example serve_with_account -- sqlite://demo.db 127.0.0.1:8080 alice admin
//! ```
//!
//! The password comes from the environment so that it never shows in a process list.

use std::net::SocketAddr;

use anyhow::{bail, Context};
use trustboard_store::Store;
use trustboard_web::accounts::{create_user, Password, Role};
use trustboard_web::{serve, WebConfig};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [database, bind, username, role] = args.as_slice() else {
        bail!("usage: serve_with_account DATABASE_URL ADDRESS USERNAME ROLE (password in TRUSTBOARD_PASSWORD)");
    };
    let bind: SocketAddr = bind.parse().with_context(|| format!("`{bind}` is not an address"))?;
    let role = Role::from_code(role).with_context(|| format!("`{role}` is not a role"))?;
    let password = std::env::var("TRUSTBOARD_PASSWORD").context("TRUSTBOARD_PASSWORD is not set")?;
    let store = Store::open(database).await?;
    create_user(&store, username, &Password::new(password), role).await?;
    println!("listening on http://{bind}");
    serve(store, bind, WebConfig::default()).await?;
    Ok(())
}
