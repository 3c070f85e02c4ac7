/**
 * Module boundaries, checked by tests/boundaries.test.ts in every `npm test` (issue 19.5).
 *
 * LAYERS is the whole rule: every folder of functions/ (and each file at its top) names the folders it
 * may import. Anything else is forbidden, so a new folder has no rights until it is added here, and since
 * the table has no cycle, no two folders can import each other, however indirectly. The same holds inside
 * functions/domain/ (DOMAIN_LAYERS). web/ sees only the domain and the contract; infra/ only the names the
 * deployment shares with the code. Each rule's comment is what a failing test prints.
 */

/** functions/<folder> → the functions/ folders it may import (besides itself). Inner layers first. */
const LAYERS = {
  domain: [],
  contract: ['domain'],
  'security-headers.ts': [],
  // requiredEnv: how each function's entry reads its settings.
  'lambda-env.ts': [],
  logging: [],
  store: ['domain'],
  departments: ['domain'],
  progress: ['domain', 'store'],
  'annual-report-docx': ['domain', 'store'],
  'plan-workbook': ['domain'],
  service: ['domain', 'store', 'departments', 'progress', 'publication'],
  digest: ['domain', 'store', 'departments', 'progress', 'lambda-env.ts'],
  // E-mail notices (issue 24): the mail function reuses the digest's mail rendering and its send-once claim.
  notices: ['domain', 'store', 'digest', 'lambda-env.ts'],
  publication: ['domain', 'store', 'annual-report-docx', 'security-headers.ts'],
  http: ['domain', 'contract', 'store', 'departments', 'progress', 'service', 'digest', 'publication', 'security-headers.ts'],
  sheets: ['domain', 'contract', 'store', 'progress', 'service', 'annual-report-docx', 'plan-workbook', 'http', 'security-headers.ts', 'lambda-env.ts'],
  api: [
    'domain',
    'contract',
    'store',
    'departments',
    'progress',
    'service',
    'digest',
    'notices',
    'publication',
    'annual-report-docx',
    'http',
    'sheets',
    'logging',
    'security-headers.ts',
    'lambda-env.ts',
  ],
};

/** functions/domain/<part> → the domain parts it may import (zod.ts, text.ts, csv-field.ts and text-field.ts are for all). */
const DOMAIN_LAYERS = {
  calendar: [],
  // The written style (表記の決まり): the calendar's formatters plus differences, signs and terms.
  notation: ['calendar'],
  'text-field.ts': ['calendar'],
  catalogue: ['calendar', 'text-field.ts'],
  'departments.ts': ['catalogue'],
  'progress-reports': ['calendar', 'text-field.ts', 'catalogue', 'departments.ts'],
  permissions: ['catalogue', 'departments.ts', 'progress-reports'],
  attainment: ['calendar', 'catalogue', 'departments.ts', 'progress-reports'],
  'plan-import': ['calendar', 'catalogue'],
  // 根拠資料: which files a report may carry, by content.
  attachments: ['text-field.ts'],
  // E-mail notices: which step raises which kind, and the Japan day and hour of HQ's daily summary.
  notices: ['calendar', 'progress-reports'],
  'annual-report': ['calendar', 'text-field.ts', 'catalogue', 'departments.ts', 'progress-reports', 'attainment'],
};
/** Used by every part of the domain, and importing none of it. */
const DOMAIN_SHARED = ['zod.ts', 'text.ts', 'csv-field.ts'];

