/**
 * @module config/fields
 * Small reusable field schemas of `bulwark.yaml`: names, `host:port` addresses, URLs,
 * hex digests. Each carries the message a user sees when the value is wrong.
 */
import { z } from 'zod';

/** Model names, version names, rule ids and API key ids (as in the registry): 1–128 of `A-Z a-z 0-9 . _ -`, starting alphanumeric. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * A name used in URLs, logs and metrics labels.
 *
 * @example
 * nameSchema.parse('fraud'); // 'fraud'
 */
export const nameSchema = z
  .string()
  .regex(NAME_PATTERN, { message: 'expected 1-128 characters of A-Z a-z 0-9 . _ - starting with a letter or digit' });

/** An inspector id (the inspect context registers inspectors under such ids), e.g. `prompt_injection`. */
export const inspectorIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, { message: 'expected a lower-case inspector id such as prompt_injection' });

const HOST_PORT = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?):(\d{1,5})$/;

/**
 * A listen address `host:port` (IPv6 in brackets). Port 0 asks the OS for a free port.
 *
 * @example
 * hostPortSchema.parse('127.0.0.1:8080');
 */
export const hostPortSchema = z
  .string()
  .regex(HOST_PORT, { message: 'expected host:port, e.g. 127.0.0.1:8080 or [::1]:8080' })
  .refine((value) => Number(HOST_PORT.exec(value)?.[1] ?? 0) <= 65_535, { message: 'port must be at most 65535' });

/**
 * An http(s) URL.
 *
 * @example
 * httpUrlSchema.parse('http://127.0.0.1:9001');
 */
export const httpUrlSchema = z.url({ protocol: /^https?$/, message: 'expected an http:// or https:// URL' });

/**
 * A sha256 digest: 64 hex characters, stored lower-case.
 *
 * @example
 * sha256Schema.parse('6B86…'); // '6b86…'
 */
export const sha256Schema = z
  .string()
  .regex(/^[0-9A-Fa-f]{64}$/, { message: 'expected a sha256 digest: 64 hex characters' })
  .transform((hex) => hex.toLowerCase());
