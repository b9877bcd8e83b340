/**
 * @module cli/commands
 * The list of command modules. Each exports `register(program, ctx)`.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { register as registry } from './registry.js';
import { register as audit } from './audit.js';
import { register as errors } from './errors.js';
import { register as dataset } from './dataset.js';
import { register as config } from './config.js';
import { register as gateway } from './gateway.js';
import { register as serveModel } from './serve-model.js';
import { register as train } from './train.js';
import { register as inspect } from './inspect.js';
import { register as baseline } from './baseline.js';
import { register as approve } from './approve.js';
import { register as unfreeze } from './unfreeze.js';
import { register as incidents } from './incidents.js';
import { register as forensics } from './forensics.js';
import { register as untrusted } from './untrusted.js';
import { register as demo } from './demo.js';
import { register as attack } from './attack.js';
import { register as redteam } from './redteam.js';

export type RegisterCommand = (program: Command, ctx: CliContext) => void;

export const COMMANDS: readonly RegisterCommand[] = [
  demo,
  registry,
  audit,
  errors,
  dataset,
  config,
  gateway,
  serveModel,
  train,
  inspect,
  attack,
  redteam,
  baseline,
  approve,
  unfreeze,
  incidents,
  forensics,
  untrusted,
];
