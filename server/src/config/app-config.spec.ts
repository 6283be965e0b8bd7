import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('defaults to embedded SQLite under server/data with demo mode on', () => {
    const c = loadConfig({});
    expect(c.database.type).toBe('sqlite');
    expect(c.database.type === 'sqlite' && c.database.path).toMatch(/server\/data\/xuchang\.sqlite$/);
    expect(c.demo).toBe(true);
    expect(c.port).toBe(3000);
  });

  it('parses a MySQL URL', () => {
    const c = loadConfig({ DATABASE_URL: 'mysql://app:p%40ss@db.local:3307/city' });
    expect(c.database).toEqual({ type: 'mariadb', host: 'db.local', port: 3307, username: 'app', password: 'p@ss', database: 'city' });
  });

  it('turns demo off in production and requires a JWT secret there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    const prod = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), PUBLIC_BASE_URL: 'https://cg.example.cn' };
    const c = loadConfig(prod);
    expect(c.demo).toBe(false);
    expect(loadConfig({ ...prod, DEMO: '1' }).demo).toBe(true);
  });

  it('reads the Open311 media host allow-list, naming a bad entry', () => {
    expect(loadConfig({}).open311MediaHosts).toEqual([]);
    expect(loadConfig({ OPEN311_MEDIA_HOSTS: ' Photos.Example.org, 127.0.0.1:8099 ,' }).open311MediaHosts).toEqual([
      'photos.example.org',
      '127.0.0.1:8099',
    ]);
    expect(() => loadConfig({ OPEN311_MEDIA_HOSTS: 'https://photos.example.org/' })).toThrow(/OPEN311_MEDIA_HOSTS.*https/);
  });

  it('takes the public address from PUBLIC_BASE_URL, required in production', () => {
    expect(loadConfig({}).publicBaseUrl).toBe('http://localhost:3000');
    expect(loadConfig({ PORT: '8080' }).publicBaseUrl).toBe('http://localhost:8080');
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://cg.example.cn/city/' }).publicBaseUrl).toBe('https://cg.example.cn/city');
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'cg.example.cn' })).toThrow(/PUBLIC_BASE_URL/);
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'https://cg.example.cn/?x=1' })).toThrow(/PUBLIC_BASE_URL/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) })).toThrow(/PUBLIC_BASE_URL/);
  });

  it('names every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'postgres://x/y', DEMO: 'maybe' });
      throw new Error('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const msg = (e as Error).message;
      expect(msg).toContain('PORT');
      expect(msg).toContain('DATABASE_URL');
      expect(msg).toContain('DEMO');
    }
  });
});
