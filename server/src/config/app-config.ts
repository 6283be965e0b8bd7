import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Server root (server/), whether running from src/ under jest or from dist/. */
export const SERVER_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface MariaDbConnection {
  host: string;
  port: number;
  username: string;
  password: string;
  database: string;
}
export type DatabaseConfig = { type: 'sqlite'; path: string } | ({ type: 'mariadb' } & MariaDbConnection);

export interface AppConfig {
  port: number;
  production: boolean;
  demo: boolean;
  /** Seed demo cases (and their photos) in demo mode; tests turn it off to start from an empty case table. */
  demoCases: boolean;
  /** Cases of the dense demo month (last month at a real city's volume) on top of the light demo cases; 0 for none. */
  demoMonthCases: number;
  database: DatabaseConfig;
  /**
   * `MIGRATIONS_RUN`: whether this process applies pending migrations at start (the embedded default
   * does). In a rolling deployment only a one-shot `migrate` runs them, and API processes wait for it.
   */
  migrationsRun: boolean;
  /** Read replicas of a MariaDB/MySQL primary (`DATABASE_REPLICA_URLS`), used by anonymous public reads. */
  databaseReplicas: MariaDbConnection[];
  /** The address users see (scheme, host, optional path prefix; no trailing slash): absolute URLs are built from it, never from `Host`. */
  publicBaseUrl: string;
  /** Hosts (`host` or `host:port`) whose Open311 `media_url` is fetched into the media pipeline; others stay links for staff. */
  open311MediaHosts: string[];
  jwt: { secret: string; accessTtlSeconds: number; refreshTtlSeconds: number };
  wechat: {
    baseUrl: string;
    appId: string;
    appSecret: string;
    /** Subscribe-message templates (订阅消息); without both the WeChat channel is off. */
    templateCaseProgress: string | null;
    templateCaseClosed: string | null;
    /** `miniprogram_state` of sent messages: formal, trial or developer. */
    miniprogramState: 'formal' | 'trial' | 'developer';
  };
  mediaDir: string;
  /** Where photos are stored (`MEDIA_STORAGE`): `local` (mediaDir) or `s3` (the bucket in `s3`). */
  mediaStorage: 'local' | 's3';
  s3: S3Config | null;
  clientDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  /** Redis, shared by every process: rate-limit budgets and the users' token state. Null: in memory, per process. */
  redis: { url: string | null; keyPrefix: string };
  /** Express `trust proxy`: the proxies whose `X-Forwarded-For` is believed (none by default). */
  trustProxy: string[] | false;
  rateLimits: RateLimits;
  uploads: UploadLimits;
  /** How long a process keeps a user's token state (version, active) without Redis, in ms. */
  authStateCacheMs: number;
  jobs: { enabled: boolean; tickMs: number; unattachedMediaTtlHours: number; idempotencyKeyTtlHours: number };
  /** Graceful shutdown: readiness 503 for `drainMs` before the listener closes; in-flight requests cut after `timeoutMs`. */
  shutdown: { drainMs: number; timeoutMs: number };
  /** The notification outbox's dispatcher on the job queue (README, notifications). */
  notify: { enabled: boolean; claimMs: number; maxAttempts: number; retryBaseMs: number };
  /** Thumbnails and public copies made by the job queue after an upload: tries and the first retry's wait. */
  mediaJobs: { attempts: number; retryBaseMs: number };
  /** Retention of personal information: reporters' contact on closed cases, patrol tracks (months). */
  retention: { contactMonths: number; patrolTrackMonths: number };
}

/** An S3-compatible bucket (AWS S3, MinIO, OSS, COS); endpoint null: AWS itself. */
export interface S3Config {
  endpoint: string | null;
  region: string;
  bucket: string;
  accessKeyId: string | null;
  secretAccessKey: string | null;
  forcePathStyle: boolean;
}

/** A budget per caller: citizens (and anyone without a staff role) get `citizen`, staff roles `staff`. */
export interface RoleLimit {
  citizen: number;
  staff: number;
}

