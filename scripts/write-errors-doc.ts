// `npm run docs:errors`: regenerates docs/errors.md from the error catalogues.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { collectErrorCatalogues, renderErrorsDoc, ROOT } from './error-catalogues.ts';

const entries = await collectErrorCatalogues();
writeFileSync(path.join(ROOT, 'docs', 'errors.md'), renderErrorsDoc(entries));
console.log(`docs/errors.md: ${entries.length} codes`);
