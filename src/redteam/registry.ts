/**
 * @module redteam/registry
 * The attacks, registered under stable ids (`bulwark attack ID`). A new attack adds one
 * line here; black-box attacks (Square, HopSkipJump, SimBA) join the same list.
 */
import type { Attack } from './attack.js';
import { bim } from './attacks/bim.js';
import { carliniWagnerL2 } from './attacks/carlini-wagner.js';
import { deepfool } from './attacks/deepfool.js';
import { fgsm } from './attacks/fgsm.js';
import { hopSkipJump } from './attacks/hopskipjump.js';
import { mim } from './attacks/mim.js';
import { pgd } from './attacks/pgd.js';
import { simba } from './attacks/simba.js';
import { square } from './attacks/square.js';
import { redteamErrors } from './errors.js';

/**
 * Every registered attack, in the order `--help` and the docs list them.
 *
 * @example
 * ATTACKS.map((a) => a.id); // ['fgsm', 'bim', 'pgd', 'mim', 'deepfool', 'cw-l2', 'square', 'hopskipjump', 'simba']
 */
export const ATTACKS: readonly Attack[] = [fgsm, bim, pgd, mim, deepfool, carliniWagnerL2, square, hopSkipJump, simba];

/** Other names users reach for (ART's class names, lower-cased). */
const ALIASES: Readonly<Record<string, string>> = { fgm: 'fgsm', cw: 'cw-l2', 'carlini-wagner': 'cw-l2', 'carlini-wagner-l2': 'cw-l2', momentum: 'mim', 'square-attack': 'square', hsj: 'hopskipjump', 'hop-skip-jump': 'hopskipjump', 'boundary-attack-plus-plus': 'hopskipjump' };

/**
 * The attack registered as `id` (or one of its aliases: fgm, cw). Throws RTM_ERR_UNKNOWN_ATTACK.
 *
 * @example
 * findAttack('pgd').covers.norms; // ['inf', '2']
 */
export function findAttack(id: string): Attack {
  const key = id.trim().toLowerCase();
  const found = ATTACKS.find((a) => a.id === (ALIASES[key] ?? key));
  if (found === undefined) {
    throw redteamErrors.error('RTM_ERR_UNKNOWN_ATTACK', `unknown attack "${id}"; registered: ${ATTACKS.map((a) => a.id).join(', ')}`, { attack: id });
  }
  return found;
}