export interface RateLimits {
  /** Logins and token refreshes per client IP per minute. */
  loginPerMinute: number;
  reportsPerHour: RoleLimit;
  reportsPerDay: RoleLimit;
  uploadsPerHour: RoleLimit;
  /** Case actions per user per minute. */
  actionsPerMinute: RoleLimit;
  /** Open311 POST requests per api key (or per user without one) per hour. */
  open311WritesPerHour: number;
  /** Every request, per user (or per client IP without a token), per minute. */
  requestsPerMinute: number;
}

export interface UploadLimits {
  /** Uploads being received or decoded at once, in the whole process; the next one gets 503. */
  maxInFlight: number;
  /** Photos decoded at the same time. */
  decodeConcurrency: number;
  /** Photos a user may hold that no case uses yet; the next upload gets 429. */
  unattachedMax: number;
  /** Where uploads are streamed before decoding. */
  tmpDir: string;
}

/** The secret the source ships for demo mode: never accepted once demo mode is off. */
export const DEMO_JWT_SECRET = 'xuchang-demo-secret-not-for-production';

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
  const databaseReplicas = parseReplicaUrls(env.DATABASE_REPLICA_URLS, database, problems);

  // A real month (35,395 reports in the source's 2023-02) on MariaDB; a tenth of it on SQLite,
  // enough for every unit to have cases, at about a second of the first start.
  const FULL_MONTH = 35_395;
  let demoMonthCases = database.type === 'mariadb' ? FULL_MONTH : 3_000;
  const volume = env.DEMO_VOLUME ?? '';
  if (volume === 'full') demoMonthCases = FULL_MONTH;
  else if (volume === 'light') demoMonthCases = 0;
  else if (/^\d{1,6}$/.test(volume)) demoMonthCases = Number(volume);
  else if (volume !== '') problems.push(`DEMO_VOLUME must be full, light or a number of cases, got "${volume}"`);

  let secret = env.JWT_SECRET ?? '';
  if (!demo) {
    // Anyone who has read the source could sign tokens with the demo secret.
    if (!secret)
      problems.push('JWT_SECRET is required when demo mode is off (DEMO=0 or NODE_ENV=production): at least 32 random characters');
    else if (secret === DEMO_JWT_SECRET) problems.push('JWT_SECRET must not be the demo secret from the source when demo mode is off');
    else if (secret.length < 32) problems.push(`JWT_SECRET must be at least 32 characters when demo mode is off, got ${secret.length}`);
  } else if (!secret) {
    secret = DEMO_JWT_SECRET;
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

  const redisUrl = env.REDIS_URL || null;
  if (redisUrl && !/^rediss?:\/\/[^\s]+$/.test(redisUrl)) problems.push(`REDIS_URL must be a redis:// or rediss:// URL, got "${redisUrl}"`);
  const keyPrefix = env.REDIS_KEY_PREFIX ?? 'xc:';
  if (!/^[\w:.-]{1,64}$/.test(keyPrefix)) problems.push(`REDIS_KEY_PREFIX must be 1–64 letters, digits or _:.-, got "${keyPrefix}"`);

  const flag = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (raw === '1' || raw === 'true') return true;
    if (raw === '0' || raw === 'false') return false;
    problems.push(`${name} must be 1 or 0, got "${raw}"`);
    return fallback;
  };
  const roleLimit = (name: string, citizen: number, staff: number): RoleLimit => ({
    citizen: int(`RATE_LIMIT_${name}`, citizen, 1, 1_000_000),
    staff: int(`RATE_LIMIT_STAFF_${name}`, staff, 1, 1_000_000),
  });

  const config: AppConfig = {
    port,
    publicBaseUrl,
    open311MediaHosts,
    production,
    demo,
    demoCases: demo && demoCases,
    demoMonthCases,
    database,
    migrationsRun: flag('MIGRATIONS_RUN', true),
    databaseReplicas,
    jwt: {
      secret,
      accessTtlSeconds: int('JWT_ACCESS_TTL', 2 * 3600, 60, 30 * 86400),
      refreshTtlSeconds: int('JWT_REFRESH_TTL', 30 * 86400, 300, 365 * 86400),
    },
    wechat: {
      baseUrl: wechatBase.replace(/\/$/, ''),
      appId: env.WECHAT_APPID ?? 'wx-demo-appid',
      appSecret: env.WECHAT_SECRET ?? 'demo-secret',
      templateCaseProgress: env.WECHAT_TEMPLATE_CASE_PROGRESS || null,
      templateCaseClosed: env.WECHAT_TEMPLATE_CASE_CLOSED || null,
      miniprogramState: miniprogramState(env.WECHAT_MINIPROGRAM_STATE, problems),
    },
    mediaDir: path.resolve(env.MEDIA_DIR ?? path.join(SERVER_ROOT, 'media')),
    ...parseMediaStorage(env, problems, flag),
    clientDir: path.resolve(env.CLIENT_DIR ?? path.join(SERVER_ROOT, '..', 'client', 'dist', 'h5')),
    logLevel,
    redis: { url: redisUrl, keyPrefix },
    trustProxy: parseTrustProxy(env.TRUST_PROXY, problems),
    rateLimits: {
      loginPerMinute: int('RATE_LIMIT_LOGIN_PER_MIN', 30, 1, 1_000_000),
      reportsPerHour: roleLimit('REPORTS_PER_HOUR', 20, 200),
      reportsPerDay: roleLimit('REPORTS_PER_DAY', 50, 1000),
      uploadsPerHour: roleLimit('UPLOADS_PER_HOUR', 60, 600),
      actionsPerMinute: roleLimit('ACTIONS_PER_MIN', 30, 300),
      open311WritesPerHour: int('RATE_LIMIT_OPEN311_WRITES_PER_HOUR', 100, 1, 1_000_000),
      requestsPerMinute: int('RATE_LIMIT_REQUESTS_PER_MIN', 1200, 1, 10_000_000),
    },
    uploads: {
      maxInFlight: int('UPLOAD_MAX_IN_FLIGHT', 16, 1, 10_000),
      decodeConcurrency: int('UPLOAD_DECODE_CONCURRENCY', 2, 1, 64),
      unattachedMax: int('UPLOAD_UNATTACHED_MAX', 30, 1, 100_000),
      tmpDir: path.resolve(env.UPLOAD_TMP_DIR || path.join(os.tmpdir(), 'xc-uploads')),
    },
    authStateCacheMs: int('AUTH_STATE_CACHE_MS', 10_000, 0, 3_600_000),
    jobs: {
      enabled: flag('JOBS', true),
      tickMs: int('JOBS_TICK_SECONDS', 60, 1, 3600) * 1000,
      unattachedMediaTtlHours: int('MEDIA_UNATTACHED_TTL_HOURS', 24, 1, 24 * 365),
      idempotencyKeyTtlHours: int('IDEMPOTENCY_KEY_TTL_HOURS', 7 * 24, 1, 24 * 365),
    },
    shutdown: {
      drainMs: int('SHUTDOWN_DRAIN_MS', production ? 5000 : 0, 0, 120_000),
      timeoutMs: int('SHUTDOWN_TIMEOUT_MS', 20_000, 100, 600_000),
    },
    notify: {
      enabled: flag('NOTIFY', true),
      claimMs: int('NOTIFY_CLAIM_MS', 30_000, 100, 3_600_000),
      maxAttempts: int('NOTIFY_MAX_ATTEMPTS', 8, 1, 100),
      retryBaseMs: int('NOTIFY_RETRY_BASE_MS', 2000, 10, 3_600_000),
    },
    mediaJobs: {
      attempts: int('MEDIA_JOB_ATTEMPTS', 5, 1, 100),
      retryBaseMs: int('MEDIA_JOB_RETRY_BASE_MS', 2000, 10, 3_600_000),
    },
    retention: {
      contactMonths: int('RETENTION_MONTHS', 36, 1, 1200),
      patrolTrackMonths: int('PATROL_TRACK_RETENTION_MONTHS', 24, 1, 1200),
    },
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/**
 * The configuration for an entry point (the server, the one-shot migrate): a bad one is printed with
 * every problem named and the process exits 2 (README, configuration). `what` says what did not
 * happen, e.g. 服务未启动.
 */
export function loadConfigOrExit(what: string, env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    console.error(`配置错误，${what}。\n${e.message}`);
    return process.exit(2);
  }
}

