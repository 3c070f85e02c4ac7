import { bundleSize } from './bundle-size.ts';
const { metafile } = await bundleSize('functions/api/lambda.ts');
for (const [out, o] of Object.entries(metafile.outputs)) {
  if (out.endsWith('.map')) continue;
  const ins = Object.keys(o.inputs).filter((k) => !/node_modules/.test(k));
  console.log(out, o.bytes, 'imports:', o.imports.map((i) => `${i.path.replace(/.*\//, '')}(${i.kind[0]})`).join(' '));
  console.log('   ', ins.join(' ').slice(0, 600), Object.keys(o.inputs).some((k) => /json-schema/.test(k)) ? '<<JSONSCHEMA' : '');
}
