/**
 * Requests as API Gateway (HTTP API, payload format 2.0) hands them to a function once its JWT authorizer
 * has checked the caller's Cognito ID token: the claims ride in the event (functions/http/auth/gateway.ts),
 * every value written as text. The benches answer these with the deployed handlers, so they time the
 * sign-in path AWS runs rather than the local HS256 verifier and its cache.
 */

/** The claims API Gateway passes on for a caller in `groups` ("hq", "dept-shomu", …). */
export function gatewayClaims(groups: string[], sub = 'bench'): Record<string, string> {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub,
    name: '東根 太郎',
    'cognito:groups': `[${groups.join(' ')}]`,
    token_use: 'id',
    aud: 'webclient',
    iss: 'https://cognito-idp.ap-northeast-1.amazonaws.com/ap-northeast-1_bench',
    exp: String(now + 3600),
    iat: String(now),
  };
}

export interface GatewayRequest {
  method: string;
  /** Path and query as sent: "/api/fiscal-years/2026/export.csv?department=shomu". */
  url: string;
  /** Claims from gatewayClaims(); none for a route without the authorizer. */
  claims?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
}

/** The Lambda event for `request`. */
export function gatewayEvent({ method, url, claims, headers = {}, body }: GatewayRequest) {
  const [rawPath = '', rawQueryString = ''] = url.split('?');
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers: { host: 'shinchoku.example', ...(claims ? { authorization: 'Bearer checked.by.gateway' } : {}), ...headers },
    ...(body === undefined ? {} : { body }),
    requestContext: {
      http: { method, path: rawPath, sourceIp: '203.0.113.10', protocol: 'HTTP/1.1', userAgent: 'bench' },
      requestId: 'bench',
      stage: '$default',
      domainName: 'shinchoku.example',
      ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
    },
    isBase64Encoded: false,
  };
}

export const LAMBDA_CONTEXT = { functionName: 'bench', awsRequestId: 'bench' };
