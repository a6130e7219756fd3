//! Everything that can go wrong in the store, in words a performance officer can act on.

use thiserror::Error;
use trustboard_core::plan_diff::PlanDiffError;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("`{url}` is not a database URL trustboard understands; use sqlite://path/to/file.db or postgres://user@host/database")]
    UnsupportedUrl { url: String },

    #[error("cannot open the database at {url}: {reason}")]
    Unreachable { url: String, reason: String },

    #[error("cannot create the folder {path} for the database: {source}")]
    CreateDirectory {
        path: String,
        #[source]
        source: std::io::Error,
    },

    #[error("cannot bring the database schema up to date: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),

    #[error("no plan called `{name}`{}", list_of_plans(.available))]
    PlanNotFound {
        name: String,
        available: Vec<String>,
    },

    #[error("plan `{plan}` changed while the files were being read (a figure was approved or edited), so nothing was imported; run the import again")]
    PlanChangedMeanwhile { plan: String },

    #[error("the polarity of indicator `{indicator}` was changed by someone else after the page was loaded, so none of the polarities were saved; reload and decide again")]
    PolarityChangedMeanwhile { indicator: String },

    #[error("someone else linked plans of this organisation at the same moment, so nothing was linked; try again")]
    LinksChangedMeanwhile,

    #[error("someone else changed this plan's budget links at the same moment, so nothing was changed; look again and retry")]
    BudgetLinksChangedMeanwhile,

    #[error("this plan has no budget link {0}")]
    NoSuchBudgetLink(i64),

    #[error("{0}")]
    BudgetLink(#[from] trustboard_core::resources::LinkRefusal),

    #[error("the database holds no plans yet; import one first")]
    NoPlans,

    #[error("{} plans match; choose one with\n  {}", .choices.len(), .choices.join("\n  "))]
    AmbiguousPlan { choices: Vec<String> },

    #[error("the plan lists {entity} `{key}` more than once")]
    Duplicate { entity: &'static str, key: String },

    #[error("the statistical neighbours list council {council} more than once for the {model_year} model")]
    RepeatedNeighbourSet { council: String, model_year: i32 },

    #[error("{from} refers to {entity} `{key}`, which the plan does not contain")]
    UnknownReference {
        from: String,
        entity: &'static str,
        key: String,
    },

    #[error("the database holds a value it cannot read back ({column} = `{value}`): {reason}")]
    Corrupt {
        column: &'static str,
        value: String,
        reason: String,
    },

    #[error("no plan with id {0}")]
    NoPlanWithId(i64),

    #[error("`{earlier}` belongs to {earlier_organisation} and `{later}` to {later_organisation}: only plans of one organisation can follow one another")]
    PlansOfTwoOrganisations {
        earlier: String,
        earlier_organisation: String,
        later: String,
        later_organisation: String,
    },

    #[error(
        "`{first}` and `{second}` are not linked as one following the other; link the plans first"
    )]
    PlansNotLinked { first: String, second: String },

    #[error("plan `{plan}` has no {entity} `{key}`")]
    NotInPlan {
        plan: String,
        entity: &'static str,
        key: String,
    },

    #[error("{0}")]
    Lineage(#[from] trustboard_core::lineage::LinkError),

    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),

    /// The transaction that held this access among others failed.
    #[error("the access could not be written to the register's audit: {reason}")]
    AccessNotRecorded { reason: String },
}

/// A document that cannot be compared with the stored plan is refused in the
/// same words as any other import error.
impl From<PlanDiffError> for StoreError {
    fn from(error: PlanDiffError) -> Self {
        match error {
            PlanDiffError::Duplicate { entity, key } => StoreError::Duplicate { entity, key },
            PlanDiffError::UnknownReference { from, entity, key } => {
                StoreError::UnknownReference { from, entity, key }
            }
        }
    }
}

fn list_of_plans(names: &[String]) -> String {
    if names.is_empty() {
        String::new()
    } else {
        format!("; the database holds: {}", names.join(", "))
    }
}
