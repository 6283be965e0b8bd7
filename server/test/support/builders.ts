import { randomBytes, randomUUID } from 'node:crypto';
import type { CaseStatus } from '@xc/shared';
import { Case, CaseHistory } from '../../src/cases/case.entity.js';
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
  const publicToken = randomBytes(16).toString('hex');
  const id = randomUUID();
  await t.dataSource.getRepository(Media).insert({
    id,
    ownerId: demoUserId(username),
    token,
    mime: 'image/jpeg',
    ext: 'jpg',
    width: 800,
    height: 600,
    bytes: 1000,
    storageKey: `${token}.jpg`,
    thumbKey: `${token}.thumb.jpg`,
    // The public copy, under a token of its own.
    publicKey: `${publicToken}.jpg`,
    publicThumbKey: `${publicToken}.thumb.jpg`,
  });
  return id;
}

export function caseBody(mediaIds: string[], over: Record<string, unknown> = {}) {
  return {
    categoryCode: '200102',
    description: '路边有一堆生活垃圾无人清理',
    location: { ...WEIDU_POINT },
    address: '魏都区七一路',
    mediaIds,
    ...over,
  };
}

/** Logs in the demo accounts once and returns an authorised request helper per account. */
export async function actors(t: TestApp, usernames: string[]) {
  const tokens = new Map<string, string>();
  for (const u of usernames) tokens.set(u, await t.login(u));
  return {
    token: (u: string) => tokens.get(u)!,
    post: (u: string, url: string, body: unknown, headers: Record<string, string> = {}) => {
      let r = t
        .http()
        .post(url)
        .set('Authorization', `Bearer ${tokens.get(u)}`);
      for (const [k, v] of Object.entries(headers)) r = r.set(k, v);
      return r.send(body as object);
    },
    get: (u: string | null, url: string) =>
      u
        ? t
            .http()
            .get(url)
            .set('Authorization', `Bearer ${tokens.get(u)}`)
        : t.http().get(url),
  };
}

export const STAFF = [
  'demo-citizen',
  'demo-citizen-2',
  'demo-inspector',
  'demo-operator',
  'demo-dispatcher',
  'demo-handler',
  'demo-handler-2',
  'demo-evaluator',
  'demo-admin',
];

export type Move = [action: string, to: CaseStatus, at: string];

/** A case with a consistent history, written straight to the database (a hand-built fixture). */
export async function fixture(t: TestApp, unitId: string, reportedAt: string, moves: Move[], extra: Partial<Case> = {}) {
  const id = randomUUID();
  const d = (s: string) => new Date(`${s}+08:00`);
  let status: CaseStatus = 'reported';
  const history: Partial<CaseHistory>[] = [
    {
      caseId: id,
      seq: 1,
      action: 'report',
      fromStatus: null,
      toStatus: 'reported',
      actorId: 'x',
      actorRole: 'citizen',
      note: null,
      mediaIds: [],
      data: null,
      at: d(reportedAt),
    },
  ];
  const c: Partial<Case> = { registeredAt: null, lastFinishedAt: null, closedAt: null, reworked: false, deadline: null, unitId: null };
  moves.forEach(([action, to, at], i) => {
    // As the server writes it: a dispatch names its unit and deadline (the figures at a past cut-off read them).
    const data = action === 'dispatch' ? { unitId, deadline: extra.deadline?.toISOString() ?? null } : null;
    history.push({
      caseId: id,
      seq: i + 2,
      action: action as CaseHistory['action'],
      fromStatus: status,
      toStatus: to,
      actorId: 'x',
      actorRole: 'operator',
      note: null,
      mediaIds: [],
      data,
      at: d(at),
    });
    if (action === 'register') c.registeredAt = d(at);
    if (action === 'dispatch') c.unitId = unitId;
    if (action === 'finish') c.lastFinishedAt = d(at);
    if (action === 'close') c.closedAt = d(at);
    if (action === 'check' && to === 'dispatched') c.reworked = true;
    status = to;
  });
  await t.dataSource.getRepository(Case).insert({
    id,
    caseNo: `XCT${id.slice(0, 12)}`,
    status,
    version: history.length,
    channel: 'citizen',
    categoryCode: '200102',
    theme: '环境卫生',
    description: '统计测试',
    lat: WEIDU_POINT.lat,
    lng: WEIDU_POINT.lng,
    address: null,
    gridCode: '411002004001001',
    streetCode: '411002004',
    districtCode: '411002',
    reporterId: demoUserId('demo-citizen'),
    inspectorId: null,
    openRequest: null,
    requestedDeadline: null,
    reportedAt: d(reportedAt),
    dispatchedAt: null,
    selfHandled: false,
    duplicateOf: null,
    mediaIds: [],
    afterMediaIds: [],
    rating: null,
    ratingComment: null,
    ratedAt: null,
    updatedAt: new Date(),
    ...c,
    ...extra,
  });
  await t.dataSource.getRepository(CaseHistory).insert(history);
  return id;
}

export const dispatchedOn = (day: string): Move[] => [
  ['register', 'registered', `${day}T09:00:00`],
  ['dispatch', 'dispatched', `${day}T09:30:00`],
];
export const closedAfter = (finish: string, close: string): Move[] => [
  ['finish', 'handled', finish],
  ['request-check', 'checking', close],
  ['check', 'checked', close],
  ['close', 'closed', close],
];

/** GET without a token, the body collected as a Buffer (supertest parses only text and JSON). */
export const getBytes = (t: TestApp, url: string) =>
  t
    .http()
    .get(url)
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });

/** Polls `check` until it holds; fails after `ms`. Returns how long it took (for "within 1 s" checks). */
export async function until(check: () => Promise<boolean>, ms = 10_000, every = 25): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`not true within ${ms} ms`);
    await new Promise((r) => setTimeout(r, every));
  }
  return Date.now() - start;
}
