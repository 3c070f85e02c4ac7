import { submissionDeadline as deadlineOf } from '../../functions/domain/calendar/index.ts';

/**
 * Who is signed in. Locally a development token (POST /api/dev/token); in AWS the Cognito hosted UI
 * with authorization code + PKCE, configured by the config.json the stack writes next to the app.
 */
interface CognitoConfig {
  mode: 'cognito';
  apiUrl: string;
  clientId: string;
  cognitoDomain: string;
  origin: string;
}
/**
 * `deadline`: the yearly 提出期限 as MM-DD of the year after the 年度 (the stack's `deadline` setting, the local
 * server's DEADLINE); `headConfirmation`: whether 課内確認 is on (informational: the API decides).
 */
type Config = (CognitoConfig | { mode: 'local'; apiUrl: '' }) & { deadline?: string; headConfirmation?: boolean };

const TOKEN = 'shinchoku.token';
const VERIFIER = 'shinchoku.pkce';
const RETURN_TO = 'shinchoku.returnTo';
let config: Config = { mode: 'local', apiUrl: '' };

export async function loadConfig(): Promise<Config> {
  const response = await fetch('/config.json').catch(() => undefined);
  if (response?.ok && response.headers.get('content-type')?.includes('json')) config = (await response.json()) as Config;
  return config;
}

export const apiBase = () => config.apiUrl.replace(/\/$/, '');
export const isLocal = () => config.mode === 'local';
/** 提出期限 of a 年度's reports as an ISO date: the deployment's `deadline` (config.json), else 31 May after the year ends. */
export const submissionDeadline = (fiscalYear: number) => deadlineOf(fiscalYear, config.deadline);
export const token = () => sessionStorage.getItem(TOKEN);

export function setToken(value: string): void {
  sessionStorage.setItem(TOKEN, value);
}

/**
 * Remembers where the user was, so signing in again returns there (with their unsaved input restored).
 * `expired`: a call answered 401, as opposed to a deep link opened before signing in.
 */
export function rememberRoute(expired = true): void {
  // Several calls of one screen can fail together: the first one has already left for the sign-in page.
  if (location.hash.startsWith('#/signin') && sessionStorage.getItem(RETURN_TO)) return;
  const route = location.hash && !location.hash.startsWith('#/signin') ? location.hash : '#/';
  sessionStorage.setItem(RETURN_TO, JSON.stringify({ route, expired }));
}

export function hasReturnRoute(): boolean {
  return Boolean((JSON.parse(sessionStorage.getItem(RETURN_TO) ?? '{}') as { expired?: boolean }).expired);
}

export function returnRoute(): string {
  const { route = '#/' } = JSON.parse(sessionStorage.getItem(RETURN_TO) ?? '{}') as { route?: string };
  sessionStorage.removeItem(RETURN_TO);
  return route;
}

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

export async function startCognitoSignIn(): Promise<void> {
  if (config.mode !== 'cognito') return;
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(48)));
  sessionStorage.setItem(VERIFIER, verifier);
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: `${config.origin}/`,
    scope: 'openid email profile',
    code_challenge_method: 'S256',
    code_challenge: challenge,
  });
  location.assign(`${config.cognitoDomain}/oauth2/authorize?${params}`);
}

/** Finishes the hosted-UI round trip: exchanges ?code= for an ID token. */
export async function completeCognitoSignIn(): Promise<boolean> {
  const code = new URLSearchParams(location.search).get('code');
  if (config.mode !== 'cognito' || !code) return false;
  const response = await fetch(`${config.cognitoDomain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code,
      redirect_uri: `${config.origin}/`,
      code_verifier: sessionStorage.getItem(VERIFIER) ?? '',
    }),
  });
  history.replaceState(null, '', `/${location.hash}`);
  if (!response.ok) return false;
  setToken(((await response.json()) as { id_token: string }).id_token);
  return true;
}

export function signOut(): void {
  sessionStorage.removeItem(TOKEN);
  if (config.mode === 'cognito') {
    location.assign(`${config.cognitoDomain}/logout?${new URLSearchParams({ client_id: config.clientId, logout_uri: `${config.origin}/` })}`);
  } else {
    location.hash = '#/signin';
  }
}
