import * as z from '../zod.ts';
import { progressDocumentSchema } from './open-data.ts';

/**
 * The JSON Schema published beside progress.json, generated from the same zod schema that shapes it. In
 * a module of its own: the open-data code every publication runs must not reach zod's JSON Schema
 * generator (functions/api/openapi-json.ts says why).
 */
export function progressJsonSchema(): object {
  return {
    ...z.toJSONSchema(progressDocumentSchema, { target: 'draft-2020-12', io: 'output' }),
    title: '行財政改革推進プラン 進捗状況（年度別）',
  };
}
