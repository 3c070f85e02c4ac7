import type { TokenClaims } from './claims.ts';

/**
 * Checks a bearer token and returns its claims, or throws. Local tokens (local.ts) and, in AWS, the
 * claims API Gateway's authorizer checked (gateway.ts) sit behind this. `env` is the request's runtime
 * context as Hono has it (in Lambda, the event).
 */
export interface TokenVerifier {
  verify(token: string, env?: unknown): Promise<TokenClaims>;
}

/**
 * A verifier that remembers the tokens it has accepted, until each one's `exp`: a browser sends the same
 * ID token with every request for up to an hour, and checking its signature again each time was the
 * largest piece of our own CPU time in a report's GET and PUT (`npm run bench:api`). The local sign-in
 * (local.ts) uses it; in AWS no signature is checked in the function (gateway.ts). Keyed by the
 * whole token, signature included, so only the exact string that passed is taken on trust; refusals are
 * never remembered. At most `max` tokens, the oldest forgotten first.
 */
export function rememberVerified(verifier: TokenVerifier, max = 1000): TokenVerifier {
  const accepted = new Map<string, TokenClaims>();
  return {
    async verify(token, env) {
      const known = accepted.get(token);
      if (known && known.exp * 1000 > Date.now()) return known;
      accepted.delete(token);
      const claims = await verifier.verify(token, env);
      if (accepted.size >= max) accepted.delete(accepted.keys().next().value!);
      accepted.set(token, claims);
      return claims;
    },
  };
}
