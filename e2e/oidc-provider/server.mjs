// Test OAuth 2.0 / OpenID Connect provider for sdkgen end-to-end tests.
//
// Runs the certified `oidc-provider` package (v9) on 127.0.0.1 with
// RingCentral's OAuth paths. See README.md in this folder for the clients,
// the interaction steps and every difference from RingCentral.
//
// Usage:  node server.mjs [port]       (or OIDC_PORT=<port>; 0 or unset = free port)
// Prints exactly one line on stdout once listening:  READY http://127.0.0.1:<port>
// Everything else (provider notices, request errors) goes to stderr.
// Stops on SIGTERM / SIGINT, and when stdin is a pipe/socket that closes.

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as querystring from 'node:querystring';

import Provider, { errors } from 'oidc-provider';

// oidc-provider prints its notices with console.info (stdout); stdout is
// reserved for the READY line, so route all console output to stderr.
console.log = console.error;
console.info = console.error;

const RC_PATHS = {
  authorization: '/restapi/oauth/authorize',
  token: '/restapi/oauth/token',
  revocation: '/restapi/oauth/revoke',
};

// ---------------------------------------------------------------- settings

function envInt(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`invalid ${name}=${raw}: expected a non-negative integer`);
    process.exit(2);
  }
  return n;
}

const portArg = process.argv[2] ?? process.env.OIDC_PORT ?? '0';
const requestedPort = Number(portArg);
if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65535) {
  console.error(`invalid port ${portArg}`);
  process.exit(2);
}
const ACCESS_TOKEN_TTL = envInt('ACCESS_TOKEN_TTL', 3600) || 3600;
const REFRESH_TOKEN_TTL = envInt('REFRESH_TOKEN_TTL', 7 * 24 * 3600) || 7 * 24 * 3600;
const RC_EXTRA_FIELDS = process.env.RC_EXTRA_TOKEN_FIELDS === '1';
// Shape of successful token responses: `ringcentral` (default: adds `scope` and `session_id`,
// see Bridge 2), `plain` (oidc-provider's own RFC 6749 §5.1 response, untouched), or
// `expires_in_string` (RingCentral's fields with `expires_in` sent as a string, a shape the
// SDK's typed model rejects).
const TOKEN_RESPONSE = process.env.TOKEN_RESPONSE || 'ringcentral';
if (!['ringcentral', 'plain', 'expires_in_string'].includes(TOKEN_RESPONSE)) {
  console.error(`invalid TOKEN_RESPONSE=${TOKEN_RESPONSE}: expected ringcentral, plain or expires_in_string`);
  process.exit(2);
}

// Fixed test clients (see README.md). Secrets are test-only values.
const CLIENTS = {
  basic: { id: 'basic-client', secret: 'basic-client-secret' },
  jwt: { id: 'jwt-client', secret: 'jwt-client-secret-0123456789abcdef0123456789' }, // 44 chars
  pkjwt: { id: 'pkjwt-client' },
  public: { id: 'public-client' },
};
const REDIRECT_URI = 'http://127.0.0.1/callback';
// Optional extra redirect URIs for every client, comma-separated (e.g. a test
// that runs a real callback listener on http://127.0.0.1:<port>/cb).
const REDIRECT_URIS = [
  REDIRECT_URI,
  ...(process.env.EXTRA_REDIRECT_URIS ?? '').split(',').map((u) => u.trim()).filter(Boolean),
];
// Scope used when an authorization request carries none (RingCentral: "the
// app's permissions"). Any of APP_SCOPES, `openid` and `offline_access` may
// also be requested explicitly; other values are silently dropped.
const APP_SCOPES = ['ReadAccounts', 'ReadMessages', 'SMS'];
const DEFAULT_SCOPE = process.env.DEFAULT_SCOPE || APP_SCOPES.join(' ');
const CONFIDENTIAL_GRANTS = ['authorization_code', 'refresh_token', 'client_credentials'];

function loadPkjwtJwks() {
  let raw = process.env.PKJWT_JWKS;
  if (!raw && process.env.PKJWT_JWKS_FILE) {
    raw = fs.readFileSync(process.env.PKJWT_JWKS_FILE, 'utf8');
  }
  if (!raw) return undefined;
  const parsed = JSON.parse(raw);
  // Accept {"keys":[...]}, [...] or a single JWK.
  const keys = Array.isArray(parsed) ? parsed : (parsed.keys ?? [parsed]);
  // Only public parts go into the client registration.
  const publicKeys = keys.map((jwk) => {
    const pub = crypto.createPublicKey({ key: jwk, format: 'jwk' }).export({ format: 'jwk' });
    for (const k of ['kid', 'alg', 'use']) if (jwk[k] !== undefined) pub[k] = jwk[k];
    return pub;
  });
  return { keys: publicKeys };
}

