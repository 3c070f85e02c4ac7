import type { TokenClaims } from './claims.ts';

/** Checks a bearer token and returns its claims, or throws. Local and Cognito tokens sit behind this. */
export interface TokenVerifier {
  verify(token: string): Promise<TokenClaims>;
}
