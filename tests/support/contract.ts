import type * as z from '../../functions/domain/zod.ts';
import { problemSchema } from '../../functions/contract/index.ts';

interface Answer {
  status: number;
  type?: string;
  body: unknown;
}

function explain(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((issue) => `${issue.path.join('.') || '(answer)'}: ${issue.message}`).join('\n');
}

/**
 * A successful answer, read through the API's contract: typed for the test, and a failure that names
 * every field where the server and the contract disagree.
 */
export function read<S extends z.ZodMiniType>(schema: S, answer: Answer, status = 200): z.output<S> {
  if (answer.status !== status) {
    throw new Error(`expected ${status}, got ${answer.status}: ${JSON.stringify(answer.body).slice(0, 500)}`);
  }
  const parsed = schema.safeParse(answer.body);
  if (!parsed.success) throw new Error(`the answer does not fit the contract:\n${explain(parsed.error.issues)}`);
  return parsed.data;
}

/** An error answer: application/problem+json (RFC 9457) with the status it claims. */
export function readProblem(answer: Answer, status: number): z.output<typeof problemSchema> {
  if (!answer.type?.includes('application/problem+json')) throw new Error(`expected problem+json, got ${answer.type}`);
  const problem = read(problemSchema, answer, status);
  if (problem.status !== status) throw new Error(`problem says ${problem.status}, answer is ${status}`);
  return problem;
}
