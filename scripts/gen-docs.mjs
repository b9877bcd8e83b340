// Regenerates the generated documentation from the built code (run `npm run build` first):
// docs/errors.md from the error catalogs and docs/cli.md from the commander program.
// schema/openapi.json from the control plane's route table.
import { writeFileSync } from 'node:fs';
import { ERROR_CATALOGS } from '../dist/app/error-catalogs.js';
import { renderErrorDocs } from '../dist/app/error-docs.js';
import { renderCliDocs } from '../dist/cli/cli-docs.js';
import { OPENAPI_FILE, controlRoutes, renderOpenApi } from '../dist/control/index.js';

writeFileSync(new URL('../docs/errors.md', import.meta.url), `${renderErrorDocs(ERROR_CATALOGS).trimEnd()}\n`);
writeFileSync(new URL('../docs/cli.md', import.meta.url), renderCliDocs());
writeFileSync(new URL(`../${OPENAPI_FILE}`, import.meta.url), renderOpenApi(controlRoutes(() => ({}))));
console.log(`wrote docs/errors.md, docs/cli.md and ${OPENAPI_FILE}`);
