import { buildMedia, buildPlace } from '../../../../test/builders';
import {
  DRAFT_STORAGE_KEY,
  clearDraft,
  fieldsFromServer,
  loadDraft,
  newDraft,
  newIdempotencyKey,
  parseDraft,
  saveDraft,
  toCreateBody,
  validateDraft,
  type DraftStorage,
} from './draft';

function memoryStorage(): DraftStorage & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return { data, get: (k) => data.get(k) ?? '', set: (k, v) => void data.set(k, v), remove: (k) => void data.delete(k) };
}

describe('report draft', () => {
  it('makes v4 UUID keys, a new one each time', () => {
    const a = newIdempotencyKey();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newIdempotencyKey()).not.toBe(a);
    expect(newIdempotencyKey(() => 0.5)).toMatch(/^80808080-8080-4080-8080-808080808080$/);
  });

  it('round-trips through storage, and a fresh draft with a new key when nothing is stored', () => {
    const s = memoryStorage();
    const fresh = loadDraft(s);
    expect(fresh.photos).toEqual([]);
    const d = { ...newDraft('k-1'), description: '有垃圾', theme: '环境卫生' as const, photos: [buildMedia(1)] };
    saveDraft(s, d);
    expect(loadDraft(s)).toEqual(d);
    clearDraft(s);
    expect(s.data.has(DRAFT_STORAGE_KEY)).toBe(false);
    expect(loadDraft(s).idempotencyKey).not.toBe('k-1');
  });

  it('drops whatever in storage is unusable, never crashes', () => {
    expect(parseDraft('not json')).toBeNull();
    expect(parseDraft({ description: 'no key' })).toBeNull();
    const d = parseDraft({
      idempotencyKey: 'k',
      photos: [{ id: 1 }, buildMedia(2)],
      theme: '别的',
      location: { lat: 'x' },
      description: 7,
    });
    expect(d).toMatchObject({ idempotencyKey: 'k', photos: [buildMedia(2)], theme: null, location: null, description: '' });
  });

  it('validates photos, location, type and description', () => {
    expect(validateDraft(newDraft('k'))).toEqual({
      photos: '请至少拍摄或选择 1 张照片',
      location: '请先定位或手动选择问题位置',
      category: '请选择问题类型',
      description: '请描述问题',
    });
    const ok = {
      ...newDraft('k'),
      photos: [buildMedia(1)],
      location: { lat: 34, lng: 113.8, coord: 'wgs84' as const, source: 'gps' as const, place: null, address: null },
      theme: '环境卫生' as const,
      description: '路口垃圾',
    };
    expect(validateDraft(ok)).toEqual({});
    expect(validateDraft(ok, { uploading: 1, failed: 0 }).photos).toBe('照片正在上传，请稍候');
    expect(validateDraft(ok, { uploading: 0, failed: 1 }).photos).toBe('有照片上传失败，请点击重试或删除');
    expect(validateDraft({ ...ok, description: '  ' }).description).toBe('请描述问题');
  });

  it('builds the create body with the located street as the address', () => {
    const body = toCreateBody({
      ...newDraft('k'),
      photos: [buildMedia(1), buildMedia(2)],
      location: { lat: 34.0235, lng: 113.823, coord: 'wgs84', source: 'gps', place: buildPlace(), address: null },
      theme: '环境卫生',
      description: '  路口垃圾 ',
      addressDetail: '七一路口',
    });
    expect(body).toEqual({
      theme: '环境卫生',
      description: '路口垃圾',
      location: { lat: 34.0235, lng: 113.823, coord: 'wgs84' },
      address: '许昌市魏都区南关街道 七一路口',
      mediaIds: ['m-1', 'm-2'],
    });
  });

  it('maps server field names onto the form', () => {
    expect(
      fieldsFromServer({
        'location.lat': '纬度超出范围',
        mediaIds: '请至少上传 1 张照片',
        categoryCode: '类别编码必须是 6 位数字',
        description: '',
      }),
    ).toEqual({
      location: '纬度超出范围',
      photos: '请至少上传 1 张照片',
      category: '类别编码必须是 6 位数字',
      description: '描述有误，请修改',
    });
    expect(fieldsFromServer(['description'])).toEqual({ description: '描述有误，请修改' });
    expect(fieldsFromServer(undefined)).toEqual({});
  });
});
