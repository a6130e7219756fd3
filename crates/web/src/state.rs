//! What every handler shares: the store, the settings, the sign-in throttle and
//! the cache of judged plans.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use trustboard_store::Store;

use crate::performance::cache::PlanCache;
use crate::proxy::TrustedProxies;
use crate::throttle::{LoginThrottle, ThrottlePolicy};

/// Settings for the web application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebConfig {
    /// How long a session lasts after signing in.
    pub session_lifetime: Duration,
    /// How many failed sign-ins are tolerated before a wait.
    pub sign_in_throttle: ThrottlePolicy,
    /// How long after closure a register record is listed for a decision
    /// whether to erase it.
    pub register_retention_months: u32,
    /// When concerns from several agencies prompt a review of a child's level.
    pub register_settings: trustboard_core::register::RegisterSettings,
    /// Reverse proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed.
    pub trusted_proxies: TrustedProxies,
    /// Send `Strict-Transport-Security` on every response, not only on those a
    /// trusted proxy says arrived over HTTPS.
    pub hsts: bool,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            session_lifetime: Duration::from_secs(8 * 60 * 60),
            sign_in_throttle: ThrottlePolicy::default(),
            register_retention_months: trustboard_core::register::DEFAULT_RETENTION_MONTHS,
            register_settings: trustboard_core::register::RegisterSettings::default(),
            trusted_proxies: TrustedProxies::default(),
            hsts: false,
        }
    }
}

/// What every handler shares. Cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

struct Shared {
    store: Store,
    config: WebConfig,
    throttle: Mutex<LoginThrottle>,
    plans: PlanCache,
}

impl AppState {
    pub fn new(store: Store, config: WebConfig) -> AppState {
        let throttle = Mutex::new(LoginThrottle::new(config.sign_in_throttle));
        AppState(Arc::new(Shared {
            store,
            config,
            throttle,
            plans: PlanCache::default(),
        }))
    }

    pub(crate) fn store(&self) -> &Store {
        &self.0.store
    }

    pub(crate) fn config(&self) -> &WebConfig {
        &self.0.config
    }

    /// Plans and judgements kept between requests, dropped when a plan's revision moves.
    pub(crate) fn plans(&self) -> &PlanCache {
        &self.0.plans
    }

    /// The throttle's state stays consistent even if a holder panicked, so poisoning is ignored.
    pub(crate) fn throttle(&self) -> MutexGuard<'_, LoginThrottle> {
        self.0
            .throttle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}
