/**
 * @module inspect/pii/entities
 * What the inspector knows about each entity type: PII or secret, and the priority that
 * decides which of two overlapping candidates is kept (secrets first: a leaked key matters
 * more than the e-mail-shaped text around it; then the checksummed formats, IBAN before
 * card because the digits of a valid IBAN can hold a Luhn-valid card-shaped run; phone
 * last, because its formats are the loosest).
 */
import type { EntityType } from './types.js';

/** How an entity type is counted and ranked. */
export interface EntityInfo {
  readonly kind: 'pii' | 'secret';
  /** Higher wins an overlap. */
  readonly priority: number;
}

/**
 * The table of entity types. Its keys are the only valid values of `options.entities`.
 *
 * @example
 * ENTITIES.JWT; // { kind: 'secret', priority: 96 }
 */
export const ENTITIES: Readonly<Record<EntityType, EntityInfo>> = Object.freeze({
  PRIVATE_KEY: { kind: 'secret', priority: 100 },
  JWT: { kind: 'secret', priority: 96 },
  SLACK_WEBHOOK: { kind: 'secret', priority: 95 },
  AWS_SECRET_KEY: { kind: 'secret', priority: 94 },
  AWS_ACCESS_KEY: { kind: 'secret', priority: 93 },
  GITHUB_TOKEN: { kind: 'secret', priority: 92 },
  SLACK_TOKEN: { kind: 'secret', priority: 91 },
  URL_CREDENTIALS: { kind: 'secret', priority: 90 },
  IBAN: { kind: 'pii', priority: 72 },
  CREDIT_CARD: { kind: 'pii', priority: 70 },
  US_SSN: { kind: 'pii', priority: 65 },
  EMAIL: { kind: 'pii', priority: 60 },
  IP_ADDRESS: { kind: 'pii', priority: 50 },
  PHONE: { kind: 'pii', priority: 40 },
});

/** Every entity type, in priority order. */
export const ENTITY_TYPES: readonly EntityType[] = Object.freeze(
  (Object.keys(ENTITIES) as EntityType[]).sort((a, b) => ENTITIES[b].priority - ENTITIES[a].priority),
);

/**
 * True when `name` is an entity type of this inspector.
 *
 * @example
 * isEntityType('EMAIL'); // true
 * isEntityType('PERSON'); // false
 */
export function isEntityType(name: string): name is EntityType {
  return Object.hasOwn(ENTITIES, name);
}

/**
 * True for credential types (AWS keys, tokens, private keys, passwords in URLs).
 *
 * @example
 * isSecret('JWT'); // true
 */
export function isSecret(type: string): boolean {
  return isEntityType(type) && ENTITIES[type].kind === 'secret';
}
