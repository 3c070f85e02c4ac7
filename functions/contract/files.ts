/**
 * The media types of the API's file answers (downloads), as the routes name them and the OpenAPI document
 * states them. A module of its own with no zod in it: the functions need these words at run time, and none
 * of the contract's schemas (index.ts).
 */
export const FILE_MEDIA_TYPES = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  /** A 根拠資料 as it was attached (its own type in the answer). */
  attachment: 'application/octet-stream',
} as const;

/** A file answer's media type, e.g. "text/csv" (its charset parameter aside). */
export type FileMediaType = (typeof FILE_MEDIA_TYPES)[keyof typeof FILE_MEDIA_TYPES];