function buildClients() {
  const clients = [
    {
      client_id: CLIENTS.basic.id,
      client_secret: CLIENTS.basic.secret,
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: CONFIDENTIAL_GRANTS,
      response_types: ['code'],
      redirect_uris: REDIRECT_URIS,
    },
    {
      client_id: CLIENTS.jwt.id,
      client_secret: CLIENTS.jwt.secret,
      token_endpoint_auth_method: 'client_secret_jwt',
      grant_types: CONFIDENTIAL_GRANTS,
      response_types: ['code'],
      redirect_uris: REDIRECT_URIS,
    },
    {
      client_id: CLIENTS.public.id,
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: REDIRECT_URIS,
    },
  ];
  const jwks = loadPkjwtJwks();
  if (jwks) {
    clients.push({
      client_id: CLIENTS.pkjwt.id,
      token_endpoint_auth_method: 'private_key_jwt',
      jwks,
      grant_types: CONFIDENTIAL_GRANTS,
      response_types: ['code'],
      redirect_uris: REDIRECT_URIS,
    });
  } else {
    console.error('note: PKJWT_JWKS / PKJWT_JWKS_FILE not set, pkjwt-client is not registered');
  }
  return clients;
}

// ------------------------------------------------------------ body helpers

async function readRawBody(req, limit = 56 * 1024) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw new Error('request entity too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readForm(ctx) {
  const raw = await readRawBody(ctx.req);
  if (ctx.is('application/json')) return raw ? JSON.parse(raw) : {};
  return querystring.parse(raw);
}

// Re-feed a (possibly modified) urlencoded body to oidc-provider. Its body
// parser falls back to `req.body` once the request stream has been consumed.
async function rewriteFormBody(ctx, mutate) {
  const raw = await readRawBody(ctx.req);
  const isForm = ctx.is('application/x-www-form-urlencoded') || !raw;
  if (!isForm) {
    ctx.req.body = raw; // not a form: pass through untouched
    return;
  }
  const body = { ...querystring.parse(raw) };
  mutate(body);
  const encoded = querystring.stringify(body);
  ctx.req.headers['content-type'] = 'application/x-www-form-urlencoded';
  ctx.req.headers['content-length'] = String(Buffer.byteLength(encoded));
  delete ctx.req.headers['transfer-encoding'];
  ctx.req.body = encoded;
}

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// --------------------------------------------------------------- provider

