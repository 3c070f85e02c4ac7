/**
 * A Lambda function's setting from its environment (set by its stack, infra/): the value, or an error naming
 * the variable, thrown while the function starts, so a deployment missing one fails its first invocation
 * with that name rather than later with an undefined table or bucket.
 */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`環境変数 ${name} が設定されていません`);
  return value;
}
