import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { TokenClaims } from './principal.ts';
import type { TokenVerifier } from './verifier.ts';

/** Cognito ID tokens (they carry name and cognito:groups), checked against the pool's published keys. */
export class CognitoTokenVerifier implements TokenVerifier {
  private readonly verifier;

  constructor(options: { userPoolId: string; clientId: string }) {
    this.verifier = CognitoJwtVerifier.create({ ...options, tokenUse: 'id' });
  }

  async verify(token: string): Promise<TokenClaims> {
    return (await this.verifier.verify(token)) as unknown as TokenClaims;
  }
}