const escapeDots = (name) => name.replace(/[.]/g, '\\.');
/** A path pattern for a folder or a single file under `base`. */
const under = (base, name) => `^${base}/${escapeDots(name)}${name.endsWith('.ts') ? '$' : '/'}`;
/** Every entry of `layers` but `name` and what it may import. */
const forbiddenFor = (layers, name, extra = []) =>
  Object.keys(layers).filter((other) => other !== name && !layers[name].includes(other) && !extra.includes(other));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  LAYERS,
  DOMAIN_LAYERS,
  forbidden: [
    {
      name: 'functions-folder-unknown',
      severity: 'error',
      comment: 'Every folder of functions/ has a row in LAYERS (.dependency-cruiser.cjs) saying what it may import: add one for the new folder.',
      from: { path: '^functions/', pathNot: Object.keys(LAYERS).map((name) => under('functions', name)) },
      to: {},
    },
    ...Object.keys(LAYERS)
      .filter((name) => forbiddenFor(LAYERS, name).length > 0)
      .map((name) => ({
        name: `layer-${name}`,
        severity: 'error',
        comment: `functions/${name} may import only ${LAYERS[name].map((n) => `functions/${n}`).join(', ') || 'itself'} (LAYERS in .dependency-cruiser.cjs): move what both need to the lower layer, or pass it in.`,
        from: { path: under('functions', name) },
        to: { path: forbiddenFor(LAYERS, name).map((other) => under('functions', other)) },
      })),
    {
      name: 'domain-part-unknown',
      severity: 'error',
      comment: 'Every part of functions/domain/ has a row in DOMAIN_LAYERS (.dependency-cruiser.cjs): add one for the new part.',
      from: { path: '^functions/domain/', pathNot: [...Object.keys(DOMAIN_LAYERS), ...DOMAIN_SHARED].map((name) => under('functions/domain', name)) },
      to: {},
    },
    ...Object.keys(DOMAIN_LAYERS)
      .filter((name) => forbiddenFor(DOMAIN_LAYERS, name).length > 0)
      .map((name) => ({
        name: `domain-layer-${name}`,
        severity: 'error',
        comment: `functions/domain/${name} may import only ${[...DOMAIN_LAYERS[name], ...DOMAIN_SHARED].map((n) => `domain/${n}`).join(', ')} (DOMAIN_LAYERS in .dependency-cruiser.cjs).`,
        from: { path: under('functions/domain', name) },
        to: { path: forbiddenFor(DOMAIN_LAYERS, name).map((other) => under('functions/domain', other)) },
      })),
    {
      name: 'domain-shared-is-a-leaf',
      severity: 'error',
      comment: 'functions/domain/zod.ts, text.ts and csv-field.ts are used by every part of the domain: they import none of it.',
      from: { path: DOMAIN_SHARED.map((name) => under('functions/domain', name)) },
      to: { path: Object.keys(DOMAIN_LAYERS).map((name) => under('functions/domain', name)) },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'functions/domain/ is pure TypeScript shared with the web app: no AWS SDK, no Powertools. Move the I/O out, or pass what you need in.',
      from: { path: '^functions/domain/' },
      to: { path: ['^node_modules/@aws-sdk/', '^node_modules/@aws-lambda-powertools/'] },
    },
    {
      name: 'domain-no-node-builtins',
      severity: 'error',
      comment: 'functions/domain/ and functions/contract/ run in the browser too: Node built-ins (node:crypto, node:fs …) are not available there.',
      from: { path: '^functions/(domain|contract)/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'contract-is-pure',
      severity: 'error',
      comment: 'functions/contract/ is read by the web app: it may use the domain and zod only, never the AWS SDK.',
      from: { path: '^functions/contract/' },
      to: { path: ['^node_modules/@aws-sdk/', '^node_modules/@aws-lambda-powertools/'] },
    },
    {
      name: 'functions-read-plans-from-the-table',
      severity: 'error',
      comment:
        'functions/ never import seeds/: a plan is the city’s data, read from the table (store/plans.ts). Seeds are what npm start and the tests load into it.',
      from: { path: '^functions/' },
      to: { path: '^seeds/' },
    },
    {
      name: 'web-sees-domain-and-contract-only',
      severity: 'error',
      comment:
        'web/ may import functions/domain/ and functions/contract/ only: server records and store code are not the web app’s business (take the type from functions/contract/).',
      from: { path: '^web/' },
      to: { path: '^functions/(?!domain/|contract/)' },
    },
    {
      name: 'web-takes-contract-types-only',
      severity: 'error',
      comment:
        'web/ takes types from functions/contract/index.ts, never values: its schemas are built when the module loads, so one value import puts the whole contract (~13 KB) in every first load (import etagOf from contract/etag.ts).',
      from: { path: '^web/' },
      to: { path: '^functions/contract/index\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'infra-shares-names-only',
      severity: 'error',
      comment:
        'infra/ may import from functions/ only the names a deployment and the code share (table keys, prefixes, group names, headers, the domain): never the code that runs on a request.',
      from: { path: '^infra/' },
      to: { path: '^functions/(api|service|digest|progress|annual-report-docx)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Files importing each other in a circle: break the cycle by moving the shared part into its own module.',
      from: { path: '^(functions|web|infra)/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
  },
};
