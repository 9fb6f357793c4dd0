//! Runs an example program: environment variables in, stdout lines out, a line to stdin (the
//! callback URL), every wait bounded.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use ring_central::runtime::{AuthorizationCodeFlow, OAuthToken};

use super::Browser;

/// Bound on each wait for an example (its first line, its exit).
const EXAMPLE_TIMEOUT: Duration = Duration::from_secs(60);

/// An example program to run.
pub struct Example {
    cmd: Command,
    name: String,
}

impl Example {
    pub fn new(bin: &str) -> Self {
        let mut cmd = Command::new(bin);
        for k in ["BASE_URL", "CLIENT_ID", "CLIENT_SECRET", "REDIRECT_URI", "TOKEN_JSON"] {
            cmd.env_remove(k);
        }
        Self { cmd, name: bin.to_string() }
    }

    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.cmd.env(key, value);
        self
    }

    pub fn spawn(mut self) -> Running {
        let mut child = self
            .cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", self.name));
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Running { child, stdin, lines, name: self.name, seen: Vec::new() }
    }

    /// Runs it with no input; its stdout once it exited successfully.
    pub fn run(self) -> String {
        self.spawn().finish()
    }
}

/// A running example.
pub struct Running {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: mpsc::Receiver<String>,
    name: String,
    seen: Vec<String>,
}

impl Running {
    /// The next line it prints.
    pub fn line(&mut self) -> String {
        match self.lines.recv_timeout(EXAMPLE_TIMEOUT) {
            Ok(l) => {
                self.seen.push(l.clone());
                l
            }
            Err(_) => {
                let _ = self.child.kill();
                let stderr = self.stderr();
                panic!("{} printed no line within {EXAMPLE_TIMEOUT:?}; stderr:\n{stderr}", self.name)
            }
        }
    }

    /// Writes one line to its stdin.
    pub fn send(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("stdin");
        writeln!(stdin, "{line}").expect("write to the example's stdin");
    }

    fn stderr(&mut self) -> String {
        let mut s = String::new();
        if let Some(mut e) = self.child.stderr.take() {
            let _ = e.read_to_string(&mut s);
        }
        s
    }

    /// Waits for it to exit (successfully) and returns everything it printed.
    pub fn finish(mut self) -> String {
        drop(self.stdin.take());
        let deadline = std::time::Instant::now() + EXAMPLE_TIMEOUT;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("wait for the example") {
                break status;
            }
            if std::time::Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("{} did not exit within {EXAMPLE_TIMEOUT:?}", self.name);
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        while let Ok(l) = self.lines.recv_timeout(Duration::from_secs(5)) {
            self.seen.push(l);
        }
        let out = self.seen.join("\n");
        if !status.success() {
            let stderr = self.stderr();
            panic!("{} failed ({status}); stdout:\n{out}\nstderr:\n{stderr}", self.name);
        }
        out
    }
}

/// Signs `user` in through the flow `$flow` of any of the SDKs (each has its own runtime types)
/// and exchanges the code: `sign_in!(flow, issuer, user).await`.
#[macro_export]
macro_rules! sign_in {
    ($flow:expr, $issuer:expr, $user:expr) => {
        async {
            let flow = &$flow;
            let (url, pending) = flow.authorization_url().expect("authorization URL");
            let callback = $crate::harness::Browser::new($issuer).open(&url, $user).await;
            let code = flow.callback(&pending, callback.url.as_str()).expect("callback");
            flow.exchange(&code, &pending).await.expect("exchange")
        }
    };
}

/// Signs `user` in through `flow` (the harness plays the browser) and exchanges the code.
pub async fn sign_in<T: OAuthToken>(flow: &AuthorizationCodeFlow<T>, issuer: &str, user: &str) -> T {
    let (url, pending) = flow.authorization_url().expect("authorization URL");
    let callback = Browser::new(issuer).open(&url, user).await;
    let code = flow.callback(&pending, callback.url.as_str()).expect("callback");
    flow.exchange(&code, &pending).await.expect("exchange")
}