function makeProvider(issuer) {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'sig-rs256', use: 'sig', alg: 'RS256' };

  const configuration = {
    clients: buildClients(),
    jwks: { keys: [signingKey] },
    cookies: {
      keys: ['sdkgen-e2e-cookie-key-not-secret'],
      // Required by enableHttpPostMethods. Over plain http the cookies are not
      // `Secure`; browsers would drop SameSite=None cookies, HTTP clients don't.
      long: { httpOnly: true, sameSite: 'none' },
    },
    // RingCentral accepts POST on the authorization endpoint too.
    enableHttpPostMethods: true,
    routes: RC_PATHS,
    // Custom RingCentral-like scope names, so that a `scope` value sent by an
    // SDK can be granted and echoed back (see README: scopes).
    scopes: ['openid', 'offline_access', ...APP_SCOPES],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      // A client may revoke only its own tokens (oidc-provider's default policy,
      // stated here to silence its "you SHOULD change it" notice).
      revocation: {
        enabled: true,
        allowedPolicy: async (ctx, client, token) => {
          if (token.clientId === client.clientId) return true;
          if (client.clientAuthMethod === 'none') return false;
          throw new errors.InvalidRequest('client is not authorized to revoke the presented token');
        },
      },
      // Not a RingCentral endpoint; handy for tests to ask whether a token is
      // still active (POST /token/introspection, same client authentication).
      introspection: {
        enabled: true,
        allowedPolicy: async (ctx, client, token) => client.clientAuthMethod !== 'none'
          || token.clientId === client.clientId,
      },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: false },
      // Only Resource Indicator requests name a resource; none is the default.
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => undefined,
        useGrantedResource: async () => false,
        getResourceServerInfo: async () => {
          throw new errors.InvalidTarget();
        },
      },
    },
    pkce: {
      // Public clients must use PKCE (S256, the only method oidc-provider 9 supports);
      // confidential clients may.
      required: (ctx, client) => client.clientAuthMethod === 'none',
    },
    // RingCentral returns a refresh token on every code exchange without any
    // special scope or prompt; do the same for any client allowed to refresh.
    issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
    // Refresh tokens do not die with the provider's browser session.
    expiresWithSession: async () => false,
    // RingCentral rotates the refresh token on every refresh.
    rotateRefreshToken: () => true,
    // First-party test clients: consent is implied. The interaction POST
    // creates the grant; later requests in the same session reuse it.
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId
        || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
    findAccount: async (ctx, sub) => ({
      accountId: sub,
      claims: async () => ({ sub, name: sub }),
    }),
    ttl: {
      AccessToken: () => ACCESS_TOKEN_TTL,
      ClientCredentials: () => ACCESS_TOKEN_TTL,
      RefreshToken: () => REFRESH_TOKEN_TTL,
      AuthorizationCode: () => 60,
      IdToken: () => 3600,
      Interaction: () => 3600,
      Session: () => 24 * 3600,
      Grant: () => 14 * 24 * 3600,
    },
    clientBasedCORS: () => false,
    renderError: async (ctx, out) => {
      // Plain JSON instead of an HTML page for errors that cannot be redirected.
      ctx.type = 'json';
      ctx.body = out;
    },
    interactions: {
      url: async (ctx, interaction) => `/interaction/${interaction.uid}`,
    },
  };

  const provider = new Provider(issuer, configuration);
  provider.on('server_error', (ctx, err) => console.error('server_error', ctx.path, err));

  // Bridge 1: RingCentral accepts the revocation `token` in the query string;
  // oidc-provider reads POST parameters from the form body only. Move a
  // query `token` (and `token_type_hint`) into the body when the body has none.
  provider.use(async (ctx, next) => {
    if (ctx.method === 'POST' && ctx.path === RC_PATHS.revocation && ctx.query.token !== undefined) {
      await rewriteFormBody(ctx, (body) => {
        if (body.token !== undefined) return;
        body.token = ctx.query.token;
        if (body.token_type_hint === undefined && ctx.query.token_type_hint !== undefined) {
          body.token_type_hint = ctx.query.token_type_hint;
        }
      });
    }
    await next();
  });

  // Bridge 1b: RingCentral's authorize does not require `scope` (the app's
  // registered permissions apply); oidc-provider refuses to finish a request
  // that granted no scope. Supply DEFAULT_SCOPE when the request has none.
  provider.use(async (ctx, next) => {
    if (ctx.path === RC_PATHS.authorization) {
      const lacksScope = (p) => !p.scope && p.request === undefined && p.request_uri === undefined;
      if (ctx.method === 'GET' && lacksScope(ctx.query)) {
        ctx.query = { ...ctx.query, scope: DEFAULT_SCOPE };
      } else if (ctx.method === 'POST') {
        await rewriteFormBody(ctx, (body) => {
          if (lacksScope(body)) body.scope = DEFAULT_SCOPE;
        });
      }
    }
    await next();
  });

  // Bridge 2: RingCentral's TokenInfo always carries `scope` and `session_id`.
  // oidc-provider omits `scope` when nothing was granted and never sends
  // `session_id`; add both to successful token responses.
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.oidc?.route !== 'token' || ctx.status !== 200) return;
    if (TOKEN_RESPONSE === 'plain') return;
    const body = ctx.body;
    if (!body || typeof body !== 'object' || typeof body.access_token !== 'string') return;
    const { entities } = ctx.oidc;
    const source = entities.AuthorizationCode || entities.RefreshToken;
    if (body.scope === undefined) body.scope = '';
    if (body.session_id === undefined) {
      // Login session of the code / refresh token; client_credentials has no
      // session, so it gets a fresh random id (never derived from the token).
      body.session_id = source?.sessionUid || source?.grantId || crypto.randomUUID();
    }
    if (RC_EXTRA_FIELDS) {
      const accountId = source?.accountId;
      if (accountId !== undefined && body.owner_id === undefined) body.owner_id = accountId;
      if (body.endpoint_id === undefined) body.endpoint_id = ctx.oidc.client?.clientId;
      // Every refresh token is new (rotation is always on) and lives REFRESH_TOKEN_TTL.
      if (body.refresh_token && body.refresh_token_expires_in === undefined) {
        body.refresh_token_expires_in = REFRESH_TOKEN_TTL;
      }
    }
    if (TOKEN_RESPONSE === 'expires_in_string' && typeof body.expires_in === 'number') {
      body.expires_in = String(body.expires_in);
    }
    ctx.body = body;
  });

  // Minimal interaction endpoints (devInteractions is disabled).
  //   GET  /interaction/:uid        -> JSON (or HTML form) describing the request
  //   POST /interaction/:uid/login  -> login=<any> : finishes login AND consent
  //   POST /interaction/:uid/abort  -> ends the request with error=access_denied
  provider.use(async (ctx, next) => {
    const m = /^\/interaction\/([^/]+)(?:\/(login|abort))?\/?$/.exec(ctx.path);
    if (!m) return next();
    const [, uid, action] = m;
    ctx.set('cache-control', 'no-store');
    try {
      const details = await provider.interactionDetails(ctx.req, ctx.res);
      if (details.uid !== uid) throw new errors.SessionNotFound('interaction uid mismatch');

      if (!action && ctx.method === 'GET') {
        const info = {
          uid: details.uid,
          prompt: details.prompt,
          params: details.params,
          session: details.session ?? null,
          login_action: `/interaction/${uid}/login`,
          abort_action: `/interaction/${uid}/abort`,
        };
        if (ctx.accepts('json', 'html') === 'html') {
          ctx.type = 'html';
          ctx.body = `<!DOCTYPE html><html><head><title>Sign-in</title></head><body>
<h1>Sign-in to ${escapeHtml(details.params.client_id)}</h1>
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<input name="login" placeholder="any user name" autofocus required>
<button type="submit">Sign in and allow</button></form>
<form method="post" action="/interaction/${escapeHtml(uid)}/abort"><button type="submit">Deny</button></form>
<pre>${escapeHtml(JSON.stringify(info, null, 2))}</pre></body></html>`;
        } else {
          ctx.body = info;
        }
        return undefined;
      }
      if (ctx.method !== 'POST' || !action) {
        ctx.status = 405;
        ctx.body = { error: 'invalid_request', error_description: 'method not allowed' };
        return undefined;
      }

      const form = await readForm(ctx);
      let result;
      if (action === 'abort') {
        result = { error: 'access_denied', error_description: 'End-User aborted interaction' };
      } else {
        const accountId = String(form.login ?? form.username ?? '').trim() || details.session?.accountId;
        if (!accountId) {
          ctx.status = 400;
          ctx.body = { error: 'invalid_request', error_description: 'login is required' };
          return undefined;
        }
        // Consent: grant everything that was requested.
        const { params } = details;
        let grant = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
        if (!grant || grant.accountId !== accountId) {
          grant = new provider.Grant({ accountId, clientId: params.client_id });
        }
        if (params.scope) grant.addOIDCScope(params.scope);
        if (params.claims) {
          const claims = JSON.parse(params.claims);
          grant.addOIDCClaims([
            ...Object.keys(claims.id_token ?? {}),
            ...Object.keys(claims.userinfo ?? {}),
          ]);
        }
        const missing = details.prompt.details?.missingResourceScopes ?? {};
        for (const [indicator, scopes] of Object.entries(missing)) {
          grant.addResourceScope(indicator, scopes.join(' '));
        }
        const grantId = await grant.save();
        result = {
          login: { accountId },
          consent: { grantId },
        };
      }
      const redirectTo = await provider.interactionResult(ctx.req, ctx.res, result, {
        mergeWithLastSubmission: false,
      });
      ctx.status = 303;
      ctx.redirect(redirectTo);
      return undefined;
    } catch (err) {
      const status = err.statusCode || err.status || 500;
      ctx.status = status;
      ctx.type = 'json';
      ctx.body = {
        error: err.error || 'server_error',
        error_description: err.error_description || err.message,
      };
      if (status >= 500) console.error('interaction error', err);
      return undefined;
    }
  });

  return provider;
}

