//! What a call through the generated SDK costs over a bare `reqwest` call doing the same exchange.
//!
//! The exchange is RingCentral's `get_token`: a form POST (`grant_type=password`) with HTTP Basic
//! client authentication (`client_secret_basic`), answered with a JSON token response that is
//! decoded into `TokenInfo`. The SDK side calls the checked-in generated crate (`generated/`); the
//! bare side builds the same request with a `reqwest::Client` (same headers, same body bytes, the
//! Basic value encoded once) and decodes the same type.
//!
//! The server is this binary run as a child process (`request-bench --serve`, hyper on loopback),
//! so the CPU time and the allocations counted here are the client's alone. Each mode runs
//! sequentially (one request at a time) and concurrently (`--tasks` requests in flight), rounds
//! alternating between SDK and bare client; the figures are medians over the rounds, and the best
//! round (the one least disturbed by other work on the machine).
//!
//! ```text
//! cargo run --release -p request-bench                       # 9 rounds of 10,000 requests
//! cargo run --release -p request-bench -- --rounds 9 --requests 5000 --tasks 32
//! ```
//!
//! A benchmark, not a test: it prints figures and fails only when an exchange fails.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{BufRead, Write};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use base64::Engine as _;
use ring_central::models::{GetTokenRequest, GetTokenRequestPassword, TokenInfo};
use ring_central::{RetryPolicy, RingCentral};

/// Counts every allocation (and reallocation) of this process.
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

// SAFETY: forwards every call to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const TOKEN_PATH: &str = "/restapi/oauth/token";
const CLIENT_ID: &str = "bench-client";
const CLIENT_SECRET: &str = "bench-secret";
const USER_AGENT: &str = "ring-central/0.1.0 (sdkgen)";

/// A realistic RingCentral token response.
const TOKEN_JSON: &str = r#"{
  "access_token": "U0pDMTFQMDFQQVMwMHxBQUJfTUpaT0FDQ0VTUy1UT0tFTg",
  "token_type": "bearer",
  "expires_in": 3600,
  "refresh_token": "U0pDMTFQMDFQQVMwMHxBQURSRUZSRVNILVRPS0VO",
  "refresh_token_expires_in": 604800,
  "scope": "ReadAccounts CallControl",
  "owner_id": "1234567890",
  "endpoint_id": "Xn9HcSfqQ8iyP_dyYF2tYQ",
  "session_id": "6a0d1a1e-1c1b-4c21-bbd4-5d6e26e1a7b0",
  "session_idle_timeout": 3600
}"#;

struct Options {
    rounds: usize,
    requests: usize,
    tasks: usize,
}

fn parse_options() -> Result<Options, String> {
    let mut o = Options { rounds: 9, requests: 10_000, tasks: 16 };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let n = match it.next().map(|v| v.parse::<usize>()) {
            Some(Ok(n)) if n > 0 => n,
            _ => return Err(format!("{a} needs a positive number")),
        };
        match a.as_str() {
            "--rounds" => o.rounds = n,
            "--requests" => o.requests = n,
            "--tasks" => o.tasks = n,
            _ => return Err(format!("unknown argument `{a}`")),
        }
    }
    Ok(o)
}

fn main() {
    if std::env::args().nth(1).as_deref() == Some("--serve") {
        serve();
        return;
    }
    let opts = match parse_options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}\nusage: request-bench [--rounds N] [--requests N] [--tasks N]");
            std::process::exit(2);
        }
    };
    let exe = std::env::current_exe().expect("own path");
    let mut server = Command::new(exe)
        .arg("--serve")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the server process");
    let mut line = String::new();
    std::io::BufReader::new(server.stdout.take().expect("server stdout"))
        .read_line(&mut line)
        .expect("server address");
    let base = format!("http://{}", line.trim());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(run(&base, &opts));
    // Closing its stdin ends the server.
    drop(server.stdin.take());
    let _ = server.wait();
}

/// The two clients under comparison.
#[derive(Clone)]
struct Clients {
    sdk: RingCentral,
    bare: reqwest::Client,
    bare_url: reqwest::Url,
    basic: reqwest::header::HeaderValue,
}

fn body() -> GetTokenRequest {
    GetTokenRequestPassword::new("+16501234567", "p@ss w&rd=").into()
}

