/**
 * The shape of `Plan`, as the table keeps it (store/dynamo-store.ts writePlan stamps it on each version;
 * its own module, so that the store does not load the plan's schemas to learn it).
 * The table holds what planSchema returned, checked by the catalogue's validation, named by its hash: a
 * version of this format is read back without checking it again (store/plans.ts), which was the largest
 * single cost of a cold start after the SDK (~12 ms of CPU for the 8th plan; issue 22). Raise it with any
 * change to what planSchema returns: versions of an older format are then checked and completed by
 * planSchema again when read. tests/plan-store.test.ts fails on such a change until it is raised.
 */
export const PLAN_CONTENT_FORMAT = 1;
