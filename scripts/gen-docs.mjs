// Regenerates the generated documentation from the built code (run `npm run build` first):
// docs/errors.md from the error catalogs and docs/cli.md from the commander program.
import { writeFileSync } from 'node:fs';
import { ERROR_CATALOGS } from '../dist/app/error-catalogs.js';
import { renderErrorDocs } from '../dist/app/error-docs.js';
import { renderCliDocs } from '../dist/cli/cli-docs.js';

writeFileSync(new URL('../docs/errors.md', import.meta.url), `${renderErrorDocs(ERROR_CATALOGS).trimEnd()}\n`);
writeFileSync(new URL('../docs/cli.md', import.meta.url), renderCliDocs());
console.log('wrote docs/errors.md and docs/cli.md');
