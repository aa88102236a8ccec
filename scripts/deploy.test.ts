import { describe, expect, it } from 'vitest';
import { LOCAL_SITE, siteFromEnv } from './deploy.mjs';

describe('siteFromEnv: a deploy build needs the real origin', () => {
  it('lets local builds, npm start and the tests run without SITE', () => {
    expect(siteFromEnv({})).toEqual({ site: LOCAL_SITE, deploy: false });
    expect(siteFromEnv({ SITE: 'https://grokking.example' })).toEqual({ site: 'https://grokking.example', deploy: false });
  });

  it('refuses a deploy build without SITE, with SITE pointing at this machine, or with a path', () => {
    expect(() => siteFromEnv({ DEPLOY_BUILD: '1' })).toThrow(/needs SITE/);
    expect(() => siteFromEnv({ DEPLOY_BUILD: '1', SITE: 'grokking.example' })).toThrow(/absolute URL/);
    expect(() => siteFromEnv({ DEPLOY_BUILD: '1', SITE: 'ftp://grokking.example' })).toThrow(/http/);
    expect(() => siteFromEnv({ DEPLOY_BUILD: '1', SITE: LOCAL_SITE })).toThrow(/this machine/);
    expect(() => siteFromEnv({ DEPLOY_BUILD: '1', SITE: 'http://localhost:8080' })).toThrow(/this machine/);
    expect(() => siteFromEnv({ DEPLOY_BUILD: '1', SITE: 'https://example.github.io/grokking/' })).toThrow(/without a path/);
  });

  it('takes the origin of a deploy SITE', () => {
    expect(siteFromEnv({ DEPLOY_BUILD: '1', SITE: 'https://grokking.example/' })).toEqual({ site: 'https://grokking.example', deploy: true });
  });
});