impl Clients {
    fn new(base: &str) -> Clients {
        let sdk = RingCentral::builder()
            .base_url(base)
            .client_credentials(CLIENT_ID, CLIENT_SECRET)
            .retry_policy(RetryPolicy::none())
            .build()
            .expect("SDK client");
        let bare = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("reqwest client");
        let raw = format!("{CLIENT_ID}:{CLIENT_SECRET}");
        let mut basic = reqwest::header::HeaderValue::from_str(&format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(raw)
        ))
        .expect("header value");
        basic.set_sensitive(true);
        let bare_url = reqwest::Url::parse(&format!("{base}{TOKEN_PATH}")).expect("URL");
        Clients { sdk, bare, bare_url, basic }
    }

    async fn sdk_call(&self) {
        let token = self
            .sdk
            .o_auth_2_0_open_id_connect()
            .get_token(&body())
            .await
            .expect("SDK get_token");
        assert!(!token.access_token.is_empty());
    }

    /// The same exchange with `reqwest` alone: the form body built from the same values (in the
    /// order and encoding the SDK sends), the Basic value encoded once.
    async fn bare_call(&self) {
        let GetTokenRequest::Password(p) = body() else { unreachable!("a password grant") };
        let form = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("grant_type", "password")
            .append_pair("username", &p.username)
            .append_pair("password", &p.password)
            .finish();
        let resp = self
            .bare
            .post(self.bare_url.clone())
            .header(reqwest::header::AUTHORIZATION, self.basic.clone())
            .header(reqwest::header::ACCEPT, "application/json")
            .header(reqwest::header::USER_AGENT, USER_AGENT)
            .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(form)
            .send()
            .await
            .expect("bare request");
        assert_eq!(resp.status(), reqwest::StatusCode::OK);
        let bytes = resp.bytes().await.expect("bare body");
        let token: TokenInfo = serde_json::from_slice(&bytes).expect("token JSON");
        assert!(!token.access_token.is_empty());
    }

    async fn call(&self, sdk: bool) {
        if sdk { self.sdk_call().await } else { self.bare_call().await }
    }
}

/// Figures of one run of `n` requests.
#[derive(Clone, Copy)]
struct Sample {
    wall_us: f64,
    cpu_us: f64,
    allocs: f64,
}

/// User + system CPU time of this process.
fn cpu_time() -> Duration {
    // SAFETY: `getrusage` fills the zeroed struct it is given.
    let ru = unsafe {
        let mut ru: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut ru);
        ru
    };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, (t.tv_usec as u32) * 1000);
    tv(ru.ru_utime) + tv(ru.ru_stime)
}

