import { sign, verify } from 'hono/jwt';
import { parseTokenClaims } from './claims.ts';
import type { TokenClaims } from './claims.ts';
import { rememberVerified } from './verifier.ts';
import type { TokenVerifier } from './verifier.ts';

const EIGHT_HOURS = 8 * 60 * 60;

/**
 * Development sign-in (AUTH_MODE=local): HS256 tokens with the claims a Cognito ID token carries,
 * so everything after verification is the same code path as in AWS. The secret is per
 * installation (scripts/local/signing-key.ts), never a constant.
 */
export class LocalTokens implements TokenVerifier {
  /** A browser sends the same token with every request: its signature is checked once (verifier.ts). */
  private readonly checked: TokenVerifier;

  constructor(private readonly secret: string) {
    this.checked = rememberVerified({ verify: async (token) => parseTokenClaims(await verify(token, this.secret, 'HS256')) });
  }

  /** `claims` minus exp: any groups (hq, viewer, dept-<code>, head-<code>), valid for `lifetimeSeconds`. */
  issue(claims: Omit<TokenClaims, 'exp'>, lifetimeSeconds = EIGHT_HOURS): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return sign({ ...claims, token_use: 'id', iat: now, exp: now + lifetimeSeconds }, this.secret, 'HS256');
  }

  /** Signature, exp/nbf/iat (hono/jwt), then the claims' shape; throws on any of them. */
  verify(token: string): Promise<TokenClaims> {
    return this.checked.verify(token);
  }
}
