import { afterEach, describe, expect, it, vi } from 'vitest';
import { LocalTokens } from '../../functions/http/auth/local.ts';
import { rememberVerified } from '../../functions/http/auth/verifier.ts';

describe('remembering verified tokens', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('checks a signature once per token, yet refuses the token once it has expired', async () => {
    const tokens = new LocalTokens('test-secret');
    const checked = vi.spyOn(tokens, 'verify');
    const verifier = rememberVerified(tokens);
    const token = await tokens.issue({ sub: 'yamada', name: '山田', 'cognito:groups': ['dept-shomu'] }, 60);

    expect((await verifier.verify(token)).sub).toBe('yamada');
    expect((await verifier.verify(token)).sub).toBe('yamada');
    expect(checked).toHaveBeenCalledTimes(1);

    vi.useFakeTimers({ now: Date.now() + 120_000 });
    await expect(verifier.verify(token)).rejects.toThrow();
  });

  it('takes on trust only the exact token that passed: a forged signature is checked and refused', async () => {
    const tokens = new LocalTokens('test-secret');
    const verifier = rememberVerified(tokens);
    const token = await tokens.issue({ sub: 'yamada', name: '山田', 'cognito:groups': ['dept-shomu'] });
    await verifier.verify(token);
    const [header, payload] = token.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    await expect(verifier.verify(forged)).rejects.toThrow();
    await expect(verifier.verify(forged)).rejects.toThrow();
  });
});