function parseMediaStorage(
  env: NodeJS.ProcessEnv,
  problems: string[],
  flag: (name: string, fallback: boolean) => boolean,
): Pick<AppConfig, 'mediaStorage' | 's3'> {
  const kind = env.MEDIA_STORAGE || 'local';
  if (kind !== 'local' && kind !== 's3') {
    problems.push(`MEDIA_STORAGE must be local or s3, got "${kind}"`);
    return { mediaStorage: 'local', s3: null };
  }
  if (kind === 'local') return { mediaStorage: 'local', s3: null };
  const endpoint = env.S3_ENDPOINT || null;
  if (endpoint && !/^https?:\/\/[^\s/?#]+\/?$/.test(endpoint))
    problems.push(`S3_ENDPOINT must be an http(s) URL without a path, got "${endpoint}"`);
  const bucket = env.S3_BUCKET ?? '';
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))
    problems.push(`S3_BUCKET is required with MEDIA_STORAGE=s3: 3–63 lower-case letters, digits, . or -, got "${bucket}"`);
  const accessKeyId = env.S3_ACCESS_KEY_ID || null;
  const secretAccessKey = env.S3_SECRET_ACCESS_KEY || null;
  if (!accessKeyId !== !secretAccessKey)
    problems.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both or neither (then the AWS default chain is used)');
  return {
    mediaStorage: 's3',
    s3: {
      endpoint: endpoint?.replace(/\/$/, '') ?? null,
      region: env.S3_REGION || 'us-east-1',
      bucket,
      accessKeyId,
      secretAccessKey,
      // MinIO and most self-hosted stores need path-style URLs; AWS, OSS and COS take virtual-hosted ones.
      forcePathStyle: flag('S3_FORCE_PATH_STYLE', !!endpoint),
    },
  };
}

