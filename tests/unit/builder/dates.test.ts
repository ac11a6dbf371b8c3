import { describe, expect, it } from 'vitest';
import { fileNameDate, parseFrontMatterDate } from '../../../src/builder/dates.ts';

const SH = 'Asia/Shanghai';
const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());
/** The date as two ISO instants: what Jekyll uses for the URL, and what we publish. */
const read = (text: string, plain = true, tz = SH) => {
  const d = parseFrontMatterDate(text, tz, plain);
  return d && { jekyll: iso(d.jekyllMs), published: iso(d.publishedMs), zoneless: d.zoneless };
};

describe('parseFrontMatterDate', () => {
  it('reads a plain zone-less timestamp as UTC for Jekyll, as Beijing time for publishing', () => {
    expect(read('2021-12-08 10:46:18')).toEqual({
      jekyll: '2021-12-08T10:46:18.000Z',
      published: '2021-12-08T02:46:18.000Z',
      zoneless: true,
    });
  });

  it('puts a zone-less evening date on the next day for Jekyll (the URL day), not for publishing', () => {
    expect(read('2021-12-08 17:30:00')).toEqual({
      jekyll: '2021-12-08T17:30:00.000Z', // 2021-12-09 01:30 in Shanghai: Jekyll's URL says 12/09
      published: '2021-12-08T09:30:00.000Z',
      zoneless: true,
    });
  });

  it('reads an offset the same way for both', () => {
    expect(read('2021-12-08 10:46:18 +0800')).toEqual({ jekyll: '2021-12-08T02:46:18.000Z', published: '2021-12-08T02:46:18.000Z', zoneless: false });
    expect(read('2021-12-08 10:46:18 +08:00')).toMatchObject({ jekyll: '2021-12-08T02:46:18.000Z', zoneless: false });
    expect(read('2021-12-08 10:46:18 -0500')).toMatchObject({ jekyll: '2021-12-08T15:46:18.000Z', zoneless: false });
    expect(read('2021-12-08T10:46:18Z')).toMatchObject({ jekyll: '2021-12-08T10:46:18.000Z', published: '2021-12-08T10:46:18.000Z' });
    expect(read('2021-12-08 10:46:18 UTC')).toMatchObject({ jekyll: '2021-12-08T10:46:18.000Z' });
  });

  it('reads a quoted zone-less date in the site zone (Ruby Time.parse), for both', () => {
    expect(read('2021-12-08 10:46:18', false)).toEqual({ jekyll: '2021-12-08T02:46:18.000Z', published: '2021-12-08T02:46:18.000Z', zoneless: true });
  });

  it('reads a zone-less date without seconds in the site zone: it is no YAML timestamp', () => {
    expect(read('2021-12-08 10:46')).toEqual({ jekyll: '2021-12-08T02:46:00.000Z', published: '2021-12-08T02:46:00.000Z', zoneless: true });
  });

  it('reads a date alone as midnight in the site zone', () => {
    expect(read('2021-12-08')).toEqual({ jekyll: '2021-12-07T16:00:00.000Z', published: '2021-12-07T16:00:00.000Z', zoneless: true });
    expect(read('2021-12-08', false)).toMatchObject({ jekyll: '2021-12-07T16:00:00.000Z' });
  });

  it('uses the given zone for zone-less dates', () => {
    expect(read('2021-07-01 12:00:00', true, 'Europe/Berlin')).toEqual({ jekyll: '2021-07-01T12:00:00.000Z', published: '2021-07-01T10:00:00.000Z', zoneless: true });
  });

  it('keeps fractions of a second', () => {
    expect(read('2021-12-08 10:46:18.5 +0800')?.jekyll).toBe('2021-12-08T02:46:18.500Z');
  });

  it('accepts one-digit months and days, as YAML does', () => {
    expect(read('2021-1-8 10:46:18 +0800')?.jekyll).toBe('2021-01-08T02:46:18.000Z');
  });

  it('returns null for what is not a date', () => {
    for (const text of ['', '+0800', '800', 'yesterday', '2021-13-01', '2021-02-30', '2021-12-32 10:00:00', '2021-12-08 24:00:00', '2021-12-08 10:61:00', '2021-12-08 10:46:18 +0800 extra', '08/12/2021']) {
      expect(parseFrontMatterDate(text, SH), text).toBeNull();
    }
  });

  it('accepts 29 February only in a leap year', () => {
    expect(read('2024-02-29 00:00:00 +0000')?.jekyll).toBe('2024-02-29T00:00:00.000Z');
    expect(parseFrontMatterDate('2023-02-29 00:00:00 +0000', SH)).toBeNull();
  });
});

describe('fileNameDate', () => {
  it('is midnight in the site zone', () => {
    expect(iso(fileNameDate(2021, 12, 8, SH)?.jekyllMs)).toBe('2021-12-07T16:00:00.000Z');
    expect(fileNameDate(2021, 12, 8, SH)).toEqual({ jekyllMs: Date.UTC(2021, 11, 7, 16), publishedMs: Date.UTC(2021, 11, 7, 16), zoneless: true });
  });

  it('refuses a day that does not exist', () => {
    expect(fileNameDate(2021, 2, 30, SH)).toBeNull();
    expect(fileNameDate(2021, 13, 1, SH)).toBeNull();
    expect(fileNameDate(2021, 0, 1, SH)).toBeNull();
  });
});
