import { describe, expect, it } from 'vitest';
import type { Candidate } from './types.js';
import { findAwsAccessKeys } from './aws-access-key.js';
import { findAwsSecretKeys } from './aws-secret-key.js';
import { findGithubTokens } from './github-token.js';
import { findJwts, isJwtHeader } from './jwt.js';
import { findPrivateKeys } from './private-key.js';
import { findSlackTokens } from './slack-token.js';
import { findSlackWebhooks } from './slack-webhook.js';
import { findUrlCredentials } from './url-credentials.js';

const texts = (find: (t: string) => Candidate[], text: string) => find(text).map((c) => text.slice(c.start, c.end));

// Test values are the vendors' documented examples or made-up strings of the right shape.
const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const GHP = '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';

describe('AWS access key ids', () => {
  it('finds AKIA and ASIA ids of 20 characters', () => {
    expect(texts(findAwsAccessKeys, 'id=AKIAIOSFODNN7EXAMPLE, sts ASIAY34FZKBOKMUTVV7A')).toEqual(['AKIAIOSFODNN7EXAMPLE', 'ASIAY34FZKBOKMUTVV7A']);
  });

  it('rejects other prefixes, wrong lengths and glued ids', () => {
    expect(texts(findAwsAccessKeys, 'AKIDIOSFODNN7EXAMPLE AKIAIOSFODNN7EXAMPL AKIAIOSFODNN7EXAMPLEX xAKIAIOSFODNN7EXAMPLE')).toEqual([]);
  });
});

describe('AWS secret access keys', () => {
  it('finds a 40-character key after its name', () => {
    expect(texts(findAwsSecretKeys, 'aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"')).toEqual(['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY']);
    expect(texts(findAwsSecretKeys, 'AWS Secret Key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).toEqual(['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY']);
  });

  it('finds a key right after an access key id (credentials CSV)', () => {
    expect(texts(findAwsSecretKeys, 'AKIAIOSFODNN7EXAMPLE,wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).toEqual(['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY']);
  });

  it('ignores 40-character values without context, and hex digests', () => {
    expect(texts(findAwsSecretKeys, 'token wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).toEqual([]);
    expect(texts(findAwsSecretKeys, 'aws_secret_access_key=da39a3ee5e6b4b0d3255bfef95601890afd80709')).toEqual([]);
  });
});

describe('GitHub tokens', () => {
  it('finds every prefix and fine-grained tokens', () => {
    const fine = `github_pat_11ABCDEFG0123456789abc_${'x'.repeat(59)}`;
    const text = `${GHP} gho_${'a'.repeat(36)} ghu_${'b'.repeat(36)} ghs_${'c'.repeat(36)} ghr_${'d'.repeat(36)} ${fine}`;
    expect(texts(findGithubTokens, text)).toHaveLength(6);
  });

  it('rejects short tokens, unknown prefixes and glued tokens', () => {
    expect(texts(findGithubTokens, `ghp_short ghx_${'a'.repeat(36)} my_${GHP}`)).toEqual([]);
  });
});

describe('Slack tokens and webhooks', () => {
  it('finds bot, user, app-level and workspace tokens', () => {
    const text = 'xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx xoxp-11111111111-2222222222-3333333333333-abcdef xapp-1-A0123456789-1234567890123-abcdef0123 xoxa-2-1234567890123';
    expect(texts(findSlackTokens, text)).toHaveLength(4);
  });

  it('rejects prefixes alone, short bodies and bodies without digits', () => {
    expect(texts(findSlackTokens, 'xoxb- xoxb-123 xoxb-abcdefghijklmnopqrstuvwxyz xoxz-1234567890-1234567890')).toEqual([]);
  });

  it('finds webhook URLs', () => {
    const url = 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX';
    expect(texts(findSlackWebhooks, `POST ${url} now`)).toEqual([url]);
    expect(texts(findSlackWebhooks, 'https://hooks.slack.com/services/ https://slack.com/services/T0/B0/x')).toEqual([]);
  });
});

describe('JWTs', () => {
  it('finds tokens whose header is JSON with alg, including alg none', () => {
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"1"}').toString('base64url')}.`;
    expect(texts(findJwts, `Bearer ${JWT}`)).toEqual([JWT]);
    expect(texts(findJwts, `t=${none}`)).toEqual([none]);
  });

  it('rejects eyJ lookalikes whose header is not JSON with alg', () => {
    const noAlg = `${Buffer.from('{"typ":"JWT"}').toString('base64url')}.eyJzdWIiOiIxIn0.abc`;
    expect(texts(findJwts, `${noAlg} eyJhbGciOiJIUzI1NiIsInR5cCI.eyJzdWIi.x eyJabc`)).toEqual([]);
    expect(isJwtHeader('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9')).toBe(true);
  });
});

describe('PEM private keys', () => {
  const body = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\nVJTUt9Us8cKjMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSu\n';
  it('finds PKCS#8, RSA, EC, OpenSSH and PGP blocks through their END line', () => {
    for (const label of ['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'PGP PRIVATE KEY BLOCK']) {
      const pem = `-----BEGIN ${label}-----\n${body}-----END ${label}-----`;
      expect(texts(findPrivateKeys, `key:\n${pem}\nthanks`), label).toEqual([pem]);
    }
  });

  it('covers the body of a truncated block, also with escaped newlines', () => {
    const truncated = `-----BEGIN RSA PRIVATE KEY-----\n${body}`;
    expect(texts(findPrivateKeys, `${truncated}\nthat was it`)).toEqual([truncated.trimEnd()]);
    const escaped = '-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkq\\nhkiG9w0BAQEF';
    expect(texts(findPrivateKeys, `"${escaped}"`)).toEqual([escaped]);
  });

  it('ignores public keys and certificates', () => {
    expect(texts(findPrivateKeys, '-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY----- -----BEGIN CERTIFICATE-----')).toEqual([]);
  });
});

describe('passwords in URLs', () => {
  it('finds the password part only', () => {
    expect(texts(findUrlCredentials, 'Use this URL: https://username:password@llm-guard.com')).toEqual(['password']);
    expect(texts(findUrlCredentials, 'DATABASE_URL=postgres://app:s3cr3t:x@db.internal:5432/app')).toEqual(['s3cr3t:x']);
  });

  it('ignores URLs without a password and masked passwords', () => {
    expect(texts(findUrlCredentials, 'https://user@host.com https://host.com/a:b@c https://u:****@host.com')).toEqual([]);
  });
});
