#!/usr/bin/env bash
# Protocol-level proof that the test provider supports every flow the sdkgen
# RingCentral OAuth SDK needs. Uses curl for HTTP and `node -e` for JSON,
# URL parsing and JWT signing (no jq needed).
#
#   bash e2e/oidc-provider/check.sh
#
# Installs node_modules with `npm ci` when missing, starts server.mjs on a
# free port, runs the checks, always stops the server, and exits non-zero if
# any check failed. The last line is "N passed, N failed".
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"

if [ ! -d node_modules/oidc-provider ]; then
  npm ci --no-audit --no-fund >&2 || { echo "npm ci failed" >&2; exit 1; }
fi

WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null
    for _ in $(seq 1 30); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PASS=0
FAIL=0
ok() { PASS=$((PASS + 1)); echo "ok   - $1"; }
bad() { FAIL=$((FAIL + 1)); echo "FAIL - $1"; [ $# -gt 1 ] && echo "       $2"; }
expect_eq() { # name actual expected
  if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "expected [$3], got [$2]"; fi
}

# JSON field of a file: jget FILE FIELD  (prints "" when absent)
jget() {
  node -e 'const o=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));const v=o[process.argv[2]];process.stdout.write(v===undefined||v===null?"":typeof v==="object"?JSON.stringify(v):String(v))' -- "$1" "$2" 2>/dev/null
}
# Query parameter of a URL: qget URL NAME
qget() {
  node -e 'try { process.stdout.write(new URL(process.argv[1]).searchParams.get(process.argv[2]) ?? "") } catch {}' -- "$1" "$2"
}
urlenc() { node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' -- "$1"; }
# PKCE: verifier -> S256 challenge
s256() { node -e 'process.stdout.write(require("crypto").createHash("sha256").update(process.argv[1]).digest("base64url"))' -- "$1"; }
randstr() { node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("base64url"))'; }

# ---------------------------------------------------------------- keys
# Key pair for pkjwt-client, generated here like a Rust test would; the
# server only receives the public JWKS via PKJWT_JWKS_FILE.
node -e '
const c = require("crypto"), fs = require("fs");
const { privateKey } = c.generateKeyPairSync("ec", { namedCurve: "P-256" });
const priv = { ...privateKey.export({ format: "jwk" }), kid: "pkjwt-1", alg: "ES256" };
fs.writeFileSync(process.argv[1], JSON.stringify(priv));
const { d, ...pub } = priv;
fs.writeFileSync(process.argv[2], JSON.stringify({ keys: [pub] }));
' -- "$WORK/pkjwt-private.json" "$WORK/pkjwt-jwks.json"

# ---------------------------------------------------------------- server
ACCESS_TTL=120
ACCESS_TOKEN_TTL=$ACCESS_TTL PKJWT_JWKS_FILE="$WORK/pkjwt-jwks.json" \
  node server.mjs 0 >"$WORK/server.out" 2>"$WORK/server.err" </dev/null &
SERVER_PID=$!
BASE=""
for _ in $(seq 1 100); do
  BASE="$(sed -n 's/^READY //p' "$WORK/server.out")"
  [ -n "$BASE" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$BASE" ]; then
  echo "server did not become ready" >&2
  cat "$WORK/server.err" >&2
  exit 1
fi
echo "# server: $BASE (pid $SERVER_PID)"
TOKEN="$BASE/restapi/oauth/token"
AUTHZ="$BASE/restapi/oauth/authorize"
REVOKE="$BASE/restapi/oauth/revoke"
REDIRECT="http://127.0.0.1/callback"
BASIC_ID=basic-client
BASIC_SECRET=basic-client-secret
JWT_ID=jwt-client
JWT_SECRET=jwt-client-secret-0123456789abcdef0123456789

# post_token OUTFILE curl-args... -> prints HTTP status
post_token() {
  local out="$1"; shift
  curl -s -o "$out" -w '%{http_code}' -X POST "$@" "$TOKEN"
}

# ------------------------------------------------ client_credentials (basic)
st=$(post_token "$WORK/cc.json" -u "$BASIC_ID:$BASIC_SECRET" -d grant_type=client_credentials)
expect_eq "client_credentials basic: 200" "$st" 200
expect_eq "client_credentials: token_type Bearer" "$(jget "$WORK/cc.json" token_type)" Bearer
expect_eq "client_credentials: expires_in = ACCESS_TOKEN_TTL" "$(jget "$WORK/cc.json" expires_in)" "$ACCESS_TTL"
[ -n "$(jget "$WORK/cc.json" access_token)" ] && ok "client_credentials: access_token present" || bad "client_credentials: access_token present" "$(cat "$WORK/cc.json")"
node -e 'const o=require(process.argv[1]); process.exit("scope" in o && typeof o.session_id==="string" && o.session_id ? 0 : 1)' -- "$WORK/cc.json" \
  && ok "client_credentials: scope and session_id present" || bad "client_credentials: scope and session_id present" "$(cat "$WORK/cc.json")"
st=$(post_token "$WORK/cc2.json" -u "$BASIC_ID:$BASIC_SECRET" -d grant_type=client_credentials -d scope=ReadAccounts)
expect_eq "client_credentials with scope=ReadAccounts echoes scope" "$st:$(jget "$WORK/cc2.json" scope)" "200:ReadAccounts"

# ------------------------------------------------ wrong secret
st=$(post_token "$WORK/bad.json" -u "$BASIC_ID:wrong-secret" -d grant_type=client_credentials)
expect_eq "wrong secret: 401 invalid_client" "$st:$(jget "$WORK/bad.json" error)" "401:invalid_client"
[ -n "$(jget "$WORK/bad.json" error_description)" ] && ok "wrong secret: error_description present" || bad "wrong secret: error_description present"

# ------------------------------------------------ interactive authorization
# authorize JAR QUERY [METHOD] -> sets AUTH_LOC (final redirect) and AUTH_STEPS
# Performs: GET (or POST) /restapi/oauth/authorize -> 303 /interaction/<uid>
#           GET /interaction/<uid> (JSON) -> POST /interaction/<uid>/login
#           -> 303 /restapi/oauth/authorize/<uid> -> 303 redirect_uri?code&state&iss
authorize() {
  local jar="$1" query="$2" method="${3:-GET}" r st loc
  AUTH_LOC=""; AUTH_STEPS=""
  if [ "$method" = POST ]; then
    r=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -c "$jar" -b "$jar" -X POST \
      -H 'content-type: application/x-www-form-urlencoded' --data "$query" "$AUTHZ")
  else
    r=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -c "$jar" -b "$jar" "$AUTHZ?$query")
  fi
  st=${r%% *}; loc=${r#* }
  AUTH_STEPS="authorize:$st"
  case "$loc" in
    "$BASE"/interaction/*) ;;
    *) AUTH_LOC="$loc"; return 0 ;;   # error or no interaction needed
  esac
  r=$(curl -s -o "$WORK/interaction.json" -w '%{http_code}' -c "$jar" -b "$jar" -H 'accept: application/json' "$loc")
  AUTH_STEPS="$AUTH_STEPS interaction:$r/$(jget "$WORK/interaction.json" prompt | node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0,"utf8")).name)')"
  r=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -c "$jar" -b "$jar" -d login=alice "$loc/login")
  st=${r%% *}; loc=${r#* }
  AUTH_STEPS="$AUTH_STEPS login:$st"
  r=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -c "$jar" -b "$jar" "$loc")
  st=${r%% *}; AUTH_LOC=${r#* }
  AUTH_STEPS="$AUTH_STEPS resume:$st"
}

REDIR_ENC=$(urlenc "$REDIRECT")
ISS_EXPECTED="$BASE"

# --- basic-client, PKCE, GET authorize
VER=$(randstr); CH=$(s256 "$VER"); STATE=st-$(randstr)
authorize "$WORK/jar1" "response_type=code&client_id=$BASIC_ID&redirect_uri=$REDIR_ENC&state=$STATE&code_challenge=$CH&code_challenge_method=S256"
expect_eq "code flow basic: steps" "$AUTH_STEPS" "authorize:303 interaction:200/login login:303 resume:303"
case "$AUTH_LOC" in "$REDIRECT"\?*) ok "code flow basic: redirected to redirect_uri" ;; *) bad "code flow basic: redirected to redirect_uri" "$AUTH_LOC" ;; esac
CODE=$(qget "$AUTH_LOC" code)
expect_eq "code flow basic: state echoed" "$(qget "$AUTH_LOC" state)" "$STATE"
expect_eq "code flow basic: iss parameter" "$(qget "$AUTH_LOC" iss)" "$ISS_EXPECTED"
[ -n "$CODE" ] && ok "code flow basic: code present" || bad "code flow basic: code present" "$AUTH_LOC"

st=$(post_token "$WORK/t1.json" -u "$BASIC_ID:$BASIC_SECRET" -d grant_type=authorization_code \
  --data-urlencode "code=$CODE" --data-urlencode "redirect_uri=$REDIRECT" --data-urlencode "code_verifier=$VER")
expect_eq "code exchange basic: 200 Bearer" "$st:$(jget "$WORK/t1.json" token_type)" "200:Bearer"
RT1=$(jget "$WORK/t1.json" refresh_token)
[ -n "$RT1" ] && ok "code exchange basic: refresh_token issued (no scope/prompt needed)" || bad "code exchange basic: refresh_token issued" "$(cat "$WORK/t1.json")"
expect_eq "code exchange basic: default scope" "$(jget "$WORK/t1.json" scope)" "ReadAccounts ReadMessages SMS"
SID1=$(jget "$WORK/t1.json" session_id)
[ -n "$SID1" ] && ok "code exchange basic: session_id present" || bad "code exchange basic: session_id present"

st=$(post_token "$WORK/r1.json" -u "$BASIC_ID:$BASIC_SECRET" -d grant_type=refresh_token --data-urlencode "refresh_token=$RT1")
RT2=$(jget "$WORK/r1.json" refresh_token)
expect_eq "refresh basic: 200 Bearer" "$st:$(jget "$WORK/r1.json" token_type)" "200:Bearer"
[ -n "$RT2" ] && [ "$RT2" != "$RT1" ] && ok "refresh basic: refresh token rotated" || bad "refresh basic: refresh token rotated" "$(cat "$WORK/r1.json")"
expect_eq "refresh basic: same session_id" "$(jget "$WORK/r1.json" session_id)" "$SID1"
expect_eq "refresh basic: expires_in" "$(jget "$WORK/r1.json" expires_in)" "$ACCESS_TTL"

# --- second authorization in the same cookie jar: session + grant reused, no interaction
VER=$(randstr); CH=$(s256 "$VER")
authorize "$WORK/jar1" "response_type=code&client_id=$BASIC_ID&redirect_uri=$REDIR_ENC&state=s3&code_challenge=$CH&code_challenge_method=S256"
expect_eq "same cookie jar: authorize redirects straight to redirect_uri" "$AUTH_STEPS:$(qget "$AUTH_LOC" state)" "authorize:303:s3"

AT1=$(jget "$WORK/r1.json" access_token)
st=$(curl -s -o "$WORK/in1.json" -w '%{http_code}' -u "$BASIC_ID:$BASIC_SECRET" --data-urlencode "token=$AT1" "$BASE/token/introspection")
expect_eq "introspection (test aid): access token active" "$st:$(jget "$WORK/in1.json" active)" "200:true"
# revoke the current refresh token via the form body, then refresh fails
st=$(curl -s -o "$WORK/rv1.txt" -w '%{http_code}' -u "$BASIC_ID:$BASIC_SECRET" --data-urlencode "token=$RT2" "$REVOKE")
expect_eq "revoke via body: 200" "$st" 200
st=$(post_token "$WORK/r2.json" -u "$BASIC_ID:$BASIC_SECRET" -d grant_type=refresh_token --data-urlencode "refresh_token=$RT2")
expect_eq "refresh after revoke (body): 400 invalid_grant" "$st:$(jget "$WORK/r2.json" error)" "400:invalid_grant"

st=$(curl -s -o "$WORK/rv0.json" -w '%{http_code}' -u "$BASIC_ID:$BASIC_SECRET" -X POST "$REVOKE")
expect_eq "revoke without token: 400 invalid_request" "$st:$(jget "$WORK/rv0.json" error)" "400:invalid_request"
st=$(curl -s -o "$WORK/in2.json" -w '%{http_code}' -u "$BASIC_ID:$BASIC_SECRET" --data-urlencode "token=$AT1" "$BASE/token/introspection")
expect_eq "introspection: revoking the refresh token also revoked its access token" "$st:$(jget "$WORK/in2.json" active)" "200:false"

# --- basic-client, wrong code_verifier
VER=$(randstr); CH=$(s256 "$VER")
authorize "$WORK/jar2" "response_type=code&client_id=$BASIC_ID&redirect_uri=$REDIR_ENC&state=s2&code_challenge=$CH&code_challenge_method=S256"
CODE=$(qget "$AUTH_LOC" code)
st=$(post_token "$WORK/wv.json" -u "$BASIC_ID:$BASIC_SECRET" -d grant_type=authorization_code \
  --data-urlencode "code=$CODE" --data-urlencode "redirect_uri=$REDIRECT" --data-urlencode "code_verifier=$(randstr)")
expect_eq "wrong code_verifier: 400 invalid_grant" "$st:$(jget "$WORK/wv.json" error)" "400:invalid_grant"

# --- reused code: error, and the tokens issued from that code are revoked (RFC 6749 4.1.2)
VER=$(randstr); CH=$(s256 "$VER")
authorize "$WORK/jar2b" "response_type=code&client_id=$BASIC_ID&redirect_uri=$REDIR_ENC&state=s2b&code_challenge=$CH&code_challenge_method=S256"
CODE=$(qget "$AUTH_LOC" code)
st=$(post_token "$WORK/t2b.json" -u "$BASIC_ID:$BASIC_SECRET" -d grant_type=authorization_code \
  --data-urlencode "code=$CODE" --data-urlencode "redirect_uri=$REDIRECT" --data-urlencode "code_verifier=$VER")
expect_eq "code exchange (for reuse test): 200" "$st" 200
RTB=$(jget "$WORK/t2b.json" refresh_token)
st=$(post_token "$WORK/t2c.json" -u "$BASIC_ID:$BASIC_SECRET" -d grant_type=authorization_code \
  --data-urlencode "code=$CODE" --data-urlencode "redirect_uri=$REDIRECT" --data-urlencode "code_verifier=$VER")
expect_eq "reused code: 400 invalid_grant" "$st:$(jget "$WORK/t2c.json" error)" "400:invalid_grant"
st=$(post_token "$WORK/t2d.json" -u "$BASIC_ID:$BASIC_SECRET" -d grant_type=refresh_token --data-urlencode "refresh_token=$RTB")
expect_eq "refresh token from a reused code is revoked: invalid_grant" "$st:$(jget "$WORK/t2d.json" error)" "400:invalid_grant"

# --- POST authorize, explicit scope, no PKCE (allowed for confidential clients)
authorize "$WORK/jar3" "response_type=code&client_id=$BASIC_ID&redirect_uri=$REDIR_ENC&state=s4&scope=ReadAccounts" POST
CODE=$(qget "$AUTH_LOC" code)
st=$(post_token "$WORK/t4.json" -u "$BASIC_ID:$BASIC_SECRET" -d grant_type=authorization_code \
  --data-urlencode "code=$CODE" --data-urlencode "redirect_uri=$REDIRECT")
expect_eq "POST authorize + scope=ReadAccounts: token scope" "$st:$(jget "$WORK/t4.json" scope)" "200:ReadAccounts"
RT4=$(jget "$WORK/t4.json" refresh_token)
# revoke via the query string (RingCentral style, bridged), then refresh fails
st=$(curl -s -o "$WORK/rv2.txt" -w '%{http_code}' -u "$BASIC_ID:$BASIC_SECRET" -X POST "$REVOKE?token=$(urlenc "$RT4")")
expect_eq "revoke via query string: 200" "$st" 200
st=$(post_token "$WORK/r4.json" -u "$BASIC_ID:$BASIC_SECRET" -d grant_type=refresh_token --data-urlencode "refresh_token=$RT4")
expect_eq "refresh after revoke (query): 400 invalid_grant" "$st:$(jget "$WORK/r4.json" error)" "400:invalid_grant"

# --- OpenID scopes: openid + offline_access with prompt=consent also works
VER=$(randstr); CH=$(s256 "$VER")
authorize "$WORK/jar4" "response_type=code&client_id=$BASIC_ID&redirect_uri=$REDIR_ENC&state=s5&scope=openid%20offline_access&prompt=consent&code_challenge=$CH&code_challenge_method=S256"
CODE=$(qget "$AUTH_LOC" code)
st=$(post_token "$WORK/t5.json" -u "$BASIC_ID:$BASIC_SECRET" -d grant_type=authorization_code \
  --data-urlencode "code=$CODE" --data-urlencode "redirect_uri=$REDIRECT" --data-urlencode "code_verifier=$VER")
node -e 'const o=require(process.argv[1]); process.exit(o.id_token && o.refresh_token && o.scope==="openid offline_access" ? 0 : 1)' -- "$WORK/t5.json" \
  && ok "scope=openid offline_access + prompt=consent: id_token + refresh_token" || bad "scope=openid offline_access: id_token + refresh_token" "$(cat "$WORK/t5.json")"

# --- interaction abort -> access_denied
authorize_abort() {
  local jar="$WORK/jar5" r loc
  r=$(curl -s -o /dev/null -w '%{redirect_url}' -c "$jar" -b "$jar" "$AUTHZ?response_type=code&client_id=$BASIC_ID&redirect_uri=$REDIR_ENC&state=s6")
  r=$(curl -s -o /dev/null -w '%{redirect_url}' -c "$jar" -b "$jar" -X POST "$r/abort")
  curl -s -o /dev/null -w '%{redirect_url}' -c "$jar" -b "$jar" "$r"
}
LOC=$(authorize_abort)
expect_eq "interaction abort: error=access_denied to redirect_uri" "$(qget "$LOC" error):$(qget "$LOC" state)" "access_denied:s6"

# ------------------------------------------------ public client (PKCE required)
authorize "$WORK/jar6" "response_type=code&client_id=public-client&redirect_uri=$REDIR_ENC&state=p0"
expect_eq "public client without PKCE: error=invalid_request" "$(qget "$AUTH_LOC" error)" "invalid_request"
authorize "$WORK/jar6" "response_type=code&client_id=public-client&redirect_uri=$REDIR_ENC&state=p0&code_challenge=$(s256 x-long-enough-plain-verifier-0123456789abcdef)&code_challenge_method=plain"
expect_eq "PKCE method plain rejected: error=invalid_request" "$(qget "$AUTH_LOC" error)" "invalid_request"
VER=$(randstr); CH=$(s256 "$VER")
authorize "$WORK/jar7" "response_type=code&client_id=public-client&redirect_uri=$REDIR_ENC&state=p1&code_challenge=$CH&code_challenge_method=S256"
CODE=$(qget "$AUTH_LOC" code)
st=$(post_token "$WORK/p1.json" -d grant_type=authorization_code -d client_id=public-client \
  --data-urlencode "code=$CODE" --data-urlencode "redirect_uri=$REDIRECT" --data-urlencode "code_verifier=$VER")
PRT=$(jget "$WORK/p1.json" refresh_token)
expect_eq "public client code exchange: 200 Bearer + refresh_token" "$st:$(jget "$WORK/p1.json" token_type):${PRT:+yes}" "200:Bearer:yes"
st=$(post_token "$WORK/p2.json" -d grant_type=refresh_token -d client_id=public-client --data-urlencode "refresh_token=$PRT")
expect_eq "public client refresh: 200" "$st" 200
st=$(post_token "$WORK/p3.json" -d grant_type=refresh_token -d client_id=public-client --data-urlencode "refresh_token=$PRT")
expect_eq "public client: reusing a rotated refresh token: invalid_grant" "$st:$(jget "$WORK/p3.json" error)" "400:invalid_grant"

# ------------------------------------------------ client_secret_jwt / private_key_jwt
# assertion MODE -> prints a client_assertion JWT (aud = token endpoint URL)
assertion() {
  node -e '
const c = require("crypto"), fs = require("fs");
const [mode, aud, secret, keyFile] = process.argv.slice(1);
const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
const now = Math.floor(Date.now() / 1000);
const iss = mode === "hs" ? "jwt-client" : "pkjwt-client";
const payload = { iss, sub: iss, aud, jti: c.randomUUID(), iat: now, exp: now + 60 };
let header, sig;
if (mode === "hs") {
  header = { alg: "HS256", typ: "JWT" };
  const input = b64(header) + "." + b64(payload);
  sig = c.createHmac("sha256", secret).update(input).digest("base64url");
  process.stdout.write(input + "." + sig);
} else {
  const jwk = JSON.parse(fs.readFileSync(keyFile, "utf8"));
  header = { alg: "ES256", typ: "JWT", kid: jwk.kid };
  const input = b64(header) + "." + b64(payload);
  const key = c.createPrivateKey({ key: jwk, format: "jwk" });
  sig = c.sign("sha256", Buffer.from(input), { key, dsaEncoding: "ieee-p1363" }).toString("base64url");
  process.stdout.write(input + "." + sig);
}' -- "$1" "$TOKEN" "$JWT_SECRET" "$WORK/pkjwt-private.json"
}
JWT_TYPE="urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

A=$(assertion hs)
st=$(post_token "$WORK/j1.json" -d grant_type=client_credentials --data-urlencode "client_assertion_type=$JWT_TYPE" --data-urlencode "client_assertion=$A")
expect_eq "client_secret_jwt client_credentials: 200 Bearer" "$st:$(jget "$WORK/j1.json" token_type)" "200:Bearer"
st=$(post_token "$WORK/j2.json" -d grant_type=client_credentials --data-urlencode "client_assertion_type=$JWT_TYPE" --data-urlencode "client_assertion=$A")
expect_eq "client_secret_jwt replayed assertion: 401 invalid_client" "$st:$(jget "$WORK/j2.json" error)" "401:invalid_client"

VER=$(randstr); CH=$(s256 "$VER")
authorize "$WORK/jar8" "response_type=code&client_id=$JWT_ID&redirect_uri=$REDIR_ENC&state=j3&code_challenge=$CH&code_challenge_method=S256"
CODE=$(qget "$AUTH_LOC" code)
st=$(post_token "$WORK/j3.json" -d grant_type=authorization_code --data-urlencode "code=$CODE" --data-urlencode "redirect_uri=$REDIRECT" \
  --data-urlencode "code_verifier=$VER" --data-urlencode "client_assertion_type=$JWT_TYPE" --data-urlencode "client_assertion=$(assertion hs)")
expect_eq "client_secret_jwt code exchange: 200 + refresh_token" "$st:$( [ -n "$(jget "$WORK/j3.json" refresh_token)" ] && echo yes)" "200:yes"

st=$(post_token "$WORK/k1.json" -d grant_type=client_credentials --data-urlencode "client_assertion_type=$JWT_TYPE" --data-urlencode "client_assertion=$(assertion es)")
expect_eq "private_key_jwt (ES256) client_credentials: 200 Bearer" "$st:$(jget "$WORK/k1.json" token_type)" "200:Bearer"
BAD_A="$(assertion es)"; BAD_A="${BAD_A%.*}.$(node -e 'process.stdout.write(Buffer.alloc(64,1).toString("base64url"))')"
st=$(post_token "$WORK/k2.json" -d grant_type=client_credentials --data-urlencode "client_assertion_type=$JWT_TYPE" --data-urlencode "client_assertion=$BAD_A")
expect_eq "private_key_jwt bad signature: 401 invalid_client" "$st:$(jget "$WORK/k2.json" error)" "401:invalid_client"

# ------------------------------------------------ lifecycle
kill -TERM "$SERVER_PID"
for _ in $(seq 1 30); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$SERVER_PID" 2>/dev/null; then bad "server stops on SIGTERM"; else ok "server stops on SIGTERM"; fi
wait "$SERVER_PID" 2>/dev/null; SERVER_PID=""

# Second server: stdin is a pipe (closing it must stop the server, as when a
# parent test process dies) and RC_EXTRA_TOKEN_FIELDS=1.
mkfifo "$WORK/stdin.fifo"
RC_EXTRA_TOKEN_FIELDS=1 node server.mjs 0 >"$WORK/server2.out" 2>"$WORK/server2.err" <"$WORK/stdin.fifo" &
SERVER_PID=$!
exec 7>"$WORK/stdin.fifo"
for _ in $(seq 1 100); do grep -q '^READY ' "$WORK/server2.out" && break; sleep 0.1; done
grep -q '^READY http://127.0.0.1:[0-9]*$' "$WORK/server2.out" && ok "second server READY line" || bad "second server READY line" "$(cat "$WORK/server2.out")"
BASE="$(sed -n 's/^READY //p' "$WORK/server2.out")"
TOKEN="$BASE/restapi/oauth/token"; AUTHZ="$BASE/restapi/oauth/authorize"
authorize "$WORK/jar9" "response_type=code&client_id=$BASIC_ID&redirect_uri=$REDIR_ENC&state=x1"
CODE=$(qget "$AUTH_LOC" code)
st=$(post_token "$WORK/x1.json" -u "$BASIC_ID:$BASIC_SECRET" -d grant_type=authorization_code \
  --data-urlencode "code=$CODE" --data-urlencode "redirect_uri=$REDIRECT")
expect_eq "RC_EXTRA_TOKEN_FIELDS=1: owner_id, endpoint_id, refresh_token_expires_in, default TTL" \
  "$st:$(jget "$WORK/x1.json" owner_id):$(jget "$WORK/x1.json" endpoint_id):$(jget "$WORK/x1.json" refresh_token_expires_in):$(jget "$WORK/x1.json" expires_in)" \
  "200:alice:basic-client:604800:3600"
exec 7>&-
for _ in $(seq 1 30); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$SERVER_PID" 2>/dev/null; then bad "server stops when its stdin pipe closes"; else ok "server stops when its stdin pipe closes"; fi

if [ "$FAIL" -ne 0 ]; then
  echo "# server stderr:"; sed 's/^/#   /' "$WORK/server.err"
fi
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
