import * as z from '../../functions/domain/zod.ts';

/** The parts of a JSON Schema the tests read in the OpenAPI document. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  required?: string[];
  pattern?: string;
  format?: string;
}
const jsonSchema: z.ZodMiniType<JsonSchema> = z.looseObject({
  type: z.optional(z.union([z.string(), z.array(z.string())])),
  get properties() {
    return z.optional(z.record(z.string(), jsonSchema));
  },
  get items() {
    return z.optional(jsonSchema);
  },
  enum: z.optional(z.array(z.unknown())),
  required: z.optional(z.array(z.string())),
  pattern: z.optional(z.string()),
  format: z.optional(z.string()),
});
const content = z.record(z.string(), z.object({ schema: z.optional(jsonSchema) }));
const operation = z.object({
  parameters: z.array(z.object({ name: z.string(), in: z.string(), schema: jsonSchema })),
  requestBody: z.optional(z.object({ content })),
  responses: z.record(z.string(), z.object({ content: z.optional(content) })),
});
const openApiSchema = z.object({ openapi: z.string(), paths: z.record(z.string(), z.record(z.string(), operation)) });
export type OpenApiDocument = z.output<typeof openApiSchema>;

/** GET /api/openapi.json of an app, read as an OpenAPI 3.1 document (the tests' view of it). */
export async function readOpenApi(app: { request(path: string): Response | Promise<Response> }): Promise<OpenApiDocument> {
  const response = await app.request('/api/openapi.json');
  if (response.status !== 200) throw new Error(`/api/openapi.json answered ${response.status}`);
  return openApiSchema.parse(await response.json());
}
