import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { parseTokenClaims } from './claims.ts';
import type { TokenClaims } from './claims.ts';
import type { TokenVerifier } from './verifier.ts';

/** Cognito ID tokens (they carry name and cognito:groups), checked against the pool's published keys. */
export class CognitoTokenVerifier implements TokenVerifier {
  private readonly verifier;

  constructor(options: { userPoolId: string; clientId: string }) {
    this.verifier = CognitoJwtVerifier.create({ ...options, tokenUse: 'id' });
  }

  /** Signature, issuer, audience, token_use and expiry (aws-jwt-verify), then the claims' shape. */
  async verify(token: string): Promise<TokenClaims> {
    return parseTokenClaims(await this.verifier.verify(token));
  }
}
