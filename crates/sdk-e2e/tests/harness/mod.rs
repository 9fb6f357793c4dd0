//! Test harness: runs `e2e/oidc-provider/server.mjs` (one server per test) and plays the user's
//! browser in the provider's login/consent pages. Every OAuth call itself goes through the SDK.

#![allow(dead_code)] // not every test file uses every helper

pub mod examples;

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::cookie::Jar;
use reqwest::header::{LOCATION, SET_COOKIE};
use ring_central::Redirect;
use url::Url;

/// The redirect URI registered for every test client.
pub const REDIRECT_URI: &str = "http://127.0.0.1/callback";

/// How long the server may take to print its READY line.
const READY_TIMEOUT: Duration = Duration::from_secs(30);

/// Bound on every HTTP request the "browser" makes.
const HTTP_TIMEOUT: Duration = Duration::from_secs(15);

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("workspace root")
}

/// A running `oidc-provider` test server. Killed when dropped.
pub struct OidcServer {
    child: Child,
    /// Kept open: the server exits when its stdin reaches end of file.
    _stdin: ChildStdin,
    /// `http://127.0.0.1:<port>`, also the issuer.
    pub issuer: String,
    stderr: Arc<Mutex<String>>,
}

impl OidcServer {
    /// Starts a server with the default settings.
    pub fn start() -> Self {
        Self::start_with(&[])
    }

    /// Starts a server with extra environment variables (see `e2e/oidc-provider/README.md`).
    pub fn start_with(env: &[(&str, &str)]) -> Self {
        let dir = workspace_root().join("e2e/oidc-provider");
        assert!(
            dir.join("node_modules/oidc-provider").is_dir(),
            "{} is missing: run `npm ci --prefix e2e/oidc-provider` (cargo xtask test does it)",
            dir.join("node_modules").display()
        );
        let mut cmd = Command::new("node");
        cmd.arg("server.mjs")
            .arg("0")
            .current_dir(&dir)
            .env_remove("OIDC_PORT")
            .env_remove("OIDC_IGNORE_STDIN")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap_or_else(|e| {
            panic!("cannot run `node` (Node.js is needed for the end-to-end tests): {e}")
        });
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut stderr_pipe = child.stderr.take().expect("piped stderr");

        // Collect stderr for failure messages.
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stderr_pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });

        // Wait for `READY <url>` on stdout; keep draining stdout afterwards.
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            for line in lines.by_ref() {
                let Ok(line) = line else { break };
                if let Some(url) = line.strip_prefix("READY ") {
                    let _ = tx.send(url.trim().to_string());
                    break;
                }
            }
            for _ in lines {}
        });

        let mut server = OidcServer {
            child,
            _stdin: stdin,
            issuer: String::new(),
            stderr,
        };
        match rx.recv_timeout(READY_TIMEOUT) {
            Ok(issuer) => server.issuer = issuer,
            Err(mpsc::RecvTimeoutError::Timeout) => panic!(
                "the OpenID test server printed no READY line within {READY_TIMEOUT:?}; stderr:\n{}",
                server.stderr()
            ),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                // stdout closed: the server exited. Give stderr a moment to be collected.
                let status = server.child.wait().ok();
                std::thread::sleep(Duration::from_millis(200));
                panic!(
                    "the OpenID test server exited before it was ready ({status:?}); stderr:\n{}",
                    server.stderr()
                )
            }
        }
        server
    }

    /// What the server wrote on stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// The token endpoint URL (the `aud` of JWT client assertions).
    pub fn token_endpoint(&self) -> String {
        format!("{}/restapi/oauth/token", self.issuer)
    }
}

impl Drop for OidcServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The result of the authorization: the query of the final redirect to [`REDIRECT_URI`].
#[derive(Debug, Clone)]
pub struct Callback {
    pub url: Url,
}

impl Callback {
    pub fn param(&self, name: &str) -> Option<String> {
        self.url
            .query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    }

    /// The authorization code; panics (with the error parameters) when there is none.
    pub fn code(&self) -> String {
        self.param("code").unwrap_or_else(|| {
            panic!(
                "no code in the callback: error={:?} error_description={:?}",
                self.param("error"),
                self.param("error_description")
            )
        })
    }
}

