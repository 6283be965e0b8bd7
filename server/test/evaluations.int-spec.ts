import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { actors, closedAfter, dispatchedOn, fixture } from './support/builders.js';
import { ENGINE, startApp, type TestApp } from './support/harness.js';

describe(`monthly evaluation on ${ENGINE}`, () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof actors>>;
  let units: Record<string, string>;
  const M = '2026-10';
  beforeAll(async () => {
    t = await startApp();
    a = await actors(t, ['demo-evaluator', 'demo-admin', 'demo-citizen']);
    const groups = (await t.http().get(`/api/v1/evaluation-groups?month=${M}`)).body;
    units = Object.fromEntries(groups.flatMap((g: { units: { id: string; name: string }[] }) => g.units.map((u) => [u.name, u.id])));
    const dl = (s: string) => ({ deadline: new Date(`${s}+08:00`) });
    // 魏都区: one on time, one late; 建安区: one on time.
    await fixture(
      t,
      units['魏都区'],
      '2026-10-05T08:00:00',
      [...dispatchedOn('2026-10-05'), ...closedAfter('2026-10-05T15:00:00', '2026-10-06T10:00:00')],
      dl('2026-10-06T12:00:00'),
    );
    await fixture(
      t,
      units['魏都区'],
      '2026-10-05T08:00:00',
      [...dispatchedOn('2026-10-05'), ...closedAfter('2026-10-08T10:00:00', '2026-10-09T10:00:00')],
      dl('2026-10-06T12:00:00'),
    );
    await fixture(
      t,
      units['建安区'],
      '2026-10-10T08:00:00',
      [...dispatchedOn('2026-10-10'), ...closedAfter('2026-10-10T15:00:00', '2026-10-11T10:00:00')],
      dl('2026-10-12T12:00:00'),
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  const ev = (method: 'post' | 'put', url: string, body: unknown = {}) =>
    t
      .http()
      [method](url)
      .set('Authorization', `Bearer ${a.token('demo-evaluator')}`)
      .send(body as object);

  describe('February 2023, as published on the source page', () => {
    it('is published on first start and placed as the bulletin counts them: ties share a place', async () => {
      expect((await t.http().get('/api/v1/rankings')).body).toEqual([{ month: '2023-02', revision: 1 }]);
      const r = (await t.http().get('/api/v1/rankings/2023-02')).body;
      expect(r.publishedAt).toBe('2023-03-13T01:00:00.000Z');
      expect(r.groups.map((g: { units: unknown[] }) => g.units.length)).toEqual([4, 5, 11, 7]);
      const city = r.groups[2].units;
      // 前三名的单位 on the source page: five at 100, two at 99.6, one at 97.36: places 1, 2 and 3.
      expect(city.slice(0, 8).map((u: { rank: number }) => u.rank)).toEqual([1, 1, 1, 1, 1, 2, 2, 3]);
      expect(city[7]).toMatchObject({ name: '市公安局', score: 97.36, rank: 3 });
      expect(city[0]).toMatchObject({ name: '市市场监督管理局', score: 100, grade: '优秀' });
      expect(r.groups[1].units[4]).toMatchObject({ name: '许昌经济技术开发区', score: 78.74, grade: '不合格', rank: 5 });
    });

    it('serves the bulletin as published, as text and as a document, and the ranking as a spreadsheet', async () => {
      const res = await t.http().get('/api/v1/rankings/2023-02/bulletin');
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      const text = res.text;
      expect(text.split('\n')[0]).toBe('许昌市城市管理综合考评2月份调度情况通报');
      // The introduction as the page printed it, not as the composer would word it.
      expect(text).toContain(
        '在中心城区组中，市城乡一体化示范区成绩较好，市退役军人事务局、许昌供电公司等 5 家市直及企事业单位成绩满分；许昌经济技术开发区、许昌电信公司成绩较差。',
      );
      expect(text).toContain('积极采集上报各类城市管理问题 35395 件，涉及问题的结案率达到 88.41%');
      // Ranking lines from the source page (hand-copied), ties on one line.
      for (const line of [
        '一、两市两县组',
        '襄城县 85.66分（合格）',
        '市城乡一体化示范区 92.24分（良好）',
        '1.前三名的单位',
        '市市场监督管理局、市政务服务和大数据管理局、市退役军人事务局、许昌供电公司、市投资集团有限公司 100分（优秀）',
        '市民政局、市供销合作社 99.6分（优秀）',
        '2.后三名的乡（镇、街道）',
        '许昌经济技术开发区长村张街道办事处 54.27分（不合格）',
      ])
        expect(text).toContain(`\n${line}\n`);
      const doc = (await t.http().get('/api/v1/rankings/2023-02/bulletin?format=json')).body;
      expect(doc).toMatchObject({ month: '2023-02', revision: 1, source: 'imported', publishedAt: '2023-03-13T01:00:00.000Z' });
      expect(doc.sections.map((s: { heading: string }) => s.heading)).toEqual([
        '一、两市两县组',
        '二、中心城区组',
        '三、市直单位及企事业单位组',
        '四、乡（镇、街道）组',
      ]);
      expect(doc.sections[2].parts[0].lines[1]).toEqual({ names: ['市民政局', '市供销合作社'], score: 99.6, grade: '优秀' });
      // The text is the document rendered: the same paragraphs, in order.
      expect(text).toContain(`${doc.paragraphs[1]}\n\n一、两市两县组\n`);
      const xlsx = await t
        .http()
        .get('/api/v1/rankings/2023-02/bulletin?format=xlsx')
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(xlsx.headers['content-type']).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.body);
      const ws = wb.worksheets[0];
      expect(ws.getRow(1).values).toEqual([undefined, '考评组', '名次', '单位', '得分', '等次']);
      expect(ws.getRow(2).values).toEqual([undefined, '两市两县组', 1, '襄城县', 85.66, '合格']);
    });

    it('keeps published wording only for imported months, validated', async () => {
      const bad = await ev('put', '/api/v1/evaluations/2023-02/wording', { paragraphs: [], closing: [] });
      expect(bad.status).toBe(400);
      expect(bad.body.details.fields).toHaveProperty('paragraphs');
      // 2023-02 is published: there is no draft to word.
      const noDraft = await ev('put', '/api/v1/evaluations/2023-02/wording', { paragraphs: ['导语'], closing: [] });
      expect(noDraft.status).toBe(409);
    });

    it('answers 404 for a month that is not published', async () => {
      expect((await t.http().get('/api/v1/rankings/2026-01')).status).toBe(404);
      expect((await t.http().get('/api/v1/rankings/2026-13')).status).toBe(400);
    });
  });

  describe('a month computed from the cases', () => {
    it('computes a draft that the public cannot see until it is published', async () => {
      const res = await ev('post', `/api/v1/evaluations/${M}/compute`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ month: M, revision: 1 });
      expect(res.body.units).toBeGreaterThanOrEqual(87);
      expect((await t.http().get(`/api/v1/rankings/${M}`)).status).toBe(404);
    });

    it('applies a 明察暗访 deduction with its reason, traceable in the breakdown', async () => {
      const d = await ev('post', `/api/v1/evaluations/${M}/deductions`, {
        unitId: units['魏都区'],
        item: '明察暗访',
        points: -2,
        reason: '暗访发现七一路暴露垃圾',
        evidence: ['现场照片 2 张'],
      });
      expect(d.status).toBe(201);
      const bad = await ev('post', `/api/v1/evaluations/${M}/deductions`, {
        unitId: units['魏都区'],
        item: '随便扣分',
        points: -2,
        reason: '原因原因',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.details.fields.item).toBeDefined();
      await ev('post', `/api/v1/evaluations/${M}/compute`);
      const pub = await ev('post', `/api/v1/evaluations/${M}/publish`);
      expect(pub.body).toMatchObject({ revision: 1, correction: false });
      const b = (await t.http().get(`/api/v1/rankings/${M}/units/${units['魏都区']}`)).body;
      // 魏都区 (central, with patrols): due 2, closed 2, on time 1, overdue 1; its inspector
      // (demo-inspector, 三级网格巡查监督员) logged no patrol in October, so no compliant week:
      // 35×1 + 30×0.5 + 10×1 + 25×0 − 0.5 − 2 = 57.5
      expect(b.items.map((i: { code: string; points: number }) => [i.code, i.points])).toEqual([
        ['closure', 35],
        ['on_time', 15],
        ['rework', 10],
        ['patrol', 0],
        ['overdue', -0.5],
        [expect.stringMatching(/^adjustment:/), -2],
      ]);
      expect(b.items.find((i: { code: string }) => i.code === 'patrol').basis.patrolCompliance).toBe(0);
      expect(b.score).toBe(57.5);
      expect(b.grade).toBe('不合格');
      // 建安区 has no inspector in its area: the patrol item is not measurable and counts in full.
      const jianan = (await t.http().get(`/api/v1/rankings/${M}/units/${units['建安区']}`)).body;
      expect(jianan.items.find((i: { code: string }) => i.code === 'patrol')).toMatchObject({
        points: 25,
        note: '本月无网格巡查任务，按满分计',
      });
      expect(b.items.find((i: { code: string }) => i.code === 'on_time').basis).toMatchObject({ due: 2, closedOnTime: 1, rate: 0.5 });
      expect(b.adjustments).toEqual([
        expect.objectContaining({ item: '明察暗访', points: -2, reason: '暗访发现七一路暴露垃圾', evidence: ['现场照片 2 张'] }),
      ]);
      const ranking = (await t.http().get(`/api/v1/rankings/${M}`)).body;
      const central = ranking.groups[1].units;
      expect(central[central.length - 1].name).toBe('魏都区');
    });

    it('never changes a published month silently: a correction is a new revision with a reason', async () => {
      await ev('post', `/api/v1/evaluations/${M}/deductions`, {
        unitId: units['建安区'],
        item: '专项整治',
        points: -1,
        reason: '专项整治任务未按期完成',
      });
      const draft = await ev('post', `/api/v1/evaluations/${M}/compute`);
      expect(draft.body.revision).toBe(2);
      // Still revision 1 for the public.
      expect((await t.http().get(`/api/v1/rankings/${M}`)).body.revision).toBe(1);
      const noReason = await ev('post', `/api/v1/evaluations/${M}/publish`);
      expect(noReason.status).toBe(400);
      expect(noReason.body.details.fields.reason).toBeDefined();
      const ok = await ev('post', `/api/v1/evaluations/${M}/publish`, { reason: '补录建安区专项整治扣分' });
      expect(ok.body).toMatchObject({ revision: 2, correction: true });
      const now = (await t.http().get(`/api/v1/rankings/${M}`)).body;
      expect(now.revision).toBe(2);
      expect(now.corrections).toEqual([expect.objectContaining({ revision: 2, reason: '补录建安区专项整治扣分' })]);
      const old = (await t.http().get(`/api/v1/rankings/${M}?revision=1`)).body;
      const jianan = (r: { groups: { units: { name: string; score: number }[] }[] }) =>
        r.groups[1].units.find((u) => u.name === '建安区')!.score;
      expect(jianan(old) - jianan(now)).toBeCloseTo(1, 5);
      expect((await ev('post', `/api/v1/evaluations/${M}/publish`, { reason: '再发布一次' })).status).toBe(409);
    });

    it("keeps a past month's group when a unit moves, and shows a unit's trend", async () => {
      const mover = units['市公安局'];
      const moved = await t
        .http()
        .put(`/api/v1/admin/units/${mover}/group`)
        .set('Authorization', `Bearer ${a.token('demo-admin')}`)
        .send({ groupCode: 'street', fromMonth: '2026-11' });
      expect(moved.status).toBe(200);
      const oct = (await t.http().get(`/api/v1/rankings/${M}`)).body;
      expect(oct.groups[2].units.map((u: { id: string }) => u.id)).toContain(mover);
      await ev('post', '/api/v1/evaluations/2026-11/compute');
      await ev('post', '/api/v1/evaluations/2026-11/publish');
      const nov = (await t.http().get('/api/v1/rankings/2026-11')).body;
      expect(nov.groups[2].units.map((u: { id: string }) => u.id)).not.toContain(mover);
      expect(nov.groups[3].units.map((u: { id: string }) => u.id)).toContain(mover);
      const trend = (await t.http().get(`/api/v1/units/${mover}/trend`)).body;
      expect(trend.map((p: { month: string }) => p.month)).toEqual(['2023-02', '2026-10', '2026-11']);
      expect(trend[0]).toMatchObject({ score: 97.36, grade: '优秀', rank: 3, groupSize: 11 }); // 前三名 in the source bulletin
    });
  });

  describe('imports and permissions', () => {
    it('refuses unknown units and bad scores naming the row, writing nothing', async () => {
      const res = await ev('put', '/api/v1/evaluations/2023-03/scores', [
        { unit: '襄城县', score: 90 },
        { unit: '不存在的局', score: 80 },
      ]);
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.details.fields)).toEqual(['1.unit']);
      const bad = await ev('put', '/api/v1/evaluations/2023-03/scores', [{ unit: '襄城县', score: 101 }, { unit: '长葛市' }]);
      expect(Object.keys(bad.body.details.fields).sort()).toEqual(['0.score', '1.score']);
      expect((await ev('post', '/api/v1/evaluations/2023-03/publish')).status).toBe(409);
      const ok = await ev('put', '/api/v1/evaluations/2023-03/scores', [
        { unit: '襄城县', score: 90.5 },
        { unit: units['长葛市'], score: 80 },
      ]);
      expect(ok.body).toMatchObject({ revision: 1, units: 2 });
    });

    it('lets only evaluators write', async () => {
      const citizen = await t
        .http()
        .post(`/api/v1/evaluations/${M}/compute`)
        .set('Authorization', `Bearer ${a.token('demo-citizen')}`);
      expect(citizen.status).toBe(403);
      expect((await t.http().post(`/api/v1/evaluations/${M}/compute`)).status).toBe(401);
    });
  });
});