function miniprogramState(raw: string | undefined, problems: string[]): 'formal' | 'trial' | 'developer' {
  if (!raw) return 'formal';
  if (raw === 'formal' || raw === 'trial' || raw === 'developer') return raw;
  problems.push(`WECHAT_MINIPROGRAM_STATE must be formal, trial or developer, got "${raw}"`);
  return 'formal';
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** `TRUST_PROXY`: a comma-separated list of proxy addresses, CIDR ranges or loopback/linklocal/uniquelocal. */
function parseTrustProxy(raw: string | undefined, problems: string[]): string[] | false {
  if (!raw || raw === '0' || raw === 'false') return false;
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = items.filter((item) => {
    if (PROXY_NAMES.has(item)) return false;
    const [addr, bits, ...rest] = item.split('/');
    const family = net.isIP(addr);
    if (!family || rest.length) return true;
    return bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
  });
  if (bad.length) problems.push(`TRUST_PROXY must list proxy IPs, CIDR ranges or loopback/linklocal/uniquelocal, got "${bad.join(', ')}"`);
  return items;
}

/** `DATABASE_REPLICA_URLS`: comma-separated mysql:// URLs, only beside a MariaDB/MySQL primary. */
function parseReplicaUrls(raw: string | undefined, primary: DatabaseConfig, problems: string[]): MariaDbConnection[] {
  const urls = (raw ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  if (!urls.length) return [];
  if (primary.type !== 'mariadb') {
    problems.push('DATABASE_REPLICA_URLS needs a MySQL/MariaDB DATABASE_URL (SQLite has no replicas)');
    return [];
  }
  return urls.flatMap((url) => {
    if (url.startsWith('sqlite:')) {
      problems.push(`DATABASE_REPLICA_URLS must list mysql:// URLs, got "${url}"`);
      return [];
    }
    const replica = parseDatabaseUrl(url, problems);
    return replica.type === 'mariadb'
      ? [{ host: replica.host, port: replica.port, username: replica.username, password: replica.password, database: replica.database }]
      : [];
  });
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
