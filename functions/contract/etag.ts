/**
 * The ETag of a stored version (a report, an assignment, an opinion, a publication): the strong tag
 * `"<version>"`, sent back in If-Match. Every answer that carries an ETag also carries its `version`,
 * from which a client can write the tag itself (web/src/api.ts says why it does). A module of its own:
 * the functions need this rule at run time, and none of the contract's schemas (index.ts).
 */
export const etagOf = (version: number) => `"${version}"`;
