/**
 * @module cli/errors
 * Error catalog of the command line itself (usage mistakes, unreadable files).
 */
import { defineErrors } from '../shared/errors.js';

export const cliErrors = defineErrors('CLI', {
  CLI_ERR_USAGE: {
    kind: 'user',
    meaning: 'The command line is not valid: unknown command or option, missing argument, or a bad option value.',
    fix: 'Run the command with --help to see its arguments and options.',
  },
  CLI_ERR_FILE_NOT_FOUND: {
    kind: 'user',
    meaning: 'A file or folder named on the command line does not exist or cannot be read.',
    fix: 'Check the path (relative paths are resolved from the current directory).',
  },
  CLI_ERR_INTERNAL: {
    kind: 'failure',
    meaning: 'An unexpected internal error (a bug in bulwark).',
    fix: 'Re-run with BULWARK_DEBUG=1 to see the stack trace and report it.',
  },
});
