import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { JobsService, type JobRun } from '../src/jobs/jobs.service.js';
import { actors, caseBody } from './support/builders.js';
import { ENGINE, freshDatabase, startApp, type TestApp } from './support/harness.js';
import { jobsSettled } from './support/jobs.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/**
 * The scheduled clean-ups, run with an injected clock, by two processes on one database: each job
 * runs once per period whichever process ticks first.
 */
describe(`scheduled jobs on ${ENGINE}`, () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let t: TestApp;
  let other: TestApp;
  let a: Awaited<ReturnType<typeof actors>>;
  const start = Date.now();

  beforeAll(async () => {
    db = await freshDatabase();
    // JOBS=0: no background tick; the test calls runDue with its own clock. One media directory for both.
    t = await startApp({ DATABASE_URL: db.url, JOBS: '0' });
    other = await startApp({ DATABASE_URL: db.url, JOBS: '0', MEDIA_DIR: t.config.mediaDir });
    a = await actors(t, ['demo-citizen']);
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
    await db?.drop();
  });

  const upload = async () => {
    const photo = await sharp({ create: { width: 80, height: 60, channels: 3, background: '#c63' } })
      .jpeg()
      .toBuffer();
    const res = await t
      .http()
      .post('/api/v1/media')
      .set('Authorization', `Bearer ${a.token('demo-citizen')}`)
      .attach('file', photo, 'p.jpg');
    expect(res.status).toBe(201);
    return res.body as { id: string; url: string };
  };
  const count = async (table: string) => Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
  const filesOf = async (id: string) => {
    const [row] = await t.dataSource.query('SELECT storage_key, thumb_key, public_key, public_thumb_key FROM media WHERE id = ?', [id]);
    return Object.values(row as Record<string, string>).map((k) => path.join(t.config.mediaDir, k));
  };
  /** Both processes tick at the same instant; returns which jobs each ran. */
  const tickBoth = async (at: number): Promise<[JobRun[], JobRun[]]> =>
    Promise.all([t.app.get(JobsService).runDue(new Date(at)), other.app.get(JobsService).runDue(new Date(at))]);
  /** How many of the two processes ran each job, by name. */
  const ranOnce = ([x, y]: [JobRun[], JobRun[]]) =>
    Object.fromEntries(
      x.map((run, i) => {
        expect(y[i].name).toBe(run.name);
        expect(run.error ?? y[i].error).toBeUndefined();
        return [run.name, Number(run.ran) + Number(y[i].ran)];
      }),
    );
  const everyJob = ([x]: [JobRun[], JobRun[]], n: number) => Object.fromEntries(x.map((run) => [run.name, n]));

  it('purges photos no case took up within a day (rows and files); photos used by a case stay', async () => {
    const unused = await upload();
    const used = await upload();
    expect((await a.post('demo-citizen', '/api/v1/cases', caseBody([used.id]), { 'Idempotency-Key': 'jobs-test-key-0001' })).status).toBe(
      201,
    );
    // Thumbnails and public copies are made by a queued job after the upload.
    await jobsSettled(t);
    const unusedFiles = await filesOf(unused.id);
    const usedFiles = await filesOf(used.id);
    expect(unusedFiles.every((f) => fs.existsSync(f))).toBe(true);
    const tokens = await count('refresh_tokens');
    expect(tokens).toBeGreaterThan(0);

    // 23 hours on: too early for anything.
    // The fifth job, privacy-retention (daily), runs at its first tick and not again within the day.
    let runs = await tickBoth(start + 23 * HOUR);
    expect(ranOnce(runs)).toEqual(everyJob(runs, 1));
    expect(await count('media')).toBe(2);

    // 25 hours on (a new period): the unused photo goes, rows first and then its four files.
    runs = await tickBoth(start + 25 * HOUR);
    expect(ranOnce(runs)).toEqual({ ...everyJob(runs, 1), 'privacy-retention': 0 });
    const purge = [...runs[0], ...runs[1]].find((r) => r.name === 'purge-unattached-media' && r.ran)!;
    expect(purge.result).toEqual({ purged: 1 });
    expect(await count('media')).toBe(1);
    expect(unusedFiles.some((f) => fs.existsSync(f))).toBe(false);
    expect(usedFiles.every((f) => fs.existsSync(f))).toBe(true);
    expect((await t.http().get(unused.url)).status).toBe(404);
    // Refresh tokens (30 days) and idempotency keys (7 days) are still young.
    expect(await count('refresh_tokens')).toBe(tokens);
    expect(await count('idempotency_keys')).toBe(1);
  });

  it('runs each job once per period however many processes tick', async () => {
    // The same instant again: every job already ran in this period, in one process or the other.
    const again = await tickBoth(start + 25 * HOUR + 1000);
    expect(again.flat().filter((r) => r.ran)).toEqual([]);
    // Ten minutes on, only the ten-, five- and one-minute jobs are due again, and each runs once.
    const later = await tickBoth(start + 25 * HOUR + 10 * 60_000 + 1000);
    expect(
      later
        .flat()
        .filter((r) => r.ran)
        .map((r) => r.name)
        .sort(),
    ).toEqual(['notify-sweep', 'notify-timed-events', 'public-photo-copies']);
    const [leases] = await t.dataSource.query("SELECT holder, lease_until FROM job_leases WHERE name = 'purge-unattached-media'");
    expect(leases.holder).toMatch(/:\d+:[0-9a-f]{8}$/);
    expect(leases.lease_until).toBeNull();
  });

  it('purges expired refresh tokens and idempotency keys older than a week', async () => {
    const runs = await tickBoth(start + 31 * DAY);
    expect(ranOnce(runs)).toEqual(everyJob(runs, 1));
    expect(await count('refresh_tokens')).toBe(0);
    expect(await count('idempotency_keys')).toBe(0);
    expect(await count('media')).toBe(1); // attached: kept forever
    expect(await count('cases')).toBe(1);
  });
});
