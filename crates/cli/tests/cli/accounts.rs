//! `trustboard user add`: every account belongs to an organisation, and a
//! practitioner's account to a practitioner on its register.

use trustboard_store::Backend;

use crate::harness::{on_both_backends, Trustboard};

on_both_backends!(accounts_join_an_organisation_and_practitioners_a_practitioner);

fn accounts_join_an_organisation_and_practitioners_a_practitioner(backend: Backend) {
    let trustboard = Trustboard::new(backend);
    trustboard.ok(["init"]);
    let added = trustboard.ok(["user", "add", "bob", "--role", "board_member"]);
    assert!(
        added.contains("added bob as Board member in Royal Borough of Kingston upon Thames"),
        "{added}"
    );

    let missing = trustboard.fails(["user", "add", "pat", "--role", "practitioner"]);
    assert!(
        missing.contains("Enter the register reference of the practitioner"),
        "{missing}"
    );
    let unknown = trustboard.fails([
        "user",
        "add",
        "pat",
        "--role",
        "practitioner",
        "--practitioner",
        "nobody",
    ]);
    assert!(
        unknown.contains("There is no practitioner with reference nobody"),
        "{unknown}"
    );

    trustboard.ok([
        "synth",
        "--children",
        "5",
        "--seed",
        "1",
        "--org",
        "Testshire",
    ]);
    let which = trustboard.fails(["user", "add", "carol", "--role", "admin"]);
    assert!(which.contains("several organisations"), "{which}");
    let chosen = trustboard.ok([
        "user",
        "add",
        "carol",
        "--role",
        "register_coordinator",
        "--organisation",
        "Testshire",
    ]);
    assert!(
        chosen.contains("added carol as Register coordinator in Testshire"),
        "{chosen}"
    );
}
