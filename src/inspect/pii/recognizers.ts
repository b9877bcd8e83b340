/**
 * @module inspect/pii/recognizers
 * The registry of recognisers, one per entity type. Adding an entity type means writing
 * its recogniser file, adding it to `ENTITIES` (kind and priority) and to this table; the
 * compiler checks that every type has exactly one recogniser.
 */
import type { EntityType, Recognizer } from './types.js';
import { awsAccessKeyRecognizer } from './aws-access-key.js';
import { awsSecretKeyRecognizer } from './aws-secret-key.js';
import { creditCardRecognizer } from './credit-card.js';
import { emailRecognizer } from './email.js';
import { githubTokenRecognizer } from './github-token.js';
import { ibanRecognizer } from './iban.js';
import { ipAddressRecognizer } from './ip-address.js';
import { jwtRecognizer } from './jwt.js';
import { phoneRecognizer } from './phone.js';
import { privateKeyRecognizer } from './private-key.js';
import { slackTokenRecognizer } from './slack-token.js';
import { slackWebhookRecognizer } from './slack-webhook.js';
import { urlCredentialsRecognizer } from './url-credentials.js';
import { usSsnRecognizer } from './us-ssn.js';

/**
 * Entity type → its recogniser.
 *
 * @example
 * RECOGNIZERS.EMAIL.find('info@presidio.site'); // [{ start: 0, end: 18, type: 'EMAIL', score: 0.9 }]
 */
export const RECOGNIZERS: Readonly<Record<EntityType, Recognizer>> = Object.freeze({
  EMAIL: emailRecognizer,
  PHONE: phoneRecognizer,
  CREDIT_CARD: creditCardRecognizer,
  IBAN: ibanRecognizer,
  US_SSN: usSsnRecognizer,
  IP_ADDRESS: ipAddressRecognizer,
  AWS_ACCESS_KEY: awsAccessKeyRecognizer,
  AWS_SECRET_KEY: awsSecretKeyRecognizer,
  GITHUB_TOKEN: githubTokenRecognizer,
  SLACK_TOKEN: slackTokenRecognizer,
  SLACK_WEBHOOK: slackWebhookRecognizer,
  JWT: jwtRecognizer,
  PRIVATE_KEY: privateKeyRecognizer,
  URL_CREDENTIALS: urlCredentialsRecognizer,
});
