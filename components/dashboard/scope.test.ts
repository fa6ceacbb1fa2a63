import { describe, expect, it } from 'vitest';
import { apiQuery, rescopedHref, scopeFromParams, scopedHref, scopeSearch } from './scope';

const params = (query: string) => new URLSearchParams(query);

describe('scopeFromParams', () => {
  it('is the fleet unless the URL asks for an instance', () => {
    expect(scopeFromParams(params(''))).toEqual({ scope: 'fleet' });
    expect(scopeFromParams(params('scope=fleet'))).toEqual({ scope: 'fleet' });
    expect(scopeFromParams(params('scope=instance&instance=web-1:42:abc'))).toEqual({
      scope: 'instance',
      instance: 'web-1:42:abc',
    });
    // As the API reads it: an instance alone means that instance; scope alone, the one answering.
    expect(scopeFromParams(params('instance=web-2'))).toEqual({
      scope: 'instance',
      instance: 'web-2',
    });
    expect(scopeFromParams(params('scope=instance'))).toEqual({ scope: 'instance' });
  });

  it('ignores what the API would refuse instead of showing an error page', () => {
    expect(scopeFromParams(params('scope=everything'))).toEqual({ scope: 'fleet' });
    expect(scopeFromParams(params('instance=%3Cscript%3E'))).toEqual({ scope: 'fleet' });
    expect(scopeFromParams(params(`scope=instance&instance=${'x'.repeat(101)}`))).toEqual({
      scope: 'instance',
    });
  });
});

describe('links and API queries', () => {
  const one = { scope: 'instance', instance: 'host:1:k2' } as const;

  it('keeps fleet URLs plain and drill-downs explicit', () => {
    expect(scopeSearch({ scope: 'fleet' })).toBe('');
    expect(scopedHref('/db', { scope: 'fleet' })).toBe('/db');
    expect(scopedHref('/db', one)).toBe('/db?scope=instance&instance=host%3A1%3Ak2');
    expect(scopedHref('/cache', { scope: 'instance' })).toBe('/cache?scope=instance');
  });

  it('round-trips a scope through a URL', () => {
    const url = new URL(scopedHref('/db', one), 'http://dashboard.test');
    expect(scopeFromParams(url.searchParams)).toEqual(one);
  });

  it('passes the scope and the window on to the health API', () => {
    expect(apiQuery({ scope: 'fleet' }, '24h')).toBe('?scope=fleet&window=24h');
    expect(apiQuery(one, '5m')).toBe('?scope=instance&instance=host%3A1%3Ak2&window=5m');
    expect(apiQuery({ scope: 'instance' }, '15m')).toBe('?scope=instance&window=15m');
  });

  it('moves a page to another scope keeping its own parameters', () => {
    const params = new URLSearchParams('scope=instance&instance=web-1&kind=anon&name=notes.list');
    expect(rescopedHref('/operations/detail', params, { scope: 'fleet' })).toBe(
      '/operations/detail?kind=anon&name=notes.list',
    );
    expect(rescopedHref('/db', new URLSearchParams('scope=instance'), { scope: 'fleet' })).toBe(
      '/db',
    );
    expect(
      rescopedHref('/operations', new URLSearchParams('sort=p99Ms'), {
        scope: 'instance',
        instance: 'a',
      }),
    ).toBe('/operations?scope=instance&instance=a&sort=p99Ms');
  });
});