// ------------------------------------------------------------ lifecycle

const server = http.createServer();
let shuttingDown = false;

function shutdown(reason) {
  if (shuttingDown) return;
  shuttingDown = true;
  console.error(`oidc test provider stopping (${reason})`);
  server.close(() => process.exit(0));
  server.closeAllConnections?.();
  setTimeout(() => process.exit(0), 2000).unref();
}

process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGHUP', () => shutdown('SIGHUP'));

// Exit when the parent goes away: only if stdin is a pipe or socket (a test
// harness spawned us with a piped stdin). A TTY or /dev/null stdin is ignored.
try {
  const st = fs.fstatSync(0);
  if ((st.isFIFO() || st.isSocket()) && process.env.OIDC_IGNORE_STDIN !== '1') {
    process.stdin.on('end', () => shutdown('stdin closed'));
    process.stdin.on('close', () => shutdown('stdin closed'));
    process.stdin.on('error', () => shutdown('stdin error'));
    process.stdin.resume();
  }
} catch {
  // no stdin at all
}

server.listen(requestedPort, '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  const provider = makeProvider(issuer);
  server.on('request', provider.callback());
  process.stdout.write(`READY ${issuer}\n`);
});
server.on('error', (err) => {
  console.error(`listen failed: ${err.message}`);
  process.exit(1);
});
