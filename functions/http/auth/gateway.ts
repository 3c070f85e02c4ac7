import { parseTokenClaims } from './claims.ts';
import type { TokenClaims } from './claims.ts';
import type { TokenVerifier } from './verifier.ts';

/** What API Gateway puts in a Lambda event (payload format 2.0) once its JWT authorizer has let a request in. */
interface AuthorizedEvent {
  event?: { requestContext?: { authorizer?: { jwt?: { claims?: Record<string, unknown> } } } };
}

/** "[hq dept-shomu]" → ["hq", "dept-shomu"]: how API Gateway writes a list claim (group names hold no spaces). */
function listClaim(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const inner = /^\[(.*)\]$/s.exec(value)?.[1];
  return (inner ?? value).split(' ').filter(Boolean);
}

/** "1767225600" → 1767225600: how API Gateway writes a NumericDate claim. */
const numberClaim = (value: unknown) => (typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : value);

/**
 * The API's sign-in in AWS. The HTTP API's JWT authorizer (infra/stacks/api.ts) checks each Cognito
 * token before the function is invoked (signature against the user pool's keys, issuer, audience = the
 * web client, expiry) and passes its claims in the event, at requestContext.authorizer.jwt.claims. The
 * function takes them from there instead of verifying the token a second time: no request to Cognito
 * for its keys on each cold start, no JWT library in the bundle. API Gateway alone writes that part of
 * the event, and only the authorizer's routes have it, so a request that arrives without it (a route
 * someone left without the authorizer) is refused, never let in.
 *
 * API Gateway writes every claim as text: numbers in decimal, lists as "[a b]" (payload format 2.0);
 * they are read back into a token's types and then checked like any token's (claims.ts). Only ID
 * tokens: the authorizer lets an access token through too (its client_id passes the audience check),
 * but an access token carries no name.
 *
 * `env` is what the Lambda adapter gives the app (hono/aws-lambda: { event, requestContext, lambdaContext }).
 */
export class GatewayAuthorizerClaims implements TokenVerifier {
  async verify(_token: string, env?: unknown): Promise<TokenClaims> {
    const claims = (env as AuthorizedEvent | undefined)?.event?.requestContext?.authorizer?.jwt?.claims;
    if (!claims) throw new Error('API Gateway の認可（JWT authorizer）を通っていないリクエストです');
    if (claims.token_use !== 'id') throw new Error('ID トークンではありません');
    return parseTokenClaims({
      ...claims,
      exp: numberClaim(claims.exp),
      'cognito:groups': claims['cognito:groups'] === undefined ? undefined : listClaim(claims['cognito:groups']),
    });
  }
}
