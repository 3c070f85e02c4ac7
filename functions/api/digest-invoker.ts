import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { DigestTrigger } from '../digest/trigger.ts';

/**
 * HQ's "send now" and preview in AWS: a synchronous call to the digest function. The Lambda client is
 * loaded on the first use, not at cold start: almost no request needs it.
 */
export class LambdaDigestTrigger implements DigestTrigger {
  private client?: Promise<{ client: LambdaClient; InvokeCommand: typeof import('@aws-sdk/client-lambda').InvokeCommand }>;

  constructor(private readonly functionName: string) {}

  private async invoke<T>(payload: object): Promise<T> {
    this.client ??= import('@aws-sdk/client-lambda').then(({ LambdaClient, InvokeCommand }) => ({ client: new LambdaClient({}), InvokeCommand }));
    const { client, InvokeCommand } = await this.client;
    const result = await client.send(new InvokeCommand({ FunctionName: this.functionName, Payload: new TextEncoder().encode(JSON.stringify(payload)) }));
    const body = new TextDecoder().decode(result.Payload);
    if (result.FunctionError) throw new Error(`ダイジェスト関数がエラーを返しました：${body}`);
    return JSON.parse(body) as T;
  }

  preview(fiscalYear: number) {
    return this.invoke<Awaited<ReturnType<DigestTrigger['preview']>>>({ fiscalYear, dryRun: true });
  }

  send(fiscalYear: number, force: boolean) {
    return this.invoke<Awaited<ReturnType<DigestTrigger['send']>>>({ fiscalYear, force });
  }
}
