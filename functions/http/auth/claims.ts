import * as z from '../../domain/zod.ts';

/**
 * The claims the API relies on, as a Cognito ID token carries them and the local sign-in mints
 * them. Checked after the signature, on both paths, so a token that is well signed but shaped
 * wrong (no `sub`: revisions would record nobody; no `exp`: valid forever; `cognito:groups` not a
 * list of strings) is refused as unauthenticated (401), never a 500 further in.
 * Other claims (aud, iss, token_use, …) pass through unchecked here: the verifiers check those.
 */
export const tokenClaimsSchema = z.looseObject({
  sub: z.string().check(z.trim(), z.minLength(1), z.maxLength(256)),
  /** Seconds since the epoch (RFC 7519 NumericDate). */
  exp: z.number().check(z.int(), z.positive()),
  name: z.optional(z.string().check(z.maxLength(256))),
  /** The user's address as Cognito's ID token carries it (the pool's verified attribute); not every token has one. */
  email: z.optional(z.string().check(z.maxLength(320))),
  'cognito:groups': z.optional(z.array(z.string().check(z.maxLength(128))).check(z.maxLength(100))),
});

export type TokenClaims = z.infer<typeof tokenClaimsSchema>;

export class InvalidClaimsError extends Error {
  override name = 'InvalidClaimsError';
}

/** The verified payload's claims; throws InvalidClaimsError naming the claims at fault. */
export function parseTokenClaims(payload: unknown): TokenClaims {
  const result = tokenClaimsSchema.safeParse(payload);
  if (!result.success) {
    throw new InvalidClaimsError(`トークンのクレームが不正です：${result.error.issues.map((issue) => issue.path.join('.') || '(全体)').join('、')}`);
  }
  return result.data;
}
