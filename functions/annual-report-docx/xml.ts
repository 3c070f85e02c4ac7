import type { IXmlableObject } from 'docx';

/**
 * The XML text of one of `docx`'s formatted objects (what a component's `prepForXml` returns, e.g.
 * `{ 'w:p': [{ 'w:pPr': … }, { 'w:r': … }] }`), written exactly as `docx` 9.15 writes a part without
 * prettifying (its src/util/xml/stringify.ts `resolve` and `format`, MIT, themselves the `xml` package's rules):
 * - the first key is the tag; `_attr` objects, wherever they are in the children, are its attributes;
 * - an array holds children, and a string or number among them replaces what came before it as the text;
 * - an element with nothing inside is self-closing.
 * `docx` does not export its writer; report.docx needs it to write its body a measure at a time (docx.ts), and
 * tests/report-docx.test.ts checks that the document's XML is byte for byte what `docx` writes.
 */
export function xmlOf(data: IXmlableObject): string {
  const name = Object.keys(data)[0];
  const values = name === undefined ? undefined : data[name];
  let attributes = '';
  const content: (string | IXmlableObject)[] = [];
  const addAttributes = (attr: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(attr)) attributes += ` ${key}="${String(escapeValue(value))}"`;
  };
  if (typeof values === 'object') {
    if (values !== null) {
      const { _attr: attr, _cdata: cdata } = values as { _attr?: Record<string, unknown>; _cdata?: string };
      if (attr) addAttributes(attr);
      if (cdata) content.push(`<![CDATA[${cdata.replace(/\]\]>/g, ']]]]><![CDATA[>')}]]>`);
      if (Array.isArray(values)) {
        let isStringContent = false;
        content.push('');
        for (const value of values) {
          if (typeof value === 'object') {
            if (Object.keys(value)[0] === '_attr') addAttributes((value as { _attr: Record<string, unknown> })._attr);
            else content.push(value as IXmlableObject);
          } else {
            content.pop();
            isStringContent = true;
            content.push(String(escapeValue(value)));
          }
        }
        if (!isStringContent) content.push('');
      }
    }
  } else if (values !== undefined) content.push(String(escapeValue(values)));
  else content.push('');
  if (content.length === 0) return `<${name}${attributes}/>`;
  let inner = '';
  for (const child of content) inner += typeof child === 'string' ? child : xmlOf(child);
  return name === undefined ? inner : `<${name}${attributes}>${inner}</${name}>`;
}

const ESCAPES = new Map([
  ['&', '&amp;'],
  ['"', '&quot;'],
  ["'", '&apos;'],
  ['<', '&lt;'],
  ['>', '&gt;'],
]);
/** A string escaped for XML (controls XML 1.0 forbids dropped), as `docx` does; a number as it is. */
const escapeValue = (value: unknown) =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML 1.0 forbids are the point
  typeof value === 'string' ? value.replace(/[&"'<>\x00-\x08\x0B\x0C\x0E-\x1F]/g, (char) => ESCAPES.get(char) ?? '') : value;
