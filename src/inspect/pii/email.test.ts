import { describe, expect, it } from 'vitest';
import { findEmails } from './email.js';

const found = (text: string) => findEmails(text).map((c) => text.slice(c.start, c.end));

describe('findEmails', () => {
  it('finds addresses in prose, including sub-domains, plus tags and punycode', () => {
    expect(found('write to info@presidio.site or anotherinfo@presidio.site today')).toEqual(['info@presidio.site', 'anotherinfo@presidio.site']);
    expect(found('jane.doe+tag@mail.eu-west.example.co.uk.')).toEqual(['jane.doe+tag@mail.eu-west.example.co.uk']);
    expect(found('a@xn--d1acufc.xn--p1ai')).toEqual(['a@xn--d1acufc.xn--p1ai']);
    expect(found('mailto:Jane@Example.com')).toEqual(['Jane@Example.com']);
  });

  it('rejects addresses without a TLD, with bad dots or hyphens, and plain words', () => {
    expect(found('my email is info@presidio.')).toEqual([]);
    expect(found('this is not an email: hello-world here')).toEqual([]);
    expect(found('.a@b.com a..b@c.com x@-bad.com user@host')).toEqual([]);
    expect(found('@handle and a@b.c1')).toEqual([]);
  });

  it('drops trailing labels that cannot be a TLD', () => {
    expect(found('a@example.com.123')).toEqual(['a@example.com']);
  });
});
