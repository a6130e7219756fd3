//! Who may reach what: every route, every role, and nobody signed in.

use axum::http::{Method, StatusCode};

use crate::harness::*;

/// Who may reach what. Add every new route here with the roles that may use it.
pub struct RouteCase {
    method: Method,
    pub path: &'static str,
    /// Form fields besides the CSRF token, for POST routes.
    form: &'static [(&'static str, &'static str)],
    allowed: &'static [Role],
    /// What an allowed user gets.
    success: StatusCode,
}

const EVERYONE: &[Role] = &[
    Role::Admin,
    Role::PerformanceOfficer,
    Role::LeadOfficer,
    Role::BoardMember,
    Role::RegisterCoordinator,
    Role::Practitioner,
];
const ADMINS: &[Role] = &[Role::Admin];
/// Those who work on the register (a practitioner only with children they may see).
pub const REGISTER_ROLES: &[Role] = &[Role::RegisterCoordinator, Role::Practitioner];
pub const COORDINATORS: &[Role] = &[Role::RegisterCoordinator];
const PERFORMANCE_OFFICERS: &[Role] = &[Role::PerformanceOfficer];
/// Those who import performance tables.
const IMPORTERS: &[Role] = &[Role::PerformanceOfficer, Role::Admin];
/// Those who link budget lines to outcomes and objectives.
const BUDGET_LINKERS: &[Role] = &[Role::PerformanceOfficer, Role::Admin];
/// Those who read the statutory returns' validation report.
const RETURN_READERS: &[Role] = &[Role::PerformanceOfficer, Role::Admin];
/// Those who see the children a statutory return holds.
const RETURN_CHILDREN: &[Role] = &[Role::PerformanceOfficer, Role::RegisterCoordinator];
/// Those who keep the risk register.
const RISK_KEEPERS: &[Role] = &[Role::PerformanceOfficer, Role::Admin];
/// Those who enter figures and update milestones (lead officers for what they own).
const ENTERERS: &[Role] = &[Role::PerformanceOfficer, Role::LeadOfficer];

impl RouteCase {
    /// Sends the request from `browser`, with the form and `token` for a POST.
    pub async fn send(&self, browser: &mut Browser, token: &str) -> Reply {
        if self.method == Method::POST {
            let mut fields = vec![("csrf_token", token)];
            fields.extend_from_slice(self.form);
            browser.post(self.path, &fields).await
        } else {
            browser.get(self.path).await
        }
    }

