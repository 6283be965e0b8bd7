import { JOB_QUEUE, type JobInfo, type JobQueue, type JobState } from '../../src/jobs/job-queue.js';
import type { TestApp } from './harness.js';

const queueOf = (t: TestApp) => t.app.get<JobQueue>(JOB_QUEUE);

/** Resolves when the app's job queue has nothing waiting, running or delayed (background work done). */
export async function jobsSettled(t: TestApp, timeoutMs = 20_000): Promise<void> {
  const queue = queueOf(t);
  const until = Date.now() + timeoutMs;
  for (;;) {
    const lists = await Promise.all((['waiting', 'active', 'delayed'] as const).map((s) => queue.list(s, 1)));
    if (lists.every((l) => !l.length)) return;
    if (Date.now() > until) throw new Error(`background jobs still busy after ${timeoutMs} ms: ${JSON.stringify(lists.flat())}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Polls the queue until a job of `name` in `state` matches `where`; returns it. */
export async function jobIn(
  t: TestApp,
  state: JobState,
  name: string,
  where: (j: JobInfo) => boolean = () => true,
  timeoutMs = 20_000,
): Promise<JobInfo> {
  const queue = queueOf(t);
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = (await queue.list(state, 500)).find((j) => j.name === name && where(j));
    if (found) return found;
    if (Date.now() > until) throw new Error(`no ${state} job ${name} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
