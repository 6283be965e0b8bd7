import { randomBytes, randomUUID } from 'node:crypto';
import { DEMO_USERS } from '../../src/seed/demo-users.js';
import { Media } from '../../src/media/media.entity.js';
import type { TestApp } from './harness.js';

/** Test data builders, in one place. */

export const WEIDU_POINT = { lat: 34.0235, lng: 113.823 }; // inside grid 411002004001001, 南关街道, 魏都区

export function demoUserId(username: string): string {
  const u = DEMO_USERS.find((d) => d.username === username);
  if (!u) throw new Error(`no demo user ${username}`);
  return u.id;
}

/** A media row owned by `username`, as an upload would leave it (no file needed for case logic). */
export async function makeMedia(t: TestApp, username: string): Promise<string> {
  const token = randomBytes(16).toString('hex');
  const id = randomUUID();
  await t.dataSource.getRepository(Media).insert({ id, ownerId: demoUserId(username), token, mime: 'image/jpeg', ext: 'jpg', width: 800, height: 600, bytes: 1000, storageKey: `${token}.jpg`, thumbKey: `${token}.thumb.jpg` });
  return id;
}

export function caseBody(mediaIds: string[], over: Record<string, unknown> = {}) {
  return { categoryCode: '200102', description: '路边有一堆生活垃圾无人清理', location: { ...WEIDU_POINT }, address: '魏都区七一路', mediaIds, ...over };
}

/** Logs in the demo accounts once and returns an authorised request helper per account. */
export async function actors(t: TestApp, usernames: string[]) {
  const tokens = new Map<string, string>();
  for (const u of usernames) tokens.set(u, await t.login(u));
  return {
    token: (u: string) => tokens.get(u)!,
    post: (u: string, url: string, body: unknown, headers: Record<string, string> = {}) => {
      let r = t.http().post(url).set('Authorization', `Bearer ${tokens.get(u)}`);
      for (const [k, v] of Object.entries(headers)) r = r.set(k, v);
      return r.send(body as object);
    },
    get: (u: string | null, url: string) => (u ? t.http().get(url).set('Authorization', `Bearer ${tokens.get(u)}`) : t.http().get(url)),
  };
}

export const STAFF = ['demo-citizen', 'demo-citizen-2', 'demo-inspector', 'demo-operator', 'demo-dispatcher', 'demo-handler', 'demo-handler-2', 'demo-evaluator', 'demo-admin'];
