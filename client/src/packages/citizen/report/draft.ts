import type { CreateCaseBody, LocateDto, MediaDto, Theme } from '@xc/shared';
import { THEMES } from '@xc/shared';

/**
 * The 我要上报 draft: everything the citizen has entered, kept in storage so that closing the app,
 * a failed submit or a retry loses nothing. It carries the Idempotency-Key of its submit: every
 * retry of the same draft sends the same key (the server never makes a second case); only a
 * successful submit clears the draft, and the next draft gets a new key.
 *
 * Pure apart from the storage passed in (Taro storage in the app, a Map in tests).
 */

export const DRAFT_STORAGE_KEY = 'xc.report.draft';
export const MAX_PHOTOS = 9;
export const MAX_DESCRIPTION = 500;
export const MIN_DESCRIPTION = 2; // the server's minimum
/**
 * The text box takes this much, so that a paste longer than MAX_DESCRIPTION reaches the page and
 * can be cut with a word, rather than cut silently by the box (weapp caps a textarea at 140 unless told).
 */
export const DESCRIPTION_INPUT_LIMIT = MAX_DESCRIPTION * 4;

/** Keeps the first MAX_DESCRIPTION characters and says how many were cut (0 when none). */
export function clipDescription(raw: string): { text: string; cut: number } {
  const chars = [...raw];
  if (chars.length <= MAX_DESCRIPTION) return { text: raw, cut: 0 };
  return { text: chars.slice(0, MAX_DESCRIPTION).join(''), cut: chars.length - MAX_DESCRIPTION };
}

/** What to say about a cut: where the box stopped taking more, the count when known. */
export function clipNotice(cut: number, atInputLimit: boolean): string {
  return atInputLimit
    ? `描述最多 ${MAX_DESCRIPTION} 字，超出的部分未保留`
    : `描述最多 ${MAX_DESCRIPTION} 字，粘贴的内容多出 ${cut} 字，已截去`;
}

export type Coord = 'gcj02' | 'wgs84';

export interface DraftLocation {
  lat: number;
  lng: number;
  coord: Coord;
  /** How it was set: device positioning, the weapp map picker, or a place picked by name in H5 (手动选择). */
  source: 'gps' | 'map' | 'manual';
  /** The located grid/street/district, when /grids/locate answered. */
  place: LocateDto | null;
  /** An address line from the map picker, or the picked district, street and community. */
  address: string | null;
}

export interface ReportDraft {
  version: 1;
  idempotencyKey: string;
  /** Photos already uploaded (ids and urls); photos still uploading are not kept. */
  photos: MediaDto[];
  location: DraftLocation | null;
  theme: Theme | null;
  categoryCode: string | null;
  categoryName: string | null;
  description: string;
  /** The citizen's own address detail (门牌、路口), optional. */
  addressDetail: string;
  /** An inspector's patrol report handled on the spot (自处理): closes at once, with after-photos. */
  selfHandled: boolean;
  afterPhotos: MediaDto[];
}

export interface DraftStorage {
  get(key: string): unknown;
  set(key: string, value: string): void;
  remove(key: string): void;
}

/** A random v4 UUID (crypto when the platform has it; weapp has no `crypto`). */
export function newIdempotencyKey(random: () => number = Math.random): string {
  const bytes = new Uint8Array(16);
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  if (random === Math.random && c?.getRandomValues) c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(random() * 256) & 0xff;
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function newDraft(key: string = newIdempotencyKey()): ReportDraft {
  return {
    version: 1,
    idempotencyKey: key,
    photos: [],
    location: null,
    theme: null,
    categoryCode: null,
    categoryName: null,
    description: '',
    addressDetail: '',
    selfHandled: false,
    afterPhotos: [],
  };
}

function isMedia(v: unknown): v is MediaDto {
  const m = v as MediaDto | null;
  return typeof m === 'object' && m !== null && typeof m.id === 'string' && typeof m.url === 'string' && typeof m.thumbUrl === 'string';
}

function isLocation(v: unknown): v is DraftLocation {
  const l = v as DraftLocation | null;
  return (
    typeof l === 'object' && l !== null && Number.isFinite(l.lat) && Number.isFinite(l.lng) && (l.coord === 'gcj02' || l.coord === 'wgs84')
  );
}

/** Rebuild a draft from whatever storage held; anything unusable is dropped, never a crash. */
export function parseDraft(raw: unknown): ReportDraft | null {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    if (!raw) return null;
    try {
      value = JSON.parse(raw);
    } catch {
      return null;
    }
  }
  const v = value as Partial<ReportDraft> | null;
  if (typeof v !== 'object' || v === null || typeof v.idempotencyKey !== 'string' || !v.idempotencyKey) return null;
  const theme = THEMES.includes(v.theme as Theme) ? (v.theme as Theme) : null;
  return {
    version: 1,
    idempotencyKey: v.idempotencyKey,
    photos: Array.isArray(v.photos) ? v.photos.filter(isMedia).slice(0, MAX_PHOTOS) : [],
    location: isLocation(v.location)
      ? {
          lat: v.location.lat,
          lng: v.location.lng,
          coord: v.location.coord,
          source: v.location.source === 'map' || v.location.source === 'manual' ? v.location.source : 'gps',
          place: v.location.place ?? null,
          address: typeof v.location.address === 'string' ? v.location.address : null,
        }
      : null,
    theme,
    categoryCode: typeof v.categoryCode === 'string' && v.categoryCode ? v.categoryCode : null,
    categoryName: typeof v.categoryName === 'string' && v.categoryName ? v.categoryName : null,
    description: typeof v.description === 'string' ? v.description.slice(0, MAX_DESCRIPTION) : '',
    addressDetail: typeof v.addressDetail === 'string' ? v.addressDetail : '',
    selfHandled: v.selfHandled === true,
    afterPhotos: Array.isArray(v.afterPhotos) ? v.afterPhotos.filter(isMedia).slice(0, MAX_PHOTOS) : [],
  };
}

