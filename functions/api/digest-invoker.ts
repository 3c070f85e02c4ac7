import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { DigestTrigger } from '../digest/trigger.ts';

/** HQ's "send now" and preview in AWS: a synchronous call to the digest function. */
export class LambdaDigestTrigger implements DigestTrigger {
  private readonly client = new LambdaClient({});

  constructor(private readonly functionName: string) {}

  private async invoke<T>(payload: object): Promise<T> {
    const result = await this.client.send(
      new InvokeCommand({ FunctionName: this.functionName, Payload: new TextEncoder().encode(JSON.stringify(payload)) }),
    );
    const body = new TextDecoder().decode(result.Payload);
    if (result.FunctionError) throw new Error(`ダイジェスト関数がエラーを返しました: ${body}`);
    return JSON.parse(body) as T;
  }

  preview(fiscalYear: number) {
    return this.invoke<Awaited<ReturnType<DigestTrigger['preview']>>>({ fiscalYear, dryRun: true });
  }

  send(fiscalYear: number, force: boolean) {
    return this.invoke<Awaited<ReturnType<DigestTrigger['send']>>>({ fiscalYear, force });
  }
}
