//! Runs the real binary against a database of its own.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use trustboard_store::testing::TestDatabase;
use trustboard_store::{Backend, Store};

/// Declares one test per backend running `$scenario(backend: Backend)`.
macro_rules! on_both_backends {
    ($($scenario:ident),* $(,)?) => {$(
        mod $scenario {
            #[test]
            fn sqlite() {
                super::$scenario(trustboard_store::Backend::Sqlite);
            }

            #[test]
            fn postgres() {
                super::$scenario(trustboard_store::Backend::Postgres);
            }
        }
    )*};
}
pub(crate) use on_both_backends;

/// A fresh database and a scratch directory; both are removed when dropped,
/// also when the test fails.
pub struct Trustboard {
    database: TestDatabase,
    scratch: tempfile::TempDir,
}

impl Trustboard {
    pub fn new(backend: Backend) -> Trustboard {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime to create the test database");
        let database = runtime.block_on(TestDatabase::new(backend));
        let scratch = tempfile::tempdir().expect("a scratch directory");
        Trustboard { database, scratch }
    }

    /// Runs `work` on the test's database opened as the web server opens
    /// it, for what only the web pages write (entries, approvals).
    pub fn with_store<T>(&self, work: impl AsyncFnOnce(&Store) -> T) -> T {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime to reach the test database");
        runtime.block_on(async {
            let store = self.database.open().await;
            let out = work(&store).await;
            store.close().await;
            out
        })
    }

    /// A path in this test's scratch directory.
    pub fn scratch(&self, name: &str) -> PathBuf {
        self.scratch.path().join(name)
    }

    /// `trustboard --database URL`, logging warnings only so that a test
    /// reads only what a command prints for its user.
    fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_trustboard"));
        command
            .arg("--database")
            .arg(self.database.url())
            .env_remove("TRUSTBOARD_DATABASE_URL")
            .env("TRUSTBOARD_LOG", "warn");
        command
    }

    /// Runs `trustboard --database URL ARGS…`.
    pub fn run<I, S>(&self, args: I) -> Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.command()
            .args(args)
            .output()
            .expect("the trustboard binary runs")
    }

    /// Runs `trustboard --database URL ARGS…` logging as a user gets it by default.
    pub fn run_with_default_log<I, S>(&self, args: I) -> Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.command()
            .env_remove("TRUSTBOARD_LOG")
            .args(args)
            .output()
            .expect("the trustboard binary runs")
    }

    /// Runs a command that must succeed; returns its standard output.
    pub fn ok<I, S>(&self, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let output = self.run_expecting(args, true);
        String::from_utf8(output.stdout).expect("standard output is UTF-8")
    }

    /// Runs a command that must fail; returns its error output.
    pub fn fails<I, S>(&self, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let output = self.run_expecting(args, false);
        String::from_utf8_lossy(&output.stderr).into_owned()
    }

    /// Runs a command and checks that it succeeded, or failed, as expected.
    fn run_expecting<I, S>(&self, args: I, success: bool) -> Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let args: Vec<S> = args.into_iter().collect();
        let output = self.run(&args);
        let (outcome, shown_output) = if success {
            ("failed", &output.stderr)
        } else {
            ("should have failed but printed", &output.stdout)
        };
        assert_eq!(
            output.status.success(),
            success,
            "`trustboard {}` {outcome} ({}):\n{}",
            shown(&args),
            output.status,
            String::from_utf8_lossy(shown_output)
        );
        output
    }

    /// Runs a command with `--json` output and parses it.
    pub fn json<I, S>(&self, args: I) -> Value
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let stdout = self.ok(args);
        serde_json::from_str(&stdout)
            .unwrap_or_else(|error| panic!("output is not JSON ({error}):\n{stdout}"))
    }

    /// Imports files that must import; returns the `--json` outcome.
    pub fn import(&self, files: &[&Path], options: &[&str]) -> Value {
        let mut args: Vec<&OsStr> = vec![OsStr::new("import"), OsStr::new("--json")];
        args.extend(files.iter().map(|f| f.as_os_str()));
        args.extend(options.iter().map(OsStr::new));
        self.json(args)
    }

    /// Exports the only plan in the database in `format` to `out` in the scratch directory.
    pub fn export(&self, format: &str, out: &str) -> PathBuf {
        let path = self.scratch(out);
        self.ok([
            OsStr::new("export"),
            OsStr::new("--format"),
            OsStr::new(format),
            OsStr::new("--out"),
            path.as_os_str(),
        ]);
        path
    }

    /// The only plan in the database as canonical JSON, the text as exported.
    pub fn export_json(&self) -> String {
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = self.export("json", &format!("snapshot-{n}.json"));
        std::fs::read_to_string(&path).expect("the export is readable UTF-8")
    }

    /// The only plan in the database, parsed.
    pub fn plan(&self) -> Value {
        serde_json::from_str(&self.export_json()).expect("the export is JSON")
    }

    pub fn plans(&self) -> Value {
        self.json(["plans", "list", "--json"])
    }
}

fn shown<S: AsRef<OsStr>>(args: &[S]) -> String {
    args.iter()
        .map(|a| a.as_ref().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The items of a JSON array, failing the test if it is not one.
pub fn items<'a>(value: &'a Value, what: &str) -> &'a [Value] {
    value
        .as_array()
        .unwrap_or_else(|| panic!("{what} is not a JSON array: {value}"))
}

/// A string field of a JSON object, or `None` when null or absent.
pub fn text<'a>(value: &'a Value, field: &str) -> Option<&'a str> {
    value.get(field).and_then(Value::as_str)
}
