import { parseDocument, Parser, Composer, LineCounter } from 'yaml';
const keys = Array.from({ length: 70_000 }, (_, k) => `  k${k}: ${k}`).join('\n');
const text = `description: d\nduration: 1ms\ncosts:\n${keys}\n  k5: again\n`;
for (let r = 0; r < 3; r++) {
let t = performance.now();
const toks = [...new Parser().parse(text)];
const a = performance.now() - t; t = performance.now();
const docs = [...new Composer({ uniqueKeys: false }).compose(toks)];
const b = performance.now() - t; t = performance.now();
const lc = new LineCounter();
parseDocument(text, { version: '1.2', schema: 'core', customTags: [], resolveKnownTags: false, uniqueKeys: false, merge: true, strict: true, prettyErrors: false, lineCounter: lc });
console.log('cst', a.toFixed(0), 'compose', b.toFixed(0), 'full opts', (performance.now() - t).toFixed(0));
}
