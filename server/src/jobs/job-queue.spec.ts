import { describe, expect, it } from '@jest/globals';
import { InProcessQueue } from './job-queue.js';

const until = async (check: () => Promise<boolean> | boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('InProcessQueue', () => {
  it('holds jobs until started, then runs each with its payload', async () => {
    const q = new InProcessQueue();
    const seen: unknown[] = [];
    q.process<{ n: number }>('count', async (p) => void seen.push(p.n));
    await q.add('count', { n: 1 });
    await q.add('count', { n: 2 });
    expect(seen).toEqual([]);
    await q.start();
    await until(() => seen.length === 2);
    expect(seen.sort()).toEqual([1, 2]);
    expect((await q.list('completed')).map((j) => j.payload)).toEqual([{ n: 2 }, { n: 1 }]);
    await q.close();
  });

  it('retries a failing job with doubling backoff, then lists it as failed with its reason', async () => {
    const q = new InProcessQueue();
    const times: number[] = [];
    q.process('flaky', async () => {
      times.push(Date.now());
      throw new Error('下游不可用');
    });
    await q.start();
    await q.add('flaky', {}, { attempts: 3, backoffMs: 40 });
    await until(async () => (await q.list('failed')).length === 1);
    const [failed] = await q.list('failed');
    expect(failed).toMatchObject({ name: 'flaky', attemptsMade: 3, failedReason: '下游不可用', state: 'failed' });
    expect(times).toHaveLength(3);
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(35);
    expect(times[2] - times[1]).toBeGreaterThanOrEqual(75);
    await q.close();
  });

  it('succeeds on a retry, runs a job id once, and fails a job nobody handles', async () => {
    const q = new InProcessQueue();
    let tries = 0;
    q.process('second-time', async () => {
      if (++tries < 2) throw new Error('once');
    });
    await q.start();
    await q.add('second-time', {}, { backoffMs: 1, jobId: 'same' });
    await q.add('second-time', {}, { backoffMs: 1, jobId: 'same' });
    await q.add('nobody', {}, { attempts: 1 });
    await until(async () => (await q.list('completed')).length === 1 && (await q.list('failed')).length === 1);
    expect(tries).toBe(2);
    expect((await q.list('failed'))[0].failedReason).toMatch(/no handler/);
    await q.close();
  });

  it('close waits for a running job', async () => {
    const q = new InProcessQueue();
    let finished = false;
    q.process('slow', async () => {
      await new Promise((r) => setTimeout(r, 50));
      finished = true;
    });
    await q.start();
    await q.add('slow', {});
    await until(async () => (await q.list('active')).length === 1);
    await q.close();
    expect(finished).toBe(true);
  });
});
