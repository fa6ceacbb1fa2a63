import { describe, expect, it } from 'vitest';
import { refusalForRemote } from './local-only.ts';

const local = {
  SUPABASE_URL: 'http://127.0.0.1:46651',
  REDIS_URL: 'redis://:s3cret-redis-password@127.0.0.1:37867',
};

describe('refusalForRemote', () => {
  it('allows an environment without the variables, or pointing at the local stack', () => {
    expect(refusalForRemote({}, local, 'dev')).toBeUndefined();
    expect(refusalForRemote({ SUPABASE_URL: '' }, local, 'dev')).toBeUndefined();
    expect(refusalForRemote({ ...local }, local, 'dev')).toBeUndefined();
    expect(
      refusalForRemote(
        { SUPABASE_URL: 'http://localhost:46651/', REDIS_URL: 'redis://127.0.0.1:37867' },
        local,
        'dev',
      ),
    ).toBeUndefined();
  });

  it('refuses a configured Supabase project, naming the variable and where it points', () => {
    expect(refusalForRemote({ SUPABASE_URL: 'https://xyz.supabase.co' }, local, 'dev')).toBe(
      'refusing: SUPABASE_URL points to https://xyz.supabase.co, not the local stack "dev". Chaos only acts on a local stack started by npm start; run it in a shell without SUPABASE_URL.',
    );
  });

  it('refuses another port on this machine (another stack or a real service)', () => {
    expect(refusalForRemote({ SUPABASE_URL: 'http://127.0.0.1:54321' }, local, 'dev')).toMatch(
      /^refusing: SUPABASE_URL points to http:\/\/127.0.0.1:54321/,
    );
  });

  it('refuses a remote Redis without ever showing its password', () => {
    const why = refusalForRemote(
      { REDIS_URL: 'rediss://default:very-secret@cache.example.com:6380' },
      local,
      'dev',
    );
    expect(why).toMatch(/REDIS_URL points to rediss:\/\/cache.example.com:6380/);
    expect(why).not.toContain('very-secret');
  });

  it('refuses a value that is not a URL at all', () => {
    expect(refusalForRemote({ SUPABASE_URL: 'xyz' }, local, 'dev')).toMatch(
      /SUPABASE_URL points to a value that is not a URL/,
    );
  });
});
