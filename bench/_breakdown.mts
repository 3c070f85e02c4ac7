import { bundleSize } from './bundle-size.ts';
const { metafile } = await bundleSize(process.argv[2] ?? 'functions/api/lambda.ts');
const outputs = metafile.outputs;
const code = Object.keys(outputs).filter((p) => !p.endsWith('.map'));
const entry = code.find((p) => /(^|\/)index\.mjs$/.test(p))!;
const loaded = new Set<string>();
const visit = (p: string) => { if (loaded.has(p)) return; loaded.add(p); for (const i of outputs[p]!.imports) if (i.kind === 'import-statement' && !i.external) visit(i.path); };
visit(entry);
const groups = new Map<string, number>(); const files = new Map<string, number>();
for (const p of loaded) for (const [input, { bytesInOutput }] of Object.entries(outputs[p]!.inputs)) {
  const m = input.match(/node_modules\/((@[^/]+\/)?[^/]+)/);
  const g = m ? m[1]! : input.split('/').slice(0, 2).join('/');
  groups.set(g, (groups.get(g) ?? 0) + bytesInOutput);
  files.set(input, bytesInOutput);
}
for (const [g, b] of [...groups].sort((a, b) => b[1] - a[1])) if (!/aws-sdk|smithy|@aws\//.test(g)) console.log((b / 1024).toFixed(1).padStart(7), g);
console.log('--- top files');
for (const [f, b] of [...files].sort((a, b) => b[1] - a[1]).filter(([f]) => !/aws-sdk|smithy|@aws\//.test(f)).slice(0, 60)) console.log((b / 1024).toFixed(1).padStart(7), f);
