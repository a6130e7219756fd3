//! `trustboard init` and `trustboard serve`: a working system from an empty database.

use trustboard_core::access::Role;
use trustboard_core::register::RegisterSettings;
use trustboard_store::Store;
use trustboard_web::accounts::{create_user, generate_password, Membership};
use trustboard_web::proxy::TrustedProxies;
use trustboard_web::WebConfig;

use crate::cli::ServeArgs;
use crate::sample;

pub async fn init(store: &Store, empty: bool) -> anyhow::Result<()> {
    if !empty {
        load_sample_if_empty(store).await?;
    }
    for plan in store.list_plans().await? {
        out!(
            "{} ({}): {} indicators",
            plan.name,
            plan.organisation,
            plan.indicators
        );
    }
    out!("database ready");
    Ok(())
}

pub async fn serve(store: &Store, args: ServeArgs) -> anyhow::Result<()> {
    load_sample_if_empty(store).await?;
    if store.user_count().await? == 0 {
        // The first administrator belongs to the first organisation loaded:
        // on a new database, the sample plan's.
        let organisation = store.organisation_names().await?.into_iter().next();
        let organisation = organisation
            .ok_or_else(|| anyhow::anyhow!("no organisation to give the administrator"))?;
        let password = generate_password();
        create_user(
            store,
            "admin",
            &password,
            Role::Admin,
            Membership::of(organisation),
        )
        .await?;
        out!("first run: created the administrator account");
        out!("  username: admin");
        out!("  password: {}", password.expose());
        out!("  (change it after signing in, or add accounts with `trustboard user add`)");
    }
    out!(
        "trustboard is running at http://{}/ (Ctrl-C stops it)",
        args.bind
    );
    let config = WebConfig {
        register_retention_months: args.register_retention_months,
        register_settings: RegisterSettings {
            concern_window_days: args.concern_window_days,
            concern_sources: args.concern_sources,
        },
        trusted_proxies: TrustedProxies(args.trusted_proxies),
        hsts: args.hsts,
        ..WebConfig::default()
    };
    trustboard_web::serve(store.clone(), args.bind, config).await?;
    Ok(())
}

/// A new database gets the Kingston sample plan, so there is something to look at.
async fn load_sample_if_empty(store: &Store) -> anyhow::Result<()> {
    if !store.list_plans().await?.is_empty() {
        return Ok(());
    }
    let mut doc = sample::kingston()?;
    doc.localities.extend(sample::clusters());
    store
        .import_plan(
            &doc,
            trustboard_store::ImportOptions {
                dry_run: false,
                source: "sample plan".into(),
            },
        )
        .await?;
    out!(
        "loaded the sample plan: {} ({}), {} indicators",
        doc.plan.title,
        doc.organisation,
        doc.indicators.len()
    );
    let plan_id = super::register::plan_id(store, &doc.organisation, &doc.plan.name).await?;
    let derived = sample::load_register(store, &doc.organisation, plan_id).await?;
    out!(
        "loaded a sample early-help register; {} plan values derived from it",
        derived.added
    );
    Ok(())
}
