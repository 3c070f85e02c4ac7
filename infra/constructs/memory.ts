/**
 * Each function's memory (MB), one place for the stacks and the benches that judge peak memory against it.
 * The spreadsheet function builds report.docx: at 100× today's plan its peak is about 1.1 GB (bench:docx),
 * so it gets 1.5 GB, which also buys it CPU (Lambda's CPU grows with memory) for the 30 s the gateway allows.
 */
export const MEMORY_MB = { api: 512, sheets: 1536, digest: 512 } as const;

/**
 * The V8 old-space cap Lambda's Node.js runtime sets for a function of `memoryMB`: 7/8 of it (896 MB at
 * 1,024 MB, where issue 22's out-of-memory crash stopped). The benches run their cases under the same cap.
 */
export const heapCapMB = (memoryMB: number): number => Math.floor((memoryMB * 7) / 8);
