import type * as z from '../domain/zod.ts';
import { problems } from './problem.ts';
import type { FieldError } from './problem.ts';

/** zod issues as the fields at fault; a prefix names where the field came from when it is not the body. */
export function fieldErrors(issues: readonly z.core.$ZodIssue[], prefix?: string): FieldError[] {
  return issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(本文)',
    message: issue.message,
  }));
}

/** Parses with a shared schema or throws a 400 problem listing every field at fault. */
export function parseOrThrow<S extends z.ZodMiniType>(schema: S, input: unknown, prefix?: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw problems.validation(fieldErrors(result.error.issues, prefix));
  return result.data;
}
