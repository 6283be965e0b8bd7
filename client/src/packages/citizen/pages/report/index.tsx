import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Image, Input, Text, Textarea, View } from '@tarojs/components';
import { THEMES, type CaseSummaryDto, type CategoryDto, type MediaDto, type Theme } from '@xc/shared';
import { Button, Skeleton } from '../../../../ui';
import { caseDuplicates, categories as fetchCategories, createCase, locate } from '../../../../services/api';
import { ApiError, toApiErrorBody } from '../../../../services/request';
import { useLoad } from '../../../../services/use-load';
import { PhotoUploader, type PendingCounts } from '../../../../components/PhotoUploader';
import { useSession } from '../../../../store/session';
import { ROUTES, goWith, pageParams, replaceWith } from '../../../../utils/nav';
import { LoginRequired } from '../../components/LoginRequired';
import { PlacePicker } from '../../components/PlacePicker';
import { StatusTag } from '../../../../components/case/StatusTag';
import { caseAddress } from '../../../../components/case/CaseCard';
import { formatShort, gridLabel, mediaUrl } from '../../../../components/case/format';
import {
  DESCRIPTION_INPUT_LIMIT,
  FIELD_ORDER,
  MAX_DESCRIPTION,
  clipDescription,
  clipNotice,
  MAX_PHOTOS,
  clearDraft,
  fieldsFromServer,
  loadDraft,
  newDraft,
  placeLine,
  saveDraft,
  toCreateBody,
  validateDraft,
  type DraftField,
  type DraftLocation,
  type FieldErrors,
  type ReportDraft,
} from '../../report/draft';
import { chooseOnMap, getPosition, isWeapp, positionErrorMessage, taroStorage, type Position } from '../../report/platform';
import './index.scss';
import { PrivacyPopup } from '../../../../components/PrivacyPopup';

type PlaceStatus = 'idle' | 'locating' | 'looking-up' | 'ok' | 'outside' | 'lookup-failed' | 'failed';

