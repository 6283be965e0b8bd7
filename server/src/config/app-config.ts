import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Server root (server/), whether running from src/ under jest or from dist/. */
export const SERVER_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export type DatabaseConfig =
  { type: 'sqlite'; path: string } | { type: 'mariadb'; host: string; port: number; username: string; password: string; database: string };

export interface AppConfig {
  port: number;
  production: boolean;
  demo: boolean;
  /** Seed demo cases (and their photos) in demo mode; tests turn it off to start from an empty case table. */
  demoCases: boolean;
  database: DatabaseConfig;
  /** The address users see (scheme, host, optional path prefix; no trailing slash): absolute URLs are built from it, never from `Host`. */
  publicBaseUrl: string;
  /** Hosts (`host` or `host:port`) whose Open311 `media_url` is fetched into the media pipeline; others stay links for staff. */
  open311MediaHosts: string[];
  jwt: { secret: string; accessTtlSeconds: number; refreshTtlSeconds: number };
  wechat: { baseUrl: string; appId: string; appSecret: string };
  mediaDir: string;
  clientDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'silent'] as const;

/** Reads and validates the environment into a typed object; every bad variable is named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
      return fallback;
    }
    return n;
  };

  const production = env.NODE_ENV === 'production';
  let demo = !production;
  if (env.DEMO !== undefined && env.DEMO !== '') {
    if (env.DEMO === '1' || env.DEMO === 'true') demo = true;
    else if (env.DEMO === '0' || env.DEMO === 'false') demo = false;
    else problems.push(`DEMO must be 1 or 0, got "${env.DEMO}"`);
  }

  let demoCases = demo;
  if (env.DEMO_CASES !== undefined && env.DEMO_CASES !== '') {
    if (env.DEMO_CASES === '0' || env.DEMO_CASES === 'false') demoCases = false;
    else if (env.DEMO_CASES !== '1' && env.DEMO_CASES !== 'true') problems.push(`DEMO_CASES must be 1 or 0, got "${env.DEMO_CASES}"`);
  }

  const database = parseDatabaseUrl(env.DATABASE_URL, problems);

  let secret = env.JWT_SECRET ?? '';
  if (!secret) {
    if (production) problems.push('JWT_SECRET is required when NODE_ENV=production');
    secret = 'xuchang-demo-secret-not-for-production';
  } else if (secret.length < 16) {
    problems.push('JWT_SECRET must be at least 16 characters');
  }

  const logLevel = (env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info')) as AppConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);

  const wechatBase = env.WECHAT_API_BASE ?? 'https://api.weixin.qq.com';
  if (!/^https?:\/\/[^\s]+$/.test(wechatBase)) problems.push(`WECHAT_API_BASE must be an http(s) URL, got "${wechatBase}"`);

  const port = int('PORT', 3000, 0, 65535);
  let publicBaseUrl = `http://localhost:${port}`;
  if (env.PUBLIC_BASE_URL) {
    if (/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(env.PUBLIC_BASE_URL)) publicBaseUrl = env.PUBLIC_BASE_URL.replace(/\/+$/, '');
    else problems.push(`PUBLIC_BASE_URL must be an http(s) URL without query or fragment, got "${env.PUBLIC_BASE_URL}"`);
  } else if (production) {
    problems.push('PUBLIC_BASE_URL is required when NODE_ENV=production (the address users see, e.g. https://cg.xuchang.gov.cn)');
  }

  const open311MediaHosts = (env.OPEN311_MEDIA_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const badHosts = open311MediaHosts.filter((h) => !/^[a-z0-9.-]+(:\d{1,5})?$/.test(h));
  if (badHosts.length) problems.push(`OPEN311_MEDIA_HOSTS must list host names or host:port, comma-separated; bad: ${badHosts.join(', ')}`);

  const config: AppConfig = {
    port,
    publicBaseUrl,
    open311MediaHosts,
    production,
    demo,
    demoCases: demo && demoCases,
    database,
    jwt: {
      secret,
      accessTtlSeconds: int('JWT_ACCESS_TTL', 2 * 3600, 60, 30 * 86400),
      refreshTtlSeconds: int('JWT_REFRESH_TTL', 30 * 86400, 300, 365 * 86400),
    },
    wechat: {
      baseUrl: wechatBase.replace(/\/$/, ''),
      appId: env.WECHAT_APPID ?? 'wx-demo-appid',
      appSecret: env.WECHAT_SECRET ?? 'demo-secret',
    },
    mediaDir: path.resolve(env.MEDIA_DIR ?? path.join(SERVER_ROOT, 'media')),
    clientDir: path.resolve(env.CLIENT_DIR ?? path.join(SERVER_ROOT, '..', 'client', 'dist', 'h5')),
    logLevel,
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}

function parseDatabaseUrl(raw: string | undefined, problems: string[]): DatabaseConfig {
  if (!raw) return { type: 'sqlite', path: path.join(SERVER_ROOT, 'data', 'xuchang.sqlite') };
  if (raw.startsWith('sqlite:')) {
    const file = raw.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!file) problems.push('DATABASE_URL sqlite:<path> needs a file path');
    return { type: 'sqlite', path: path.resolve(file || 'xuchang.sqlite') };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(`DATABASE_URL is not a valid URL: "${raw}"`);
    return { type: 'sqlite', path: '' };
  }
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') {
    problems.push(`DATABASE_URL must start with mysql:// or sqlite:, got "${url.protocol}"`);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database) problems.push('DATABASE_URL must name a database: mysql://user:pass@host:3306/<database>');
  return {
    type: 'mariadb',
    host: url.hostname || '127.0.0.1',
    port: url.port ? Number(url.port) : 3306,
    username: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
    database,
  };
}
