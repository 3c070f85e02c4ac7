/**
 * Module boundaries (issue 9.6), checked by tests/boundaries.test.ts in every `npm test`.
 * Layers, inner to outer: domain ← contract ← store ← progress ← digest ← api / sheets; web sees only
 * domain and contract. Each rule's comment is the message a failing test prints.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment:
        'functions/domain/ is pure TypeScript shared with the web app: no AWS SDK, no Node built-ins, no store/api/digest code. Move the I/O out, or pass what you need in.',
      from: { path: '^functions/domain/' },
      to: {
        path: ['^node_modules/@aws-sdk/', '^node_modules/@aws-lambda-powertools/', '^functions/(?!domain/)'],
      },
    },
    {
      name: 'domain-no-node-builtins',
      severity: 'error',
      comment: 'functions/domain/ runs in the browser too: Node built-ins (node:crypto, node:fs …) are not available there.',
      from: { path: '^functions/(domain|contract)/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'contract-is-pure',
      severity: 'error',
      comment: 'functions/contract/ is read by the web app: it may use the domain and zod only, never server code or the AWS SDK.',
      from: { path: '^functions/contract/' },
      to: { path: ['^node_modules/@aws-sdk/', '^functions/(?!domain/|contract/)'] },
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
      name: 'store-below-its-users',
      severity: 'error',
      comment: 'functions/store/ is used by the API, the digest and progress; it must not import them (that would be a cycle between modules).',
      from: { path: '^functions/store/' },
      to: { path: '^functions/(api|digest|progress|sheets)/' },
    },
    {
      name: 'progress-below-api-and-digest',
      severity: 'error',
      comment: 'functions/progress/ is shared by the API and the digest; it must not import either.',
      from: { path: '^functions/progress/' },
      to: { path: '^functions/(api|digest|sheets)/' },
    },
    {
      name: 'digest-does-not-import-api',
      severity: 'error',
      comment: 'The API reaches the digest through functions/digest/trigger.ts; the digest must not import the API back (api ⇄ digest).',
      from: { path: '^functions/digest/' },
      to: { path: '^functions/(api|sheets)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Files importing each other in a circle: break the cycle by moving the shared part into its own module.',
      from: { path: '^(functions|web)/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.json'] },
  },
};
