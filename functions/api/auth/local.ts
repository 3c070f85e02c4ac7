import { sign, verify } from 'hono/jwt';
import type { TokenClaims } from './principal.ts';
import type { TokenVerifier } from './verifier.ts';

const EIGHT_HOURS = 8 * 60 * 60;

/**
 * Development sign-in (AUTH_MODE=local): HS256 tokens with the claims a Cognito ID token carries,
 * so everything after verification is the same code path as in AWS.
 */
export class LocalTokens implements TokenVerifier {
  constructor(private readonly secret: string) {}

  issue(claims: TokenClaims, lifetimeSeconds = EIGHT_HOURS): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return sign({ ...claims, token_use: 'id', iat: now, exp: now + lifetimeSeconds }, this.secret, 'HS256');
  }

  async verify(token: string): Promise<TokenClaims> {
    const payload = await verify(token, this.secret, 'HS256');
    return payload as unknown as TokenClaims;
  }
}
