/**
 * The public surface of the config context: what other contexts may import, and type
 * tests for the main signatures (checked by tsc; expectTypeOf is a no-op at run time).
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as config from './index.js';
import type { BulwarkConfig, EffectiveRule, Knobs, KnobsSource } from './index.js';

describe('config/index', () => {
  it('exports the documented surface', () => {
    expect(Object.keys(config).sort()).toEqual(
      [
        'CONFIG_DEFAULTS',
        'CONFIG_SCHEMA_FILE',
        'CONTROL_ROLES',
        'ConfigWatcher',
        'DURATION_PATTERN',
        'EMPTY_KNOBS',
        'FileKnobsSource',
        'MODEL_PROTOCOLS',
        'REDACTED',
        'ROLLBACK_STRATEGIES',
        'RULE_ACTIONS',
        'SEVERITIES',
        'StaticKnobsSource',
        'applyKnobs',
        'bulwarkConfigSchema',
        'configErrors',
        'configJsonSchema',
        'durationMs',
        'effectiveInspector',
        'effectiveRule',
        'effectiveRules',
        'formatPath',
        'knobsFilePath',
        'knobsSchema',
        'loadConfigFile',
        'parseConfig',
        'parseDurationMs',
        'parseKnobs',
        'problemLine',
        'readConfigText',
        'redactConfig',
        'registerRuleExpressionCheck',
        'renderConfigJsonSchema',
        'systemTimers',
        'unknownKnobs',
        'validateWith',
      ].sort(),
    );
  });

  it('has the documented types', () => {
    expectTypeOf(config.loadConfigFile).returns.resolves.toEqualTypeOf<BulwarkConfig>();
    expectTypeOf(config.parseConfig).returns.toEqualTypeOf<BulwarkConfig>();
    expectTypeOf<BulwarkConfig['server']['maxBodyBytes']>().toEqualTypeOf<number>();
    expectTypeOf<BulwarkConfig['models'][string]['route']['lkg']>().toEqualTypeOf<string | undefined>();
    expectTypeOf(config.effectiveRule).returns.toEqualTypeOf<EffectiveRule | undefined>();
    expectTypeOf<InstanceType<typeof config.FileKnobsSource>>().toExtend<KnobsSource>();
    expectTypeOf<KnobsSource['current']>().returns.toEqualTypeOf<Knobs>();
    // The config is readonly all the way down.
    expectTypeOf<BulwarkConfig['keys']>().toEqualTypeOf<readonly BulwarkConfig['keys'][number][]>();
    // @ts-expect-error a frozen config cannot be assigned to
    const assign = (c: BulwarkConfig): void => void (c.server.listen = 'x');
    expect(typeof assign).toBe('function');
  });
});
