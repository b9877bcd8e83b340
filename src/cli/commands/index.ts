/**
 * @module cli/commands
 * The list of command modules. Each exports `register(program, ctx)`.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export type RegisterCommand = (program: Command, ctx: CliContext) => void;

export const COMMANDS: readonly RegisterCommand[] = [];