/// The user's browser: a cookie jar (fresh per flow) and an HTTP client that never follows
/// redirects. Used only for the provider's interaction pages, never for OAuth endpoints.
pub struct Browser {
    jar: Arc<Jar>,
    client: reqwest::Client,
    issuer: Url,
}

impl Browser {
    pub fn new(issuer: &str) -> Self {
        let jar = Arc::new(Jar::default());
        let client = reqwest::Client::builder()
            .cookie_provider(Arc::clone(&jar))
            .redirect(reqwest::redirect::Policy::none())
            .timeout(HTTP_TIMEOUT)
            .build()
            .expect("browser HTTP client");
        Self {
            jar,
            client,
            issuer: Url::parse(issuer).expect("issuer URL"),
        }
    }

    /// Stores the cookies set by a response that the SDK received on the browser's behalf (the
    /// authorization request): a real browser would have received them itself.
    fn keep_cookies(&self, headers: &reqwest::header::HeaderMap, request_url: &Url) {
        for value in headers.get_all(SET_COOKIE) {
            if let Ok(v) = value.to_str() {
                self.jar.add_cookie_str(v, request_url);
            }
        }
    }

    /// Plays the user from opening the authorization URL (the browser sends the authorization
    /// request itself) to the final redirect to [`REDIRECT_URI`]: log in as `user`.
    pub async fn open(&self, authorization_url: &Url, user: &str) -> Callback {
        let resp = self
            .client
            .get(authorization_url.clone())
            .send()
            .await
            .expect("GET authorization URL");
        let next = self.location(&resp, authorization_url);
        if next.as_str().starts_with(REDIRECT_URI) {
            return Callback { url: next };
        }
        self.interact(next, user).await
    }

    /// Plays the user from the SDK's authorization redirect to the final redirect to
    /// [`REDIRECT_URI`]: log in as `user` (which also grants consent).
    pub async fn login(&self, authorization: &Redirect, user: &str) -> Callback {
        assert!(
            authorization.status.is_redirection(),
            "authorization answered {}",
            authorization.status
        );
        let request_url = authorization
            .request_url
            .clone()
            .expect("the redirect carries its request URL");
        self.keep_cookies(&authorization.headers, &request_url);
        let interaction = authorization
            .location_url()
            .expect("authorization redirect has a Location");
        if interaction.as_str().starts_with(REDIRECT_URI) {
            // Existing session and grant: no interaction needed.
            return Callback { url: interaction };
        }
        self.interact(interaction, user).await
    }

    /// The provider's interaction: log in as `user` (which also grants consent), then follow
    /// the resume redirect to the client's callback.
    async fn interact(&self, interaction: Url, user: &str) -> Callback {
        assert!(
            interaction.path().starts_with("/interaction/"),
            "unexpected authorization redirect to {interaction}"
        );

        // The interaction page (JSON): the provider asks for a login.
        let resp = self
            .client
            .get(interaction.clone())
            .header("accept", "application/json")
            .send()
            .await
            .expect("GET interaction");
        assert_eq!(resp.status(), 200, "GET {interaction}");
        let body = resp.bytes().await.expect("interaction body");
        let details: serde_json::Value = serde_json::from_slice(&body).expect("interaction JSON");
        assert_eq!(details["prompt"]["name"], "login", "{details}");

        // Log in (and consent).
        let login_url = interaction
            .join(&format!("{}/login", interaction.path()))
            .expect("login URL");
        let resp = self
            .client
            .post(login_url.clone())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(
                url::form_urlencoded::Serializer::new(String::new())
                    .append_pair("login", user)
                    .finish(),
            )
            .send()
            .await
            .expect("POST login");
        let resume = self.location(&resp, &login_url);

        // Resume the authorization: redirected to the client.
        let resp = self
            .client
            .get(resume.clone())
            .send()
            .await
            .expect("GET resume");
        let callback = self.location(&resp, &resume);
        assert!(
            callback.as_str().starts_with(REDIRECT_URI),
            "expected a redirect to {REDIRECT_URI}, got {callback}"
        );
        Callback { url: callback }
    }

    fn location(&self, resp: &reqwest::Response, request: &Url) -> Url {
        assert!(
            resp.status().is_redirection(),
            "{request} answered {} instead of a redirect",
            resp.status()
        );
        let loc = resp
            .headers()
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("{request}: redirect without Location"));
        request
            .join(loc)
            .or_else(|_| self.issuer.join(loc))
            .expect("Location URL")
    }
}
