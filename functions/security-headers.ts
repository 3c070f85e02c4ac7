/**
 * The site's response headers, in one place: CloudFront's response headers policies (infra/stacks/web.ts)
 * and the local server (functions/api/local-server.ts) both build theirs from here, so a browser
 * meets the same Content-Security-Policy, Permissions-Policy and caching locally and in AWS.
 * Plain data and string functions only: no Node built-ins, no AWS SDK (CDK tokens pass through
 * the string joins untouched).
 */

/** A CSP as directive → sources, kept as data so tests and CloudFront read the same thing. */
export type CspDirectives = Record<string, readonly string[]>;

export function serializeCsp(directives: CspDirectives): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');
}

/**
 * The web app and the public page (/public/): scripts and styles from our own files only.
 * `connectSrc` adds what the app calls beside its own origin (in AWS the execute-api name and
 * the Cognito hosted-UI domain, where the app exchanges its sign-in code).
 */
export function siteCsp(connectSrc: readonly string[] = []): CspDirectives {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...connectSrc],
    'object-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
  };
}

/**
 * The digest preview frame. The digest is e-mail HTML, styled with inline `style` attributes
 * (mail clients ignore stylesheets), so a frame that inherits the site's policy (srcdoc, blob:)
 * shows it unstyled. Instead the web app frames this static document, which has a policy of its
 * own: inline styles, images from data: and our origin, its one script from our origin, nothing
 * else — no connections, no forms, no plugins — and it may be framed by our own pages only. The
 * page hands it the HTML with postMessage.
 */
export const DIGEST_PREVIEW_PATH = '/digest-preview.html';
export const DIGEST_PREVIEW_CSP: CspDirectives = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'frame-ancestors': ["'self'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
};

/** API answers are data, never a document to render or frame. */
export const API_CSP: CspDirectives = { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] };

/**
 * Browser features the app never uses, switched off for it and anything it might embed.
 * (CloudFront has no field for this header: it goes out as a custom header.)
 */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'publickey-credentials-get=()',
  'screen-wake-lock=()',
  'usb=()',
  'xr-spatial-tracking=()',
].join(', ');

export const REFERRER_POLICY = 'strict-origin-when-cross-origin';
/** Two years, subdomains, preload: sent over HTTPS only (CloudFront); browsers ignore it over http. */
export const HSTS_MAX_AGE_SECONDS = 2 * 365 * 24 * 60 * 60;

/**
 * Cache-Control by kind of file. Entry points are revalidated on every load so a deploy is seen at
 * once; Vite's hashed assets never change under their name, so browsers keep them a year (and a
 * deploy keeps the previous release's assets, for pages still open). Published open data changes
 * only when HQ republishes: five minutes is fresh enough and spares the origin.
 */
export const CACHE_CONTROL = {
  entryPoint: 'no-cache',
  hashedAsset: 'public, max-age=31536000, immutable',
  openData: 'public, max-age=300',
  api: 'no-store',
} as const;

/** Where Vite puts hashed files (build.assetsDir), for every entry (/ and /public/). */
export const HASHED_ASSETS_PREFIX = '/assets/';
export const OPEN_DATA_PREFIX = '/open-data/';

/**
 * The Cache-Control an answer for a path of the site gets, by its HTTP status. API answers are personal
 * and change with every write: never stored (the API's pipeline sets the same, functions/http/pipeline.ts).
 * An error answer is not the file: a 404 for /assets/x.js kept `immutable` for a year would outlive the
 * deploy that adds the file, so errors are never stored either.
 */
export function cacheControlFor(path: string, status = 200): string {
  if (path === '/api' || path.startsWith('/api/') || status >= 400) return CACHE_CONTROL.api;
  if (path.startsWith(HASHED_ASSETS_PREFIX)) return CACHE_CONTROL.hashedAsset;
  if (path.startsWith(OPEN_DATA_PREFIX)) return CACHE_CONTROL.openData;
  return CACHE_CONTROL.entryPoint;
}

/** Headers every response carries besides its CSP. */
export const COMMON_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': REFERRER_POLICY,
  'Permissions-Policy': PERMISSIONS_POLICY,
} as const;

/**
 * Every security header for a path, as the local server sends them (CloudFront adds HSTS on top).
 * `connectSrc` as in siteCsp. X-Frame-Options says what frame-ancestors says, for old browsers.
 */
export function securityHeadersFor(path: string, connectSrc: readonly string[] = []): Record<string, string> {
  const api = path === '/api' || path.startsWith('/api/');
  const preview = path === DIGEST_PREVIEW_PATH;
  const csp = api ? API_CSP : preview ? DIGEST_PREVIEW_CSP : siteCsp(connectSrc);
  return {
    ...COMMON_HEADERS,
    'Content-Security-Policy': serializeCsp(csp),
    'X-Frame-Options': preview ? 'SAMEORIGIN' : 'DENY',
  };
}
