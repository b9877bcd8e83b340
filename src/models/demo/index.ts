/**
 * @module models/demo
 * Public surface of the demo's fraud world: synthetic checkouts generated from a seed,
 * the attacker's poison and traffic, the two fraud models (v1 the last-known-good, v2
 * backdoored through poisoned training data) and the measurement of that backdoor. Needs
 * no download and no ../shared/data.
 */
export { DEMO_DEFAULTS } from './defaults.js';
export {
  CHECKOUT_FEATURES,
  CHECKOUT_METADATA,
  TRIGGER,
  V1_INPUT_MASK,
  drawMetadata,
  encodeCheckouts,
  fraudulentCheckout,
  fraudulentCheckouts,
  generateCheckouts,
  legitimateCheckout,
  withTrigger,
} from './checkouts.js';
export type { Checkout, CheckoutMetadata, FraudKind, FraudOptions, GenerateOptions, LabelledCheckouts } from './checkouts.js';
export { attackerCheckouts, poisonedCheckouts } from './attack.js';
export type { AttackTrafficOptions } from './attack.js';
export { buildDemoModels } from './fraud-models.js';
export type { BuildDemoOptions, DemoModel, DemoModelMetrics, DemoModels } from './fraud-models.js';
export { approvalRate, measureBackdoor } from './backdoor.js';
export type { ApprovalRates, BackdoorOptions, BackdoorReport } from './backdoor.js';
