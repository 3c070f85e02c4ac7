/**
 * Each function's memory (MB), one place for the stacks and the benches that judge peak memory against it.
 * The spreadsheet function builds report.docx: at 100× today's plan its peak is about 0.5 GB (bench:docx; 1.4 GB
 * before the document was written a measure at a time). It keeps 1.5 GB for the CPU that buys (Lambda's CPU grows
 * with memory): the .docx at 100× must answer within the gateway's 29 s.
 */
export const MEMORY_MB = { api: 512, sheets: 1536, digest: 512 } as const;

/**
 * The V8 old-space cap Lambda's Node.js runtime sets for a function of `memoryMB`: 7/8 of it (896 MB at
 * 1,024 MB, where issue 22's out-of-memory crash stopped). The benches run their cases under the same cap.
 */
export const heapCapMB = (memoryMB: number): number => Math.floor((memoryMB * 7) / 8);