async fn measure(clients: &Clients, sdk: bool, requests: usize, tasks: usize) -> Sample {
    let per_task = requests.div_ceil(tasks);
    let total = per_task * tasks;
    let (cpu0, a0, t0) = (cpu_time(), ALLOCATIONS.load(Ordering::Relaxed), Instant::now());
    if tasks == 1 {
        for _ in 0..total {
            clients.call(sdk).await;
        }
    } else {
        let clients = Arc::new(clients.clone());
        let mut handles = Vec::with_capacity(tasks);
        for _ in 0..tasks {
            let c = Arc::clone(&clients);
            handles.push(tokio::spawn(async move {
                for _ in 0..per_task {
                    c.call(sdk).await;
                }
            }));
        }
        for h in handles {
            h.await.expect("task");
        }
    }
    let wall = t0.elapsed();
    let (cpu, allocs) = (cpu_time() - cpu0, ALLOCATIONS.load(Ordering::Relaxed) - a0);
    let n = total as f64;
    Sample {
        wall_us: wall.as_secs_f64() * 1e6 / n,
        cpu_us: cpu.as_secs_f64() * 1e6 / n,
        allocs: allocs as f64 / n,
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn min(v: Vec<f64>) -> f64 {
    v.into_iter().fold(f64::INFINITY, f64::min)
}

async fn run(base: &str, opts: &Options) {
    let clients = Clients::new(base);
    // Warm-up: connections open, lazy state built.
    for sdk in [true, false] {
        measure(&clients, sdk, 200, 1).await;
        measure(&clients, sdk, 200, opts.tasks).await;
    }
    println!(
        "get_token (form POST, Basic auth, JSON token response) on loopback; {} rounds of {} requests; concurrent = {} tasks",
        opts.rounds, opts.requests, opts.tasks
    );
    println!("per request: median over the rounds (in brackets: the best round); × = SDK / bare");
    println!(
        "{:<11} {:>4} {:>17} {:>17} {:>12} {:>15} {:>15}",
        "mode", "", "wall µs", "CPU µs", "allocations", "wall ×", "CPU ×"
    );
    for (label, tasks) in [("sequential", 1), ("concurrent", opts.tasks)] {
        let mut sdk = Vec::new();
        let mut bare = Vec::new();
        for round in 0..opts.rounds {
            // Alternate which goes first, so neither always runs on a warmer machine.
            let order = if round % 2 == 0 { [true, false] } else { [false, true] };
            for s in order {
                let sample = measure(&clients, s, opts.requests, tasks).await;
                if s { sdk.push(sample) } else { bare.push(sample) }
            }
        }
        let m = |v: &[Sample], f: fn(&Sample) -> f64| median(v.iter().map(f).collect());
        let b = |v: &[Sample], f: fn(&Sample) -> f64| min(v.iter().map(f).collect());
        let (sw, sc, sa) = (m(&sdk, |s| s.wall_us), m(&sdk, |s| s.cpu_us), m(&sdk, |s| s.allocs));
        let (bw, bc, ba) = (m(&bare, |s| s.wall_us), m(&bare, |s| s.cpu_us), m(&bare, |s| s.allocs));
        let (sw1, sc1) = (b(&sdk, |s| s.wall_us), b(&sdk, |s| s.cpu_us));
        let (bw1, bc1) = (b(&bare, |s| s.wall_us), b(&bare, |s| s.cpu_us));
        let cell = |x: f64, best: f64| format!("{x:.1} [{best:.1}]");
        let ratio = |x: f64, best: f64| format!("{x:.3} [{best:.3}]");
        println!(
            "{label:<11} {:>4} {:>17} {:>17} {ba:>12.1}",
            "bare",
            cell(bw, bw1),
            cell(bc, bc1)
        );
        println!(
            "{label:<11} {:>4} {:>17} {:>17} {sa:>12.1} {:>15} {:>15}",
            "sdk",
            cell(sw, sw1),
            cell(sc, sc1),
            ratio(sw / bw, sw1 / bw1),
            ratio(sc / bc, sc1 / bc1)
        );
    }
}

/// The loopback server: answers `POST /restapi/oauth/token` carrying a Basic `Authorization` and
/// a form body with the token JSON, anything else with 400. Prints its address, then serves until
/// its stdin closes.
fn serve() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let mut out = std::io::stdout();
        writeln!(out, "{addr}").and_then(|()| out.flush()).expect("print address");
        std::thread::spawn(|| {
            let _ = std::io::copy(&mut std::io::stdin(), &mut std::io::sink());
            std::process::exit(0);
        });
        loop {
            let Ok((stream, _)) = listener.accept().await else { continue };
            let _ = stream.set_nodelay(true);
            tokio::spawn(async move {
                let service = hyper::service::service_fn(answer);
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                    .await;
            });
        }
    });
}

async fn answer(
    req: hyper::Request<hyper::body::Incoming>,
) -> Result<hyper::Response<http_body_util::Full<bytes::Bytes>>, hyper::Error> {
    use http_body_util::BodyExt as _;
    let ok = req.method() == hyper::Method::POST
        && req.uri().path() == TOKEN_PATH
        && req
            .headers()
            .get(hyper::header::AUTHORIZATION)
            .is_some_and(|v| v.as_bytes().starts_with(b"Basic "));
    let body = req.into_body().collect().await?.to_bytes();
    let ok = ok && body.starts_with(b"grant_type=password&");
    let (status, text) = if ok { (200, TOKEN_JSON) } else { (400, r#"{"error":"invalid_request"}"#) };
    let resp = hyper::Response::builder()
        .status(status)
        .header(hyper::header::CONTENT_TYPE, "application/json")
        .body(http_body_util::Full::new(bytes::Bytes::from_static(text.as_bytes())))
        .expect("response");
    Ok(resp)
}