    pub fn describe(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

pub fn route_matrix(target_id: i64) -> Vec<RouteCase> {
    let path = |p: String| -> &'static str { Box::leak(p.into_boxed_str()) };
    let get = |p: &'static str, allowed, success| RouteCase {
        method: Method::GET,
        path: p,
        form: &[],
        allowed,
        success,
    };
    let post = |p: &'static str, form, allowed, success| RouteCase {
        method: Method::POST,
        path: p,
        form,
        allowed,
        success,
    };
    vec![
        get("/", EVERYONE, StatusCode::OK),
        get("/admin/users", ADMINS, StatusCode::OK),
        get("/admin/users/new", ADMINS, StatusCode::OK),
        get(
            path(format!("/admin/users/{target_id}")),
            ADMINS,
            StatusCode::OK,
        ),
        get("/admin/audit", ADMINS, StatusCode::OK),
        get("/admin/sign-off", ADMINS, StatusCode::OK),
        post(
            "/admin/sign-off",
            &[("lead_officers", "approval")],
            ADMINS,
            StatusCode::SEE_OTHER,
        ),
        get("/plans/import", IMPORTERS, StatusCode::OK),
        // A form without a file is no upload: allowed users get past access to the body's check.
        post("/plans/import", &[], IMPORTERS, StatusCode::BAD_REQUEST),
        // A previewed table (`Indicator,Actual 06/07` and one row), read again.
        post(
            "/plans/import/columns",
            &[
                ("file_name", "t.csv"),
                (
                    "content",
                    "SW5kaWNhdG9yLEFjdHVhbCAwNi8wNwpDaGlsZHJlbiBzZWVuLDEyCg",
                ),
                ("action", "check"),
            ],
            IMPORTERS,
            StatusCode::OK,
        ),
        get("/api/me", EVERYONE, StatusCode::OK),
        get("/api/plans", EVERYONE, StatusCode::OK),
        // The plan pages need the sample plan, imported as plan 1.
        get("/plans/1", EVERYONE, StatusCode::OK),
        get("/plans/1?format=csv", EVERYONE, StatusCode::OK),
        get("/plans/1/nodes/1", EVERYONE, StatusCode::OK),
        get("/plans/1/indicators/NI%2061", EVERYONE, StatusCode::OK),
        get("/plans/1/exceptions", EVERYONE, StatusCode::OK),
        get("/plans/1/localities", EVERYONE, StatusCode::OK),
        get("/plans/1/resources", EVERYONE, StatusCode::OK),
        // The sample plan holds no budget, so there is no line to link or link to remove.
        post(
            "/plans/1/resources/links",
            &[
                ("version", "1"),
                ("line", "0:0"),
                ("node", "1"),
                ("share", "10"),
            ],
            BUDGET_LINKERS,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        post(
            "/plans/1/resources/links/999/remove",
            &[("version", "1")],
            BUDGET_LINKERS,
            StatusCode::NOT_FOUND,
        ),
        get("/plans/1/risks", EVERYONE, StatusCode::OK),
        get("/plans/1/risks/1", EVERYONE, StatusCode::OK),
        get("/plans/1/risks/new", RISK_KEEPERS, StatusCode::OK),
        // Forms with no description: those allowed get the refusal, nothing is written.
        post(
            "/plans/1/risks",
            &[("description", "")],
            RISK_KEEPERS,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        post(
            "/plans/1/risks/1",
            &[("description", ""), ("version", "1")],
            RISK_KEEPERS,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        get("/api/plans/1/overview", EVERYONE, StatusCode::OK),
        get("/api/plans/1/nodes/1", EVERYONE, StatusCode::OK),
        get("/api/plans/1/indicators/NI%2061", EVERYONE, StatusCode::OK),
        get("/api/plans/1/exceptions", EVERYONE, StatusCode::OK),
        get("/api/plans/1/localities", EVERYONE, StatusCode::OK),
        get("/api/plans/1/resources", EVERYONE, StatusCode::OK),
        get("/api/plans/1/risks", EVERYONE, StatusCode::OK),
        get("/api/plans/1/projects", EVERYONE, StatusCode::OK),
        post(
            "/plans/1/published",
            &[("published", "no")],
            PERFORMANCE_OFFICERS,
            StatusCode::SEE_OTHER,
        ),
        // Linking plan 1 to itself is refused after the permission check.
        post(
            "/plans/1/follows",
            &[("previous", "1")],
            PERFORMANCE_OFFICERS,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        post(
            "/plans/1/indicators/NI%2061/same-as",
            &[("other", "1|NI 61")],
            PERFORMANCE_OFFICERS,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        get(
            "/plans/1/report?period=2010%2F11&format=xlsx",
            PERFORMANCE_OFFICERS,
            StatusCode::OK,
        ),
        get("/returns", RETURN_READERS, StatusCode::OK),
        // No return is held for the year: not found, after the permission check.
        get("/returns/2011", RETURN_READERS, StatusCode::NOT_FOUND),
        get(
            "/plans/1/headline-counts?period=2010%2F11&format=csv",
            EVERYONE,
            StatusCode::OK,
        ),
        get(
            "/returns/2011/indicators/NI%2062",
            RETURN_CHILDREN,
            StatusCode::NOT_FOUND,
        ),
        // Entering and signing off figures, with the fixtures of `prepare_sign_off`:
        // NI 59 and milestone 1 owned by `lead_officer`, entry 1 awaiting approval.
        get("/my/indicators", ENTERERS, StatusCode::OK),
        get(
            "/plans/1/indicators/NI%2059/entry?period=2010%2F11",
            ENTERERS,
            StatusCode::OK,
        ),
        post(
            "/plans/1/indicators/NI%2059/entry",
            &[
                ("period", "2010/11"),
                ("version", "1"),
                ("intent", "draft"),
                ("text", ""),
            ],
            ENTERERS,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        get(
            "/plans/1/indicators/NI%2059/settings",
            PERFORMANCE_OFFICERS,
            StatusCode::OK,
        ),
        post(
            "/plans/1/indicators/NI%2061/owner",
            &[("owner", ""), ("owner_version", "1")],
            PERFORMANCE_OFFICERS,
            StatusCode::SEE_OTHER,
        ),
        get("/approvals", PERFORMANCE_OFFICERS, StatusCode::OK),
        get("/plans/1/approvals", PERFORMANCE_OFFICERS, StatusCode::OK),
        get("/plans/1/polarity", PERFORMANCE_OFFICERS, StatusCode::OK),
        post(
            "/plans/1/polarity",
            &[],
            PERFORMANCE_OFFICERS,
            StatusCode::SEE_OTHER,
        ),
        get("/plans/1/approvals/1", PERFORMANCE_OFFICERS, StatusCode::OK),
        post(
            "/plans/1/approvals/1/return",
            &[("reason", "")],
            PERFORMANCE_OFFICERS,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        post(
            "/plans/1/approvals/1/approve",
            &[],
            PERFORMANCE_OFFICERS,
            StatusCode::SEE_OTHER,
        ),
        // Project 1 with report 1 by `lead_officer`, from `prepare_project_report`.
        get("/plans/1/projects", EVERYONE, StatusCode::OK),
        get("/plans/1/projects/1", EVERYONE, StatusCode::OK),
        post(
            "/plans/1/projects/1/reports",
            &[("period", "soon")],
            ENTERERS,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        post(
            "/plans/1/projects/1/reports/1/return",
            &[("version", "1"), ("reason", "")],
            PERFORMANCE_OFFICERS,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        // From a version the report never had: allowed users reach the version check.
        post(
            "/plans/1/projects/1/reports/1/approve",
            &[("version", "0")],
            PERFORMANCE_OFFICERS,
            StatusCode::CONFLICT,
        ),
        get("/plans/1/nodes/1.1/actions", EVERYONE, StatusCode::OK),
        get("/plans/1/milestones/overdue", EVERYONE, StatusCode::OK),
        get("/plans/1/milestones/1", EVERYONE, StatusCode::OK),
        // Sent from a version the status never had, as two roles may send it:
        // those allowed get as far as the version check.
        post(
            "/plans/1/milestones/1/status",
            &[("status", "on_track"), ("status_version", "0")],
            ENTERERS,
            StatusCode::CONFLICT,
        ),
        post(
            "/plans/1/milestones/1/notes",
            &[("note", "")],
            ENTERERS,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        post(
            "/plans/1/milestones/1/owner",
            // Its owner was named once, by `prepare_sign_off`.
            &[("owner", ""), ("owner_version", "2")],
            PERFORMANCE_OFFICERS,
            StatusCode::SEE_OTHER,
        ),
        // An incomplete form: allowed users get the validation page, not a new account.
        post(
            "/admin/users",
            &[("username", "new.user")],
            ADMINS,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        post(
            path(format!("/admin/users/{target_id}/role")),
            &[("role", "lead_officer"), ("version", "1")],
            ADMINS,
            StatusCode::SEE_OTHER,
        ),
        post(
            path(format!("/admin/users/{target_id}/disable")),
            &[],
            ADMINS,
            StatusCode::SEE_OTHER,
        ),
        post(
            path(format!("/admin/users/{target_id}/enable")),
            &[],
            ADMINS,
            StatusCode::SEE_OTHER,
        ),
        post(
            path(format!("/admin/users/{target_id}/password")),
            &[],
            ADMINS,
            StatusCode::OK,
        ),
        get("/account/password", EVERYONE, StatusCode::OK),
        // An incomplete form again: the check runs, the password stays.
        post(
            "/account/password",
            &[("new_password", "x")],
            EVERYONE,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        post("/sign-out", &[], EVERYONE, StatusCode::SEE_OTHER),
        // The register, with child C1 whose concern came from the school,
        // the agency of the matrix's practitioner.
        get("/register", REGISTER_ROLES, StatusCode::OK),
        get("/register?q=C1", REGISTER_ROLES, StatusCode::OK),
        get("/register/children/new", REGISTER_ROLES, StatusCode::OK),
        // An empty form: allowed users get as far as its errors.
        post(
            "/register/children/new",
            &[],
            REGISTER_ROLES,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        get("/register/children/C1", REGISTER_ROLES, StatusCode::OK),
        get(
            "/register/children/C1/steps/review",
            REGISTER_ROLES,
            StatusCode::OK,
        ),
        post(
            "/register/children/C1/steps/review",
            &[("version", "1")],
            REGISTER_ROLES,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        get("/register/children", COORDINATORS, StatusCode::OK),
        get("/register/children/C1/audit", COORDINATORS, StatusCode::OK),
        get("/register/audit?user=admin", COORDINATORS, StatusCode::OK),
        get("/register/retention", COORDINATORS, StatusCode::OK),
        // C1 is open, so not past retention: nothing to erase.
        post(
            "/register/retention/C1/erase",
            &[("reason", "Past retention")],
            COORDINATORS,
            StatusCode::NOT_FOUND,
        ),
        get("/api/register/search?q=C1", REGISTER_ROLES, StatusCode::OK),
        get("/api/register/children/C1", REGISTER_ROLES, StatusCode::OK),
        // A form is not a JSON step: allowed users get past access to the body's check.
        post(
            "/api/register/children/C1/steps",
            &[],
            REGISTER_ROLES,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
    ]
}

/// Routes anyone may use, signed in or not.
pub const PUBLIC_ROUTES: &[&str] = &["/sign-in", "/static/trustboard.css", "/api/openapi.json"];

/// Routes anyone may reach once plan 1 is published (the public page tests them).
pub const PUBLISHED_PLAN_ROUTES: &[&str] = &["/public/1", "/api/public/1"];

#[tokio::test]
async fn each_role_reaches_exactly_the_routes_it_is_allowed() {
    let app = TestApp::start().await;
    let target = app.add_user("target", Role::BoardMember).await;
    app.add_register_staff().await;
    app.add_register_child("C1", "Alex Example", "school", register_today())
        .await;
    for role in Role::ALL {
        if role.needs_practitioner() {
            app.add_practitioner(role.code(), "p-school").await;
        } else {
            app.add_user(role.code(), role).await;
        }
    }
    app.import_sample_plan().await;
    app.prepare_sign_off().await;
    app.prepare_project_report().await;
    for case in route_matrix(target.id) {
        for role in Role::ALL {
            // A fresh session each time, because one of the routes signs out.
            let mut browser = app.signed_in(role.code()).await;
            let token = browser.csrf_token().await;
            let reply = case.send(&mut browser, &token).await;
            let expected = if case.allowed.contains(&role) {
                case.success
            } else {
                StatusCode::FORBIDDEN
            };
            assert_eq!(
                reply.status, expected,
                "{} {} as {role:?}",
                case.method, case.path
            );
        }
        let reply = app
            .visitor()
            .send(case.method.clone(), case.path, Some(case.form))
            .await;
        if case.path.starts_with("/api/") {
            assert_eq!(
                reply.status,
                StatusCode::UNAUTHORIZED,
                "{} {} signed out",
                case.method,
                case.path
            );
        } else {
            assert_eq!(
                reply.status,
                StatusCode::SEE_OTHER,
                "{} {} signed out",
                case.method,
                case.path
            );
            assert!(
                reply.location().starts_with("/sign-in"),
                "{} {} signed out",
                case.method,
                case.path
            );
        }
    }
    for path in PUBLIC_ROUTES {
        assert_eq!(
            app.visitor().get(path).await.status,
            StatusCode::OK,
            "{path}"
        );
    }
}