/** How long to wait before asking again while the first submit with this key is still running. */
export const IN_PROGRESS_RETRY_MS = 1500;
const IN_PROGRESS_ATTEMPTS = 4;
const CATEGORY_PREVIEW = 12;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Every subcategory of the tree, with its theme, the most reported first (the server counts the
 * last year's cases per category), so the chips a resident needs come before 展开全部.
 */
export function flattenCategories(tree: CategoryDto[]): CategoryDto[] {
  const out: CategoryDto[] = [];
  for (const major of tree) {
    if (major.children?.length) {
      for (const c of major.children) out.push({ ...c, theme: c.theme ?? major.theme });
    }
  }
  // A stable sort: equal counts keep the CJ/T 214 code order.
  return out.sort((a, b) => (b.reportCount ?? 0) - (a.reportCount ?? 0));
}

function toast(title: string): void {
  void Taro.showToast({ title, icon: 'none', duration: 2500 })?.catch?.(() => undefined);
}

/**
 * `patrol`: an inspector reporting what they found on patrol (工作台 → 巡查上报): the form gains
 * a 自处理 switch that asks for after-photos; such a report closes at once.
 */
function ReportForm({ patrol = false }: { patrol?: boolean }) {
  const [draft, setDraft] = useState<ReportDraft>(() => loadDraft(taroStorage));
  const [pending, setPending] = useState<PendingCounts>({ uploading: 0, failed: 0 });
  const [afterPending, setAfterPending] = useState<PendingCounts>({ uploading: 0, failed: 0 });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [placeStatus, setPlaceStatus] = useState<PlaceStatus>(draft.location?.place ? 'ok' : 'idle');
  const [placeMessage, setPlaceMessage] = useState('');
  // The categories; without them a report still goes with only a theme (nothing typed is lost).
  const cats = useLoad<CategoryDto[]>('categories', async () => flattenCategories((await fetchCategories()) ?? []));
  const [search, setSearch] = useState('');
  const [showAllCats, setShowAllCats] = useState(false);
  const [manualOpen, setManualOpen] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [duplicates, setDuplicates] = useState<CaseSummaryDto[] | null>(null);
  const [descriptionCut, setDescriptionCut] = useState<string | null>(null);
  // A controlled text box keeps what was typed past the limit when the kept text did not change:
  // a new box shows the kept text.
  const [textareaKey, setTextareaKey] = useState(0);
  const mounted = useRef(true);
  const draftRef = useRef(draft);
  draftRef.current = draft;

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    if (patrol) void Taro.setNavigationBarTitle({ title: '巡查上报' })?.catch?.(() => undefined);
  }, [patrol]);

  // The draft survives closing the app: every change is written through.
  useEffect(() => {
    saveDraft(taroStorage, draft);
  }, [draft]);

  const update = useCallback((patch: Partial<ReportDraft> | ((d: ReportDraft) => Partial<ReportDraft>)) => {
    setDraft((d) => ({ ...d, ...(typeof patch === 'function' ? patch(d) : patch) }));
  }, []);

  const clearError = useCallback((field: DraftField) => {
    setErrors((e) => (e[field] ? { ...e, [field]: undefined } : e));
  }, []);

  // --- categories ---------------------------------------------------------------------------

  // --- location -----------------------------------------------------------------------------
  const lookUpPlace = useCallback(
    async (loc: Omit<DraftLocation, 'place'>) => {
      setPlaceStatus('looking-up');
      setPlaceMessage('');
      try {
        const place = await locate(loc.lat, loc.lng, loc.coord);
        if (!mounted.current) return;
        update({ location: { ...loc, place } });
        setPlaceStatus('ok');
      } catch (err) {
        if (!mounted.current) return;
        update({ location: { ...loc, place: null } });
        const e = toApiErrorBody(err);
        if (e.code === 'NOT_FOUND') {
          setPlaceStatus('outside');
          setPlaceMessage('该位置不在许昌市城市管理网格范围内，可能无法受理；请确认位置或手动选择');
        } else if (e.code === 'VALIDATION_FAILED') {
          setPlaceStatus('outside');
          setPlaceMessage('该位置不在服务范围内，请重新定位或手动选择');
        } else {
          setPlaceStatus('lookup-failed');
          setPlaceMessage('暂时无法识别所在街道，可继续上报');
        }
      }
    },
    [update],
  );

  const setPosition = useCallback(
    (p: Position, source: DraftLocation['source'], address: string | null = null) => {
      clearError('location');
      void lookUpPlace({ lat: p.lat, lng: p.lng, coord: p.coord, source, address });
    },
    [clearError, lookUpPlace],
  );

  const relocate = useCallback(async () => {
    setPlaceStatus('locating');
    setPlaceMessage('');
    setManualOpen(false);
    try {
      const p = await getPosition();
      if (!mounted.current) return;
      setPosition(p, 'gps');
    } catch (err) {
      if (!mounted.current) return;
      setPlaceStatus('failed');
      setPlaceMessage(positionErrorMessage(err));
    }
  }, [setPosition]);

  // Locate once on opening when the draft has no place yet.
  useEffect(() => {
    const loc = draftRef.current.location;
    if (!loc) void relocate();
    else if (!loc.place) void lookUpPlace(loc);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const chooseManually = async () => {
    if (isWeapp()) {
      const picked = await chooseOnMap();
      if (picked) setPosition(picked, 'map', picked.address);
      return;
    }
    // H5: district → street → community and a spot in it (PlacePicker); never typed coordinates.
    setManualOpen((o) => !o);
  };

  // --- photos -------------------------------------------------------------------------------
  const addPhoto = useCallback((media: MediaDto) => update((d) => ({ photos: [...d.photos, media].slice(0, MAX_PHOTOS) })), [update]);
  const removeUploaded = useCallback((id: string) => update((d) => ({ photos: d.photos.filter((p) => p.id !== id) })), [update]);
  const addAfterPhoto = useCallback(
    (media: MediaDto) => update((d) => ({ afterPhotos: [...d.afterPhotos, media].slice(0, MAX_PHOTOS) })),
    [update],
  );
  const removeAfterPhoto = useCallback(
    (id: string) => update((d) => ({ afterPhotos: d.afterPhotos.filter((p) => p.id !== id) })),
    [update],
  );

  // --- category -----------------------------------------------------------------------------
  const allCategories = useMemo(() => cats.data ?? [], [cats]);
  const shownCategories = useMemo(() => {
    const q = search.trim();
    if (q) return allCategories.filter((c) => c.name.includes(q));
    if (!draft.theme) return [];
    return allCategories.filter((c) => c.theme === draft.theme);
  }, [allCategories, search, draft.theme]);

  // A theme can hold dozens of categories (道路设施维护: 62): show the first few, and 展开全部.
  const collapsed = !search.trim() && !showAllCats && shownCategories.length > CATEGORY_PREVIEW;
  const visibleCategories = collapsed
    ? shownCategories.filter((c, i) => i < CATEGORY_PREVIEW || c.code === draft.categoryCode)
    : shownCategories;

  const pickTheme = (theme: Theme) => {
    clearError('category');
    setShowAllCats(false);
    update((d) => {
      if (d.theme === theme) return {};
      const keep = d.categoryCode && allCategories.find((c) => c.code === d.categoryCode)?.theme === theme;
      return { theme, ...(keep ? {} : { categoryCode: null, categoryName: null }) };
    });
  };

  const pickCategory = (c: CategoryDto) => {
    clearError('category');
    update((d) =>
      d.categoryCode === c.code
        ? { categoryCode: null, categoryName: null }
        : { categoryCode: c.code, categoryName: c.name, theme: c.theme ?? d.theme },
    );
  };

  // --- submit -------------------------------------------------------------------------------
  const showErrors = (found: FieldErrors) => {
    setErrors(found);
    const first = FIELD_ORDER.find((f) => found[f]);
    if (first) {
      void Taro.pageScrollTo({ selector: `#field-${first}`, duration: 200 })?.catch?.(() => undefined);
    }
  };

  const submit = async (skipDuplicateCheck = false) => {
    if (submitting) return;
    // Only an inspector's patrol report may be self-handled.
    const d = patrol ? draftRef.current : { ...draftRef.current, selfHandled: false };
    const found = validateDraft(d, pending, afterPending);
    if (Object.keys(found).length) {
      showErrors(found);
      toast('请完善标红的内容');
      return;
    }
    setErrors({});
    setSubmitError(null);
    setSubmitting(true);
    try {
      const dupMatch = d.categoryCode ? { categoryCode: d.categoryCode } : d.theme ? { theme: d.theme } : null;
      if (!skipDuplicateCheck && dupMatch && d.location) {
        let dups: CaseSummaryDto[] = [];
        try {
          dups = await caseDuplicates(dupMatch, d.location.lat, d.location.lng, d.location.coord);
        } catch {
          dups = []; // the check is a courtesy: never block a report on it
        }
        if (!mounted.current) return;
        if (dups?.length) {
          setDuplicates(dups);
          return;
        }
      }
      const body = toCreateBody(d);
      let created = null;
      for (let attempt = 1; ; attempt++) {
        try {
          created = await createCase(body, d.idempotencyKey);
          break;
        } catch (err) {
          if (err instanceof ApiError && err.code === 'IDEMPOTENCY_IN_PROGRESS' && attempt < IN_PROGRESS_ATTEMPTS) {
            await sleep(IN_PROGRESS_RETRY_MS);
            continue;
          }
          throw err;
        }
      }
      // Success: the draft (and its key) is done with; the next report starts afresh.
      clearDraft(taroStorage);
      if (!mounted.current) return;
      setDraft(newDraft());
      replaceWith(ROUTES.reportSuccess, {
        id: created.id,
        caseNo: created.caseNo,
        ...(created.status === 'closed' ? { status: 'closed' } : {}),
      });
    } catch (err) {
      if (!mounted.current) return;
      const e = toApiErrorBody(err);
      if (e.code === 'VALIDATION_FAILED') {
        const fields = fieldsFromServer((e.details as { fields?: unknown } | undefined)?.fields);
        if (Object.keys(fields).length) {
          showErrors(fields);
          toast('请修改标红的内容');
          return;
        }
      }
      setSubmitError(e.code === 'UNAUTHENTICATED' ? '登录已过期，请重新登录后提交（已保存草稿）' : e.message);
    } finally {
      if (mounted.current) setSubmitting(false);
    }
  };

  // --- render -------------------------------------------------------------------------------
  const loc = draft.location;
  const photoCount = draft.photos.length + pending.uploading + pending.failed;
  const located = placeStatus === 'ok' && loc?.place;
  const locBusy = placeStatus === 'locating' || placeStatus === 'looking-up';

  return (
    <View className="report">
      {/* Photos */}
      <View id="field-photos" className={`report__section${errors.photos ? ' report__section--invalid' : ''}`} data-field="photos">
        <View className="report__head">
          <Text className="report__label">
            现场照片<Text className="report__required">*</Text>
          </Text>
          <Text className="report__hint">
            {photoCount}/{MAX_PHOTOS}
          </Text>
        </View>
        <PhotoUploader
          photos={draft.photos}
          max={MAX_PHOTOS}
          onAdd={addPhoto}
          onRemove={removeUploaded}
          onPendingChange={setPending}
          onPick={() => clearError('photos')}
        />
        {errors.photos ? (
          <View className="report__error" role="alert">
            <Text>{errors.photos}</Text>
          </View>
        ) : (
          <Text className="report__tip">请拍清问题全貌，最多 {MAX_PHOTOS} 张，选择后自动上传</Text>
        )}
      </View>

      {/* Location */}
      <View id="field-location" className={`report__section${errors.location ? ' report__section--invalid' : ''}`} data-field="location">
        <View className="report__head">
          <Text className="report__label">
            问题位置<Text className="report__required">*</Text>
          </Text>
        </View>
        <View className="place" data-testid="place">
          {locBusy ? (
            <Text className="place__line place__line--muted">{placeStatus === 'locating' ? '正在定位…' : '正在识别所在街道…'}</Text>
          ) : located && loc?.place ? (
            <View>
              <Text className="place__line">{placeLine(loc)}</Text>
              <Text className="place__sub">所属网格：{gridLabel(loc.place.grid, loc.place.street.name)}</Text>
            </View>
          ) : loc ? (
            <View>
              {placeLine(loc) ? <Text className="place__line">{placeLine(loc)}</Text> : null}
              <Text className="place__sub">
                已选位置：{loc.lat.toFixed(5)}，{loc.lng.toFixed(5)}
              </Text>
            </View>
          ) : (
            <Text className="place__line place__line--muted">尚未获取位置</Text>
          )}
          {placeMessage ? (
            <Text className={`place__note${placeStatus === 'failed' || placeStatus === 'outside' ? ' place__note--warn' : ''}`}>
              {placeMessage}
            </Text>
          ) : null}
          <View className="place__actions">
            <View className="place__btn" onClick={() => void relocate()}>
              <Text>重新定位</Text>
            </View>
            <View className="place__btn" onClick={() => void chooseManually()}>
              <Text>{isWeapp() ? '在地图上选择' : '手动选择'}</Text>
            </View>
          </View>
          {manualOpen ? (
            <PlacePicker
              onCancel={() => setManualOpen(false)}
              onConfirm={(p) => {
                setManualOpen(false);
                setPosition({ lat: p.lat, lng: p.lng, coord: 'wgs84' }, 'manual', p.address);
              }}
            />
          ) : null}
          <View className="manual__row manual__row--detail">
            <Text className="manual__label">详细地址</Text>
            <Input
              className="manual__input"
              placeholder="选填，如门牌号、路口"
              maxlength={100}
              value={draft.addressDetail}
              onInput={(e) => update({ addressDetail: e.detail.value })}
            />
          </View>
        </View>
        {errors.location ? (
          <View className="report__error" role="alert">
            <Text>{errors.location}</Text>
          </View>
        ) : null}
      </View>

      {/* Theme and category */}
      <View id="field-category" className={`report__section${errors.category ? ' report__section--invalid' : ''}`} data-field="category">
        <View className="report__head">
          <Text className="report__label">
            问题类型<Text className="report__required">*</Text>
          </Text>
          {draft.categoryName ? <Text className="report__hint">已选：{draft.categoryName}</Text> : null}
        </View>
        <View className="chips chips--themes" role="radiogroup" aria-label="主题">
          {THEMES.map((t) => (
            <View
              key={t}
              className={`chip chip--theme${draft.theme === t ? ' chip--active' : ''}`}
              role="radio"
              aria-checked={draft.theme === t}
              onClick={() => pickTheme(t)}
            >
              <Text>{t}</Text>
            </View>
          ))}
        </View>
        <View className="search">
          <Input
            className="search__input"
            placeholder="搜索类别，如 垃圾、井盖"
            value={search}
            confirmType="search"
            onInput={(e) => setSearch(e.detail.value)}
          />
          {search ? (
            <View className="search__clear" onClick={() => setSearch('')} aria-label="清除搜索">
              <Text>×</Text>
            </View>
          ) : null}
        </View>
        {cats.status === 'loading' ? (
          <View className="report__cat-skeleton">
            <Skeleton rows={2} animated />
          </View>
        ) : cats.status === 'failed' ? (
          <View className="report__inline-error" role="alert">
            <Text>具体类别加载失败，可只选主题上报</Text>
            <Text className="report__link" onClick={() => void cats.reload()}>
              重试
            </Text>
          </View>
        ) : shownCategories.length ? (
          <View className="chips chips--categories" role="radiogroup" aria-label="具体类别">
            {visibleCategories.map((c) => (
              <View
                key={c.code}
                className={`chip${draft.categoryCode === c.code ? ' chip--active' : ''}`}
                role="radio"
                aria-checked={draft.categoryCode === c.code}
                data-code={c.code}
                onClick={() => pickCategory(c)}
              >
                <Text>{c.name}</Text>
              </View>
            ))}
            {collapsed ? (
              <View className="chip chip--more" onClick={() => setShowAllCats(true)}>
                <Text>展开全部 {shownCategories.length} 类</Text>
              </View>
            ) : null}
          </View>
        ) : search.trim() ? (
          <Text className="report__tip">没有找到“{search.trim()}”，可换个说法或只选主题</Text>
        ) : (
          <Text className="report__tip">先选主题，再选具体类别；不确定可只选主题</Text>
        )}
        {errors.category ? (
          <View className="report__error" role="alert">
            <Text>{errors.category}</Text>
          </View>
        ) : null}
      </View>

      {/* Description */}
      <View
        id="field-description"
        className={`report__section${errors.description ? ' report__section--invalid' : ''}`}
        data-field="description"
      >
        <View className="report__head">
          <Text className="report__label">
            问题描述<Text className="report__required">*</Text>
          </Text>
          <Text
            className={`report__hint${draft.description.length >= MAX_DESCRIPTION ? ' report__hint--limit' : ''}`}
            data-testid="counter"
          >
            {draft.description.length}/{MAX_DESCRIPTION}
          </Text>
        </View>
        <Textarea
          key={textareaKey}
          className="report__textarea"
          placeholder="请描述问题的情况，如：路口东侧人行道上堆放垃圾，已有异味"
          maxlength={DESCRIPTION_INPUT_LIMIT}
          value={draft.description}
          onInput={(e) => {
            clearError('description');
            const raw = e.detail.value;
            const { text, cut } = clipDescription(raw);
            setDescriptionCut(cut ? clipNotice(cut, raw.length >= DESCRIPTION_INPUT_LIMIT) : null);
            if (cut && text === draftRef.current.description) setTextareaKey((k) => k + 1);
            update({ description: text });
          }}
        />
        {descriptionCut && !errors.description ? (
          <View className="report__notice" role="status" data-testid="description-cut">
            <Text>{descriptionCut}</Text>
          </View>
        ) : null}
        {errors.description ? (
          <View className="report__error" role="alert">
            <Text>{errors.description}</Text>
          </View>
        ) : null}
      </View>

      {patrol ? (
        <View id="field-after" className={`report__section${errors.after ? ' report__section--invalid' : ''}`} data-field="after">
          <View
            className="switch-row"
            role="switch"
            aria-checked={draft.selfHandled}
            data-testid="self-handled"
            onClick={() => {
              clearError('after');
              update((d) => ({ selfHandled: !d.selfHandled }));
            }}
          >
            <View className="switch-row__text">
              <Text className="report__label">自处理</Text>
              <Text className="report__tip">已当场处置的问题：上传处置后照片，提交即结案</Text>
            </View>
            <View className={`switch${draft.selfHandled ? ' switch--on' : ''}`}>
              <View className="switch__knob" />
            </View>
          </View>
          {draft.selfHandled ? (
            <View className="report__after">
              <View className="report__head">
                <Text className="report__label">
                  处置后照片<Text className="report__required">*</Text>
                </Text>
                <Text className="report__hint">
                  {draft.afterPhotos.length + afterPending.uploading + afterPending.failed}/{MAX_PHOTOS}
                </Text>
              </View>
              <PhotoUploader
                photos={draft.afterPhotos}
                max={MAX_PHOTOS}
                onAdd={addAfterPhoto}
                onRemove={removeAfterPhoto}
                onPendingChange={setAfterPending}
                onPick={() => clearError('after')}
                testIdPrefix="after-"
              />
            </View>
          ) : null}
          {errors.after ? (
            <View className="report__error" role="alert">
              <Text>{errors.after}</Text>
            </View>
          ) : null}
        </View>
      ) : null}

      <Text className="report__saved">内容会自动保存为草稿，提交成功后清除</Text>

      {/* Fixed submit bar */}
      <View className="submit-bar">
        {submitError ? (
          <View className="submit-bar__error" role="alert">
            <Text className="submit-bar__error-text">提交失败：{submitError}。填写的内容已保存。</Text>
            <Text className="submit-bar__retry" onClick={() => void submit()}>
              重试
            </Text>
          </View>
        ) : null}
        <Button type="primary" size="large" block loading={submitting} disabled={submitting} onClick={() => void submit()}>
          {submitting ? '正在提交…' : patrol && draft.selfHandled ? '提交并结案' : '提交上报'}
        </Button>
      </View>

      {duplicates ? (
        <View className="sheet" data-testid="duplicates-sheet">
          <View className="sheet__mask" onClick={() => setDuplicates(null)} />
          <View className="sheet__panel" role="dialog" aria-label="附近已有相同问题">
            <Text className="sheet__title">附近已有相同问题</Text>
            <Text className="sheet__desc">以下问题就在附近，尚未办结。是同一个问题的话无需重复上报，可查看处理进度。</Text>
            <View className="sheet__list">
              {duplicates.slice(0, 3).map((c) => (
                <View key={c.id} className="dup">
                  <View className="dup__thumb">
                    {c.media[0] ? (
                      <Image className="dup__img" src={mediaUrl(c.media[0].thumbUrl)} mode="aspectFill" />
                    ) : (
                      <Text className="dup__noimg">无照片</Text>
                    )}
                  </View>
                  <View className="dup__body">
                    <View className="dup__top">
                      <Text className="dup__title">{c.categoryName ?? c.theme ?? '城市管理问题'}</Text>
                      <StatusTag status={c.status} overdue={c.overdue} audience="public" />
                    </View>
                    <Text className="dup__meta">
                      {formatShort(c.reportedAt)} · {caseAddress(c)}
                    </Text>
                    <Text className="dup__view" onClick={() => goWith(ROUTES.caseDetail, { id: c.id })}>
                      查看该问题 ›
                    </Text>
                  </View>
                </View>
              ))}
            </View>
            <View className="sheet__actions">
              <Button
                type="primary"
                size="large"
                block
                onClick={() => {
                  setDuplicates(null);
                  void submit(true);
                }}
              >
                仍要上报
              </Button>
              {duplicates.length === 1 ? (
                <Button
                  fill="outline"
                  type="primary"
                  size="large"
                  block
                  onClick={() => goWith(ROUTES.caseDetail, { id: duplicates[0].id })}
                >
                  查看该问题
                </Button>
              ) : (
                <Button fill="outline" type="primary" size="large" block onClick={() => setDuplicates(null)}>
                  返回修改
                </Button>
              )}
            </View>
          </View>
        </View>
      ) : null}
    </View>
  );
}

export default function ReportPage() {
  const session = useSession();
  const [params] = useState(pageParams);
  if (!session) return <LoginRequired what="随手拍上报城市问题，并查看处理进度" />;
  const patrol = params.patrol === '1' && session.user.roles.includes('inspector');
  return (
    <>
      <ReportForm patrol={patrol} />
      <PrivacyPopup />
    </>
  );
}
