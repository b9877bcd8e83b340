/**
 * @module inspect/prompt-injection/defaults
 * Defaults of the prompt-injection inspector, written once.
 */

/** Defaults of `createPromptInjectionInspector` options. */
export const PROMPT_INJECTION_DEFAULTS = Object.freeze({
  /** Longest prompt scanned, UTF-16 code units (16 KiB); the rest is not inspected and the finding says `truncated`. */
  maxChars: 16_384,
  /** Most rule spans reported per prompt. */
  maxSpans: 16,
});

/** The inspector's registered id. */
export const PROMPT_INJECTION_ID = 'prompt_injection';
