import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { ConfigError, DEMO_JWT_SECRET, loadConfig, loadConfigOrExit } from './app-config.js';

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

  it('seeds a real month of demo cases on MariaDB and a tenth of it on SQLite, as DEMO_VOLUME says', () => {
    const maria = { DATABASE_URL: 'mysql://app:pw@db.local:3306/city' };
    expect(loadConfig({}).demoMonthCases).toBe(3000);
    expect(loadConfig(maria).demoMonthCases).toBe(35_395);
    expect(loadConfig({ ...maria, DEMO_VOLUME: 'light' }).demoMonthCases).toBe(0);
    expect(loadConfig({ DEMO_VOLUME: 'full' }).demoMonthCases).toBe(35_395);
    expect(loadConfig({ DEMO_VOLUME: '1200' }).demoMonthCases).toBe(1200);
    expect(() => loadConfig({ DEMO_VOLUME: 'lots' })).toThrow(/DEMO_VOLUME/);
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

  it('requires a JWT secret of 32 characters, not the demo one, whenever demo mode is off', () => {
    const off = { DEMO: '0' };
    expect(() => loadConfig(off)).toThrow(/JWT_SECRET is required when demo mode is off/);
    expect(() => loadConfig({ ...off, JWT_SECRET: DEMO_JWT_SECRET })).toThrow(/JWT_SECRET must not be the demo secret/);
    expect(() => loadConfig({ ...off, JWT_SECRET: 'x'.repeat(31) })).toThrow(/at least 32 characters when demo mode is off, got 31/);
    expect(loadConfig({ ...off, JWT_SECRET: 'x'.repeat(32) }).jwt.secret).toBe('x'.repeat(32));
    // In demo mode the demo secret is the default, and a shorter own secret is still allowed.
    expect(loadConfig({}).jwt.secret).toBe(DEMO_JWT_SECRET);
    expect(loadConfig({ JWT_SECRET: 'x'.repeat(16) }).jwt.secret).toHaveLength(16);
  });

  it('reads the limits, with the defaults of the README', () => {
    const c = loadConfig({});
    expect(c.rateLimits).toEqual({
      loginPerMinute: 30,
      reportsPerHour: { citizen: 20, staff: 200 },
      reportsPerDay: { citizen: 50, staff: 1000 },
      uploadsPerHour: { citizen: 60, staff: 600 },
      actionsPerMinute: { citizen: 30, staff: 300 },
      open311WritesPerHour: 100,
      requestsPerMinute: 1200,
    });
    expect(c.uploads).toMatchObject({ maxInFlight: 16, decodeConcurrency: 2, unattachedMax: 30 });
    expect(c.jobs).toEqual({ enabled: true, tickMs: 60_000, unattachedMediaTtlHours: 24, idempotencyKeyTtlHours: 168 });
    expect(c.redis).toEqual({ url: null, keyPrefix: 'xc:' });
    expect(c.trustProxy).toBe(false);
    const set = loadConfig({
      RATE_LIMIT_REPORTS_PER_HOUR: '5',
      RATE_LIMIT_STAFF_REPORTS_PER_HOUR: '9',
      REDIS_URL: 'redis://cache:6379/2',
      JOBS: '0',
    });
    expect(set.rateLimits.reportsPerHour).toEqual({ citizen: 5, staff: 9 });
    expect(set.redis.url).toBe('redis://cache:6379/2');
    expect(set.jobs.enabled).toBe(false);
  });

  it("migrates at start unless MIGRATIONS_RUN=0 (a one-shot migrate does it), and reads the background jobs' tries", () => {
    expect(loadConfig({}).migrationsRun).toBe(true);
    expect(loadConfig({ MIGRATIONS_RUN: '0' }).migrationsRun).toBe(false);
    expect(loadConfig({ MIGRATIONS_RUN: 'false' }).migrationsRun).toBe(false);
    expect(() => loadConfig({ MIGRATIONS_RUN: 'later' })).toThrow(/MIGRATIONS_RUN must be 1 or 0/);
    expect(loadConfig({}).mediaJobs).toEqual({ attempts: 5, retryBaseMs: 2000 });
    expect(loadConfig({}).notify).toEqual({ enabled: true, claimMs: 30_000, maxAttempts: 8, retryBaseMs: 2000 });
    expect(() => loadConfig({ MEDIA_JOB_ATTEMPTS: '0' })).toThrow(/MEDIA_JOB_ATTEMPTS/);
  });

  it('trusts X-Forwarded-For only from the proxies TRUST_PROXY names', () => {
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,192.168.1.5' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', '192.168.1.5']);
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(() => loadConfig({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/40' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ RATE_LIMIT_LOGIN_PER_MIN: '0' })).toThrow(/RATE_LIMIT_LOGIN_PER_MIN/);
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

  it('keeps photos on the local disk by default; MEDIA_STORAGE=s3 needs a bucket and both keys or neither', () => {
    expect(loadConfig({})).toMatchObject({ mediaStorage: 'local', s3: null });
    expect(
      loadConfig({
        MEDIA_STORAGE: 's3',
        S3_ENDPOINT: 'http://minio:9000/',
        S3_BUCKET: 'xc-media',
        S3_ACCESS_KEY_ID: 'k',
        S3_SECRET_ACCESS_KEY: 's',
      }).s3,
    ).toEqual({
      endpoint: 'http://minio:9000',
      region: 'us-east-1',
      bucket: 'xc-media',
      accessKeyId: 'k',
      secretAccessKey: 's',
      forcePathStyle: true,
    });
    expect(loadConfig({ MEDIA_STORAGE: 's3', S3_BUCKET: 'xc-media', S3_REGION: 'cn-north-1' }).s3).toMatchObject({
      endpoint: null,
      region: 'cn-north-1',
      forcePathStyle: false,
    });
    expect(() => loadConfig({ MEDIA_STORAGE: 'ftp' })).toThrow(/MEDIA_STORAGE must be local or s3/);
    expect(() => loadConfig({ MEDIA_STORAGE: 's3' })).toThrow(/S3_BUCKET is required/);
    expect(() => loadConfig({ MEDIA_STORAGE: 's3', S3_BUCKET: 'b-1', S3_ACCESS_KEY_ID: 'k' })).toThrow(/go together/);
    expect(() => loadConfig({ MEDIA_STORAGE: 's3', S3_BUCKET: 'b-1', S3_ENDPOINT: 'minio:9000' })).toThrow(/S3_ENDPOINT/);
  });

  it('reads replicas beside a MariaDB primary only', () => {
    const c = loadConfig({
      DATABASE_URL: 'mysql://app@db:3306/city',
      DATABASE_REPLICA_URLS: 'mysql://ro@r1:3306/city, mysql://ro@r2/city',
    });
    expect(c.databaseReplicas.map((r) => `${r.username}@${r.host}:${r.port}/${r.database}`)).toEqual([
      'ro@r1:3306/city',
      'ro@r2:3306/city',
    ]);
    expect(loadConfig({}).databaseReplicas).toEqual([]);
    expect(() => loadConfig({ DATABASE_REPLICA_URLS: 'mysql://ro@r1/city' })).toThrow(/SQLite has no replicas/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://app@db/city', DATABASE_REPLICA_URLS: 'sqlite:/tmp/x' })).toThrow(/mysql:\/\/ URLs/);
  });
});

describe('loadConfigOrExit', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  /** process.exit stubbed to throw, so the test goes on; returns what was printed and the exit code. */
  const run = (env: NodeJS.ProcessEnv) => {
    const printed: string[] = [];
    jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void printed.push(args.join(' ')));
    const exit = jest.spyOn(process, 'exit').mockImplementation((code) => {
      throw new Error(`exit ${code}`);
    });
    let result: unknown;
    try {
      result = loadConfigOrExit('服务未启动', env);
    } catch (e) {
      result = e;
    }
    return { result, printed, exitCodes: exit.mock.calls.map(([code]) => code) };
  };

  it('returns the configuration when it is valid, printing nothing', () => {
    const { result, printed, exitCodes } = run({ PORT: '3100' });
    expect(result).toMatchObject({ port: 3100 });
    expect(printed).toEqual([]);
    expect(exitCodes).toEqual([]);
  });

  it('prints every problem under a Chinese headline saying what did not happen, and exits 2', () => {
    const { result, printed, exitCodes } = run({ PORT: 'eighty', DEMO: 'maybe' });
    expect(exitCodes).toEqual([2]);
    expect((result as Error).message).toBe('exit 2');
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/^配置错误，服务未启动。\n/);
    expect(printed[0]).toContain('PORT');
    expect(printed[0]).toContain('DEMO');
  });
});