/** The stored draft, or a fresh one (with a new key) when there is none. */
export function loadDraft(storage: DraftStorage): ReportDraft {
  try {
    return parseDraft(storage.get(DRAFT_STORAGE_KEY)) ?? newDraft();
  } catch {
    return newDraft();
  }
}

export function saveDraft(storage: DraftStorage, draft: ReportDraft): void {
  try {
    storage.set(DRAFT_STORAGE_KEY, JSON.stringify(draft));
  } catch {
    // Storage full or unavailable: the draft still lives on this page.
  }
}

export function clearDraft(storage: DraftStorage): void {
  try {
    storage.remove(DRAFT_STORAGE_KEY);
  } catch {
    // ignore
  }
}

export type DraftField = 'photos' | 'location' | 'category' | 'description' | 'after';
export type FieldErrors = Partial<Record<DraftField, string>>;

/** The order fields appear in the form (the first error is scrolled into view). */
export const FIELD_ORDER: readonly DraftField[] = ['photos', 'location', 'category', 'description', 'after'];

export interface PendingPhotos {
  uploading: number;
  failed: number;
}

/** What stops a submit, field by field, in Chinese. `afterPending`: the 自处理 after-photos' uploads. */
export function validateDraft(
  d: ReportDraft,
  pending: PendingPhotos = { uploading: 0, failed: 0 },
  afterPending: PendingPhotos = { uploading: 0, failed: 0 },
): FieldErrors {
  const errors: FieldErrors = {};
  if (pending.failed > 0) errors.photos = '有照片上传失败，请点击重试或删除';
  else if (pending.uploading > 0) errors.photos = '照片正在上传，请稍候';
  else if (d.photos.length === 0) errors.photos = '请至少拍摄或选择 1 张照片';
  if (!d.location) errors.location = '请先定位或手动选择问题位置';
  if (!d.theme && !d.categoryCode) errors.category = '请选择问题类型';
  const text = d.description.trim();
  if (!text) errors.description = '请描述问题';
  else if (text.length < MIN_DESCRIPTION) errors.description = `请至少用 ${MIN_DESCRIPTION} 个字描述问题`;
  else if (text.length > MAX_DESCRIPTION) errors.description = `描述不能超过 ${MAX_DESCRIPTION} 字`;
  if (d.selfHandled) {
    if (afterPending.failed > 0) errors.after = '有处置后照片上传失败，请点击重试或删除';
    else if (afterPending.uploading > 0) errors.after = '处置后照片正在上传，请稍候';
    else if (d.afterPhotos.length === 0) errors.after = '自处理须上传至少 1 张处置后照片';
  }
  return errors;
}

/** The address line shown under the location and sent with the case. */
export function placeLine(loc: DraftLocation | null): string {
  if (!loc) return '';
  if (loc.address) return loc.address;
  if (loc.place) return `许昌市${loc.place.district.name}${loc.place.street.name}`;
  return '';
}

export function toCreateBody(d: ReportDraft): CreateCaseBody {
  if (!d.location) throw new Error('a draft without a location cannot be submitted');
  const detail = d.addressDetail.trim();
  const line = placeLine(d.location);
  const address = [line, detail].filter(Boolean).join(' ');
  return {
    ...(d.categoryCode ? { categoryCode: d.categoryCode } : {}),
    ...(d.theme ? { theme: d.theme } : {}),
    description: d.description.trim(),
    location: { lat: d.location.lat, lng: d.location.lng, coord: d.location.coord },
    ...(address ? { address } : {}),
    mediaIds: d.photos.map((p) => p.id),
    ...(d.selfHandled ? { selfHandled: true, afterMediaIds: d.afterPhotos.map((p) => p.id) } : {}),
  };
}

/**
 * Server field names (`details.fields` of a 400, e.g. `location.lat`, `mediaIds`) → form fields.
 */
export function fieldsFromServer(fields: unknown): FieldErrors {
  const out: FieldErrors = {};
  if (typeof fields !== 'object' || fields === null) return out;
  const entries: [string, string][] = Array.isArray(fields)
    ? fields.filter((f): f is string => typeof f === 'string').map((f) => [f, ''])
    : Object.entries(fields as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : '']);
  for (const [key, message] of entries) {
    const root = key.split(/[.[]/)[0];
    let field: DraftField | null = null;
    if (root === 'afterMediaIds' || root === 'selfHandled') field = 'after';
    else if (root === 'mediaIds' || root === 'media') field = 'photos';
    else if (root === 'location' || root === 'address' || root === 'coord') field = 'location';
    else if (root === 'categoryCode' || root === 'theme' || root === 'category') field = 'category';
    else if (root === 'description') field = 'description';
    if (field && !out[field]) {
      out[field] =
        message ||
        {
          photos: '照片有误，请重新上传',
          location: '位置有误，请重新定位',
          category: '问题类型有误，请重新选择',
          description: '描述有误，请修改',
          after: '处置后照片有误，请重新上传',
        }[field];
    }
  }
  return out;
}
