import { useMemo, useRef, useState, type ReactNode } from 'react';
import { Image, Input, Picker, Text, View } from '@tarojs/components';
import {
  CASE_ACTION_LABELS,
  cityDate,
  PATROL_ROLE_LABELS,
  REFUSE_REASON_LABELS,
  TIME_LIMIT_UNIT_LABELS,
  type CaseAction,
  type CaseDto,
  type CaseSummaryDto,
  type CategoryDto,
  type InspectorScope,
  type MediaDto,
  type RefuseReason,
} from '@xc/shared';
import { Button, Skeleton } from '../../../ui';
import { Popup } from '../../../ui/popup';
import { Radio, RadioGroup } from '../../../ui/radio';
import { TextArea } from '../../../ui/textarea';
import { toApiErrorBody } from '../../../services/request';
import { useLoad } from '../../../services/use-load';
import { PhotoUploader, type PendingCounts } from '../../../components/PhotoUploader';
import { StatusTag } from '../../../components/case/StatusTag';
import { caseAddress } from '../../../components/case/CaseCard';
import { formatDateTime, formatDistance, formatShort, mediaUrl } from '../../../components/case/format';
import { getPosition, positionErrorMessage, type Position } from '../../../utils/position';
import {
  categoryTree,
  deadlinePreview,
  defaultInspector,
  duplicatesNear,
  evaluationGroups,
  inspectorsFor,
  locateGrid,
  openCasesNear,
  type ActionBody,
  type InspectorOption,
} from '../api';
import { findCategory, leafCategories, suggestUnits, type UnitOption } from '../dispatch';
import './forms.scss';

/** The forms behind the staff case page's buttons, one per action (CASE_TRANSITIONS `requires`). */

export type FormBody = Omit<ActionBody, 'action' | 'version'>;

export interface FormError {
  message: string;
  /** Per field, from a 400's details.fields. */
  fields?: Record<string, string>;
}

export interface ActionFormProps {
  item: CaseDto;
  action: CaseAction;
  sending: boolean;
  error: FormError | null;
  onSubmit: (body: FormBody) => void;
  onCancel: () => void;
  /** 重复上报 preselected from the duplicates view. */
  preset?: { reason?: RefuseReason; duplicateOf?: string };
}

const MAX_NOTE = 500;
const MAX_PHOTOS = 9;

// --- building blocks ----------------------------------------------------------------------

/** A bottom sheet with a title, the form, and its confirm and cancel buttons. */
export function Sheet(props: {
  title: string;
  children: ReactNode;
  confirmText: string;
  danger?: boolean;
  sending: boolean;
  disabled?: boolean;
  error: FormError | null;
  onConfirm: () => void;
  onCancel: () => void;
  testId?: string;
}) {
  const { title, children, confirmText, danger, sending, disabled, error, onConfirm, onCancel, testId } = props;
  return (
    <Popup
      visible
      position="bottom"
      round
      lockScroll={false}
      className="action-sheet__popup"
      // The parent closes the sheet (unmounts it): never while a submit is on its way.
      onOverlayClick={() => {
        if (!sending) onCancel();
        return false;
      }}
    >
      <View className="action-sheet" data-testid={testId ?? 'action-sheet'} role="dialog" aria-label={title}>
        <View className="action-sheet__head">
          <Text className="action-sheet__title">{title}</Text>
          <View className="action-sheet__close" aria-label="关闭" onClick={sending ? undefined : onCancel}>
            <Text>×</Text>
          </View>
        </View>
        <View className="action-sheet__body">{children}</View>
        <View className="action-sheet__foot">
          {error ? (
            <View className="form-error" role="alert" data-testid="form-error">
              <Text>{error.message}</Text>
            </View>
          ) : null}
          <View className="action-sheet__buttons">
            <Button fill="outline" type="default" size="large" disabled={sending} onClick={onCancel}>
              取消
            </Button>
            <Button type={danger ? 'danger' : 'primary'} size="large" loading={sending} disabled={sending || disabled} onClick={onConfirm}>
              {confirmText}
            </Button>
          </View>
        </View>
      </View>
    </Popup>
  );
}

function Field({
  label,
  required,
  error,
  children,
  hint,
}: {
  label: string;
  required?: boolean;
  error?: string;
  children: ReactNode;
  hint?: string;
}) {
  return (
    <View className={`form-field${error ? ' form-field--invalid' : ''}`}>
      <Text className="form-field__label">
        {label}
        {required ? <Text className="form-field__required">*</Text> : null}
      </Text>
      {hint ? <Text className="form-field__hint">{hint}</Text> : null}
      {children}
      {error ? (
        <View className="form-field__error" role="alert">
          <Text>{error}</Text>
        </View>
      ) : null}
    </View>
  );
}

function NoteInput({ value, onChange, placeholder }: { value: string; onChange: (v: string) => void; placeholder: string }) {
  return <TextArea className="note-input" placeholder={placeholder} maxLength={MAX_NOTE} showCount value={value} onChange={onChange} />;
}

function Options<T extends string>({
  options,
  value,
  onChange,
  label,
}: {
  options: { value: T; label: string; tone?: 'pass' | 'fail' }[];
  value: T | null;
  onChange: (v: T) => void;
  label: string;
}) {
  return (
    // NutUI's radios as buttons; each in a box that says radio to assistive technology (NutUI's own
    // `ariaRole` reaches the H5 page as an attribute no reader knows) and fills the 44 px target.
    <RadioGroup
      className="options"
      role="radiogroup"
      shape="button"
      value={value ?? ''}
      onChange={(v) => onChange(v as T)}
      aria-label={label}
    >
      {options.map((o) => (
        <View
          key={o.value}
          className={`options__item${o.tone ? ` options__item--${o.tone}` : ''}`}
          role="radio"
          aria-checked={value === o.value}
          data-value={o.value}
          // The box's edge answers too (the same choice as the radio inside: picked once).
          onClick={() => onChange(o.value)}
        >
          <Radio value={o.value}>{o.label}</Radio>
        </View>
      ))}
    </RadioGroup>
  );
}

function fieldError(error: FormError | null, ...names: string[]): string | undefined {
  for (const n of names) if (error?.fields?.[n]) return error.fields[n];
  return undefined;
}

// --- 立案, 修改类别: the category ---------------------------------------------------------------

/** What the case is filed under now: 暴露垃圾（环境卫生）, or 未确定类别（主题：环境卫生）. */
export function currentCategoryText(item: Pick<CaseDto, 'categoryName' | 'theme'>): string {
  if (item.categoryName) return item.theme ? `${item.categoryName}（${item.theme}）` : item.categoryName;
  return item.theme ? `未确定类别（主题：${item.theme}）` : '未确定类别';
}

/**
 * The category chips: the case's theme's categories first (a search reaches every theme). `exclude`:
 * the category the case has (choosing it would change nothing).
 */
function CategoryPicker({
  theme,
  value,
  exclude,
  onChange,
}: {
  theme: CaseDto['theme'];
  value: CategoryDto | null;
  exclude?: string | null;
  onChange: (c: CategoryDto | null) => void;
}) {
  const [search, setSearch] = useState('');
  const [all, setAll] = useState(false);
  const tree = useLoad('categories', () => categoryTree());
  const leaves = tree.data ? leafCategories(tree.data).filter((c) => c.code !== exclude) : [];
  const q = search.trim();
  const ofTheme = leaves.filter((c) => !theme || c.theme === theme);
  const shown = q ? leaves.filter((c) => c.name.includes(q)) : all ? leaves : ofTheme;
  return (
    <View className="category-pick" data-testid="category-picker">
      <Input className="text-input" placeholder="搜索类别，如 垃圾、井盖" value={search} onInput={(e) => setSearch(e.detail.value)} />
      {tree.status === 'loading' ? <Skeleton rows={2} animated /> : null}
      {tree.status === 'failed' ? (
        <Text className="form-link" onClick={() => void tree.reload()}>
          类别加载失败，点击重试
        </Text>
      ) : null}
      {tree.data && !q && theme && !all ? <Text className="form-field__hint">「{theme}」下的类别：</Text> : null}
      {tree.data && q && !shown.length ? <Text className="form-field__hint">没有名称含“{q}”的类别</Text> : null}
      <View className="chips-row" role="radiogroup" aria-label="问题类别">
        {shown.map((c) => (
          <View
            key={c.code}
            className={`pick-chip${value?.code === c.code ? ' pick-chip--active' : ''}`}
            role="radio"
            aria-checked={value?.code === c.code}
            data-code={c.code}
            onClick={() => onChange(value?.code === c.code ? null : c)}
          >
            <Text>{q || all ? `${c.name}${c.theme && c.theme !== theme ? `（${c.theme}）` : ''}` : c.name}</Text>
          </View>
        ))}
      </View>
      {tree.data && !q && theme && !all ? (
        <Text className="form-link" onClick={() => setAll(true)}>
          不在「{theme}」下？查看全部类别
        </Text>
      ) : null}
    </View>
  );
}

/** 立案: a category is required when the case has none (a report filed with only a theme); else it may be corrected. */
function RegisterForm({ item, sending, error, onSubmit, onCancel }: ActionFormProps) {
  const required = !item.categoryCode;
  const [category, setCategory] = useState<CategoryDto | null>(null);
  const [open, setOpen] = useState(required);
  const [note, setNote] = useState('');
  const [local, setLocal] = useState('');
  const submit = () => {
    if (required && !category) return setLocal('请选择问题类别：上报人只选了主题，立案须确定具体类别');
    onSubmit({ ...(category ? { categoryCode: category.code } : {}), ...(note.trim() ? { note: note.trim() } : {}) });
  };
  return (
    <Sheet
      title="立案"
      confirmText="确认立案"
      sending={sending}
      error={error}
      onCancel={onCancel}
      onConfirm={submit}
      testId="register-form"
    >
      <Text className="form-intro">确认问题属实、属于城市管理范围后立案，交派遣员派遣处置单位。</Text>
      <Field
        label="问题类别"
        required={required}
        error={local || fieldError(error, 'categoryCode')}
        hint={
          required ? `上报人只选了主题「${item.theme ?? '未选择'}」，请确定具体类别` : category ? `将更正为：${category.name}` : undefined
        }
      >
        {required ? null : (
          <View className="category-line">
            <Text className="category-line__name">{currentCategoryText(item)}</Text>
            <Text className="form-link" onClick={() => setOpen((o) => !o)}>
              {open ? '收起' : '更正类别'}
            </Text>
          </View>
        )}
        {open ? (
          <CategoryPicker
            theme={item.theme}
            value={category}
            exclude={item.categoryCode}
            onChange={(c) => {
              setCategory(c);
              setLocal('');
            }}
          />
        ) : null}
      </Field>
      <Field label="受理意见" error={fieldError(error, 'note')}>
        <NoteInput value={note} onChange={setNote} placeholder="选填" />
      </Field>
    </Sheet>
  );
}

/** 修改类别 (operator, dispatcher; until dispatch): the new category and why. */
function RecategorizeForm({ item, sending, error, onSubmit, onCancel }: ActionFormProps) {
  const [category, setCategory] = useState<CategoryDto | null>(null);
  const [note, setNote] = useState('');
  const [local, setLocal] = useState('');
  const submit = () => {
    if (!category) return setLocal('请选择新的问题类别');
    onSubmit({ categoryCode: category.code, ...(note.trim() ? { note: note.trim() } : {}) });
  };
  return (
    <Sheet
      title="修改类别"
      confirmText="确认修改"
      sending={sending}
      error={error}
      onCancel={onCancel}
      onConfirm={submit}
      testId="recategorize-form"
    >
      <Text className="form-intro">派遣前可修改问题类别；处置时限按派遣时的类别计算。修改记入处理记录。</Text>
      <Field
        label="新的类别"
        required
        error={local || fieldError(error, 'categoryCode')}
        hint={`当前：${currentCategoryText(item)}${category ? `，将改为：${category.name}` : ''}`}
      >
        <CategoryPicker
          theme={item.theme}
          value={category}
          exclude={item.categoryCode}
          onChange={(c) => {
            setCategory(c);
            setLocal('');
          }}
        />
      </Field>
      <Field label="修改原因" error={fieldError(error, 'note')}>
        <NoteInput value={note} onChange={setNote} placeholder="选填，如：现场为积存渣土，非暴露垃圾" />
      </Field>
    </Sheet>
  );
}

// --- 不予立案 -------------------------------------------------------------------------------

function DuplicateRow({ c, active, onPick }: { c: CaseSummaryDto; active: boolean; onPick: () => void }) {
  return (
    <View
      className={`dup-pick__item${active ? ' dup-pick__item--active' : ''}`}
      role="radio"
      aria-checked={active}
      data-case-id={c.id}
      onClick={onPick}
    >
      <View className="dup-pick__thumb">
        {c.media[0] ? (
          <Image className="dup-pick__img" src={mediaUrl(c.media[0].thumbUrl)} mode="aspectFill" />
        ) : (
          <Text className="dup-pick__noimg">无照片</Text>
        )}
      </View>
      <View className="dup-pick__body">
        <View className="dup-pick__top">
          <Text className="dup-pick__no">{c.caseNo}</Text>
          <StatusTag status={c.status} />
        </View>
        <Text className="dup-pick__meta">
          {c.categoryName ?? c.theme ?? '未分类'} · {formatShort(c.reportedAt)}
          {c.distanceM !== undefined ? ` · 相距 ${formatDistance(c.distanceM)}` : ''}
        </Text>
        <Text className="dup-pick__desc">{c.description}</Text>
      </View>
    </View>
  );
}

/**
 * The original to pick, never an id to type: open cases of the same category (or theme, for a
 * report filed with only a theme) nearby, and on request every open case within 300 m.
 */
function DuplicateChoice({ item, value, onChange }: { item: CaseDto; value: string | null; onChange: (id: string) => void }) {
  const state = useLoad(item.id, () =>
    item.location ? duplicatesNear(item, item.location.lat, item.location.lng) : Promise.resolve([] as CaseSummaryDto[]),
  );
  const [wider, setWider] = useState(false);
  const near = useLoad(wider ? item.id : null, () =>
    item.location ? openCasesNear(item.location.lat, item.location.lng) : Promise.resolve([] as CaseSummaryDto[]),
  );
  if (state.status === 'loading') return <Skeleton rows={2} animated />;
  if (!state.data) {
    return (
      <Text className="form-link" onClick={() => void state.reload()}>
        附近问题加载失败，点击重试
      </Text>
    );
  }
  const same = state.data.filter((c) => c.id !== item.id);
  const shownIds = new Set(same.map((c) => c.id));
  const others = near.data ? near.data.filter((c) => c.id !== item.id && !shownIds.has(c.id)) : [];
  const kind = item.categoryCode ? '同类' : `「${item.theme ?? '同主题'}」`;
  return (
    <View className="dup-pick" role="radiogroup" aria-label="重复的问题">
      {same.length ? null : <Text className="form-field__hint">附近 50 米内没有{kind}未办结的问题。</Text>}
      {same.map((c) => (
        <DuplicateRow key={c.id} c={c} active={value === c.id} onPick={() => onChange(c.id)} />
      ))}
      {!wider ? (
        <Text className="form-link" data-testid="dup-wider" onClick={() => setWider(true)}>
          查看附近 300 米内其他未办结问题
        </Text>
      ) : near.status === 'loading' ? (
        <Skeleton rows={2} animated />
      ) : near.status === 'failed' ? (
        <Text className="form-link" onClick={() => void near.reload()}>
          附近问题加载失败，点击重试
        </Text>
      ) : (
        <View className="dup-pick" data-testid="dup-others">
          <Text className="form-field__hint">{others.length ? '附近 300 米内其他未办结问题：' : '附近 300 米内没有其他未办结问题。'}</Text>
          {others.map((c) => (
            <DuplicateRow key={c.id} c={c} active={value === c.id} onPick={() => onChange(c.id)} />
          ))}
        </View>
      )}
    </View>
  );
}

function RefuseForm({ item, sending, error, onSubmit, onCancel, preset }: ActionFormProps) {
  const [reason, setReason] = useState<RefuseReason | null>(preset?.reason ?? null);
  const [duplicateOf, setDuplicateOf] = useState<string | null>(preset?.duplicateOf ?? null);
  const [note, setNote] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const submit = () => {
    const missing: Record<string, string> = {};
    if (!reason) missing.reason = '请选择不予立案的原因';
    if (reason === 'duplicate' && !duplicateOf) missing.duplicateOf = '请选择与之重复的问题';
    setLocal(missing);
    if (Object.keys(missing).length) return;
    onSubmit({
      reason: reason!,
      ...(reason === 'duplicate' ? { duplicateOf: duplicateOf! } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    });
  };
  return (
    <Sheet title="不予立案" confirmText="确认不予立案" danger sending={sending} error={error} onCancel={onCancel} onConfirm={submit}>
      <Field label="原因" required error={local.reason ?? fieldError(error, 'reason')}>
        <Options
          label="不予立案原因"
          value={reason}
          onChange={(v) => {
            setReason(v);
            setLocal({});
          }}
          options={(Object.keys(REFUSE_REASON_LABELS) as RefuseReason[]).map((r) => ({ value: r, label: REFUSE_REASON_LABELS[r] }))}
        />
      </Field>
      {reason === 'duplicate' ? (
        <Field
          label="与哪个问题重复"
          required
          error={local.duplicateOf ?? fieldError(error, 'duplicateOf')}
          hint="从附近尚未办结的问题中选择原问题"
        >
          <DuplicateChoice
            item={item}
            value={duplicateOf}
            onChange={(id) => {
              setDuplicateOf(id);
              setLocal({});
            }}
          />
        </Field>
      ) : null}
      <Field label="说明" error={fieldError(error, 'note')} hint="上报人可以看到这段说明">
        <NoteInput value={note} onChange={setNote} placeholder="选填，如：照片中看不出问题所在" />
      </Field>
    </Sheet>
  );
}

// --- 派遣 ----------------------------------------------------------------------------------

function DispatchForm({ item, sending, error, onSubmit, onCancel }: ActionFormProps) {
  const [unit, setUnit] = useState<UnitOption | null>(null);
  const [search, setSearch] = useState('');
  const [openGroup, setOpenGroup] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [local, setLocal] = useState('');
  // A case registered before 立案 asked for a category may still have none: it is chosen here.
  const [picked, setPicked] = useState<CategoryDto | null>(null);
  const [categoryError, setCategoryError] = useState('');
  const groups = useLoad('groups', () => evaluationGroups());
  const opened = useRef(new Date());
  // The deadline the server will compute: the category's time limit from now, in working time.
  const limit = useLoad(`${item.id}|${picked?.code ?? ''}`, async () => {
    const tree = await categoryTree();
    const category = findCategory(tree, picked?.code ?? item.categoryCode);
    if (!category?.timeLimit) return { category, deadline: null as string | null };
    const r = await deadlinePreview(opened.current, category.timeLimit.value, category.timeLimit.unit);
    return { category, deadline: r.deadline };
  });

  const choices = useMemo(() => (groups.data ? suggestUnits(groups.data, item) : null), [groups, item]);
  const q = search.trim();
  const found = choices && q ? [...choices.suggested, ...choices.groups.flatMap((g) => g.units)].filter((u) => u.name.includes(q)) : [];

  const unitRow = (u: UnitOption) => (
    <View
      key={u.id}
      className={`unit-row${unit?.id === u.id ? ' unit-row--active' : ''}`}
      role="radio"
      aria-checked={unit?.id === u.id}
      data-unit-id={u.id}
      onClick={() => {
        setUnit(u);
        setLocal('');
      }}
    >
      <Text className="unit-row__name">{u.name}</Text>
      {u.why ? <Text className="unit-row__why">{u.why}</Text> : null}
      <Text className="unit-row__check">{unit?.id === u.id ? '✓' : ''}</Text>
    </View>
  );

  const submit = () => {
    const noCategory = !item.categoryCode && !picked;
    setCategoryError(noCategory ? '请先确定问题类别：处置时限按类别计算' : '');
    if (!unit) setLocal('请选择处置单位');
    if (!unit || noCategory) return;
    onSubmit({ unitId: unit.id, ...(picked ? { categoryCode: picked.code } : {}), ...(note.trim() ? { note: note.trim() } : {}) });
  };

  return (
    <Sheet
      title="派遣"
      confirmText={unit ? `派遣至 ${unit.name}` : '确认派遣'}
      sending={sending}
      error={error}
      onCancel={onCancel}
      onConfirm={submit}
      testId="dispatch-form"
    >
      <View className="deadline-box" data-testid="deadline-preview">
        {limit.status === 'loading' ? <Text className="deadline-box__text">正在计算处置期限…</Text> : null}
        {limit.status === 'failed' ? (
          <Text className="deadline-box__text">
            处置期限暂时无法计算（{limit.error?.message}），
            <Text className="form-link" onClick={() => void limit.reload()}>
              重试
            </Text>
          </Text>
        ) : null}
        {limit.data && limit.data.deadline && limit.data.category?.timeLimit ? (
          <View>
            <Text className="deadline-box__label">
              {limit.data.category.name} · 时限 {limit.data.category.timeLimit.value}{' '}
              {TIME_LIMIT_UNIT_LABELS[limit.data.category.timeLimit.unit]}
            </Text>
            <Text className="deadline-box__value">处置截止 {formatDateTime(limit.data.deadline)}</Text>
            <Text className="deadline-box__note">按派遣时刻起算，节假日不计入工作时间</Text>
          </View>
        ) : null}
        {limit.data && !limit.data.deadline ? (
          <Text className="deadline-box__text">
            {item.categoryCode ? '该类别没有处置时限，派遣时将返回提示。' : '选择问题类别后显示处置截止时间。'}
          </Text>
        ) : null}
      </View>

      {item.categoryCode ? null : (
        <Field
          label="问题类别"
          required
          error={categoryError || fieldError(error, 'categoryCode')}
          hint={`该问题尚未确定类别（主题：${item.theme ?? '未选择'}）`}
        >
          <CategoryPicker
            theme={item.theme}
            value={picked}
            onChange={(c) => {
              setPicked(c);
              setCategoryError('');
            }}
          />
        </Field>
      )}

      <Field label="处置单位" required error={local || fieldError(error, 'unitId', ...(item.categoryCode ? ['categoryCode'] : []))}>
        {groups.status === 'loading' ? <Skeleton rows={4} animated /> : null}
        {groups.status === 'failed' ? (
          <Text className="form-link" onClick={() => void groups.reload()}>
            单位列表加载失败，点击重试
          </Text>
        ) : null}
        {choices ? (
          <View role="radiogroup" aria-label="处置单位">
            <Input className="text-input" placeholder="搜索单位名称" value={search} onInput={(e) => setSearch(e.detail.value)} />
            {q ? (
              found.length ? (
                <View className="unit-list">{found.map(unitRow)}</View>
              ) : (
                <Text className="form-field__hint">没有名称含“{q}”的单位</Text>
              )
            ) : (
              <View>
                {choices.suggested.length ? (
                  <View className="unit-group">
                    <Text className="unit-group__title">建议单位（按问题所在地）</Text>
                    <View className="unit-list">{choices.suggested.map(unitRow)}</View>
                  </View>
                ) : null}
                {choices.groups.map((g) => (
                  <View key={g.code} className="unit-group">
                    <View className="unit-group__toggle" onClick={() => setOpenGroup((o) => (o === g.code ? null : g.code))}>
                      <Text className="unit-group__title">
                        {g.name}（{g.units.length}）
                      </Text>
                      <Text className="unit-group__arrow">{openGroup === g.code ? '收起' : '展开'}</Text>
                    </View>
                    {openGroup === g.code ? <View className="unit-list">{g.units.map(unitRow)}</View> : null}
                  </View>
                ))}
              </View>
            )}
          </View>
        ) : null}
      </Field>
      <Field label="派遣意见" error={fieldError(error, 'note')}>
        <NoteInput value={note} onChange={setNote} placeholder="选填，如：请尽快清运" />
      </Field>
    </Sheet>
  );
}

// --- 处置完成, 核查, 核实 ---------------------------------------------------------------------

function PhotoField({
  label,
  required,
  error,
  photos,
  setPhotos,
  onPending,
}: {
  label: string;
  required?: boolean;
  error?: string;
  photos: MediaDto[];
  setPhotos: (f: (p: MediaDto[]) => MediaDto[]) => void;
  onPending: (c: PendingCounts) => void;
}) {
  return (
    <Field label={`${label}（${photos.length}/${MAX_PHOTOS}）`} required={required} error={error}>
      <PhotoUploader
        photos={photos}
        max={MAX_PHOTOS}
        onAdd={(m) => setPhotos((p) => [...p, m].slice(0, MAX_PHOTOS))}
        onRemove={(id) => setPhotos((p) => p.filter((x) => x.id !== id))}
        onPendingChange={onPending}
      />
    </Field>
  );
}

function pendingMessage(p: PendingCounts): string | null {
  if (p.failed) return '有照片上传失败，请点击重试或删除';
  if (p.uploading) return '照片正在上传，请稍候';
  return null;
}

function FinishForm({ sending, error, onSubmit, onCancel }: ActionFormProps) {
  const [photos, setPhotos] = useState<MediaDto[]>([]);
  const [pending, setPending] = useState<PendingCounts>({ uploading: 0, failed: 0 });
  const [note, setNote] = useState('');
  const [local, setLocal] = useState('');
  const submit = () => {
    const wait = pendingMessage(pending);
    if (wait) return setLocal(wait);
    if (!photos.length) return setLocal('请上传处置后照片（至少 1 张），拍清处置后的现场');
    setLocal('');
    onSubmit({ mediaIds: photos.map((p) => p.id), ...(note.trim() ? { note: note.trim() } : {}) });
  };
  return (
    <Sheet
      title="处置完成"
      confirmText="提交处置结果"
      sending={sending}
      error={error}
      onCancel={onCancel}
      onConfirm={submit}
      testId="finish-form"
    >
      <PhotoField
        label="处置后照片"
        required
        error={local || fieldError(error, 'mediaIds')}
        photos={photos}
        setPhotos={(f) => {
          setLocal('');
          setPhotos(f);
        }}
        onPending={setPending}
      />
      <Field label="处置说明" error={fieldError(error, 'note')}>
        <NoteInput value={note} onChange={setNote} placeholder="选填，如：已清运，路面已冲洗" />
      </Field>
    </Sheet>
  );
}

/** 现场定位 for 核实 of a report that came with only an address: the inspector's position on site. */
function SpotField({ spot, onSpot, error }: { spot: Position | null; onSpot: (p: Position) => void; error?: string }) {
  const [state, setState] = useState<{ busy: boolean; message: string | null; place: string | null }>({
    busy: false,
    message: null,
    place: null,
  });
  const locate = async () => {
    setState({ busy: true, message: null, place: null });
    let p: Position;
    try {
      p = await getPosition();
    } catch (err) {
      setState({ busy: false, message: positionErrorMessage(err), place: null });
      return;
    }
    try {
      const l = await locateGrid(p.lat, p.lng, p.coord);
      onSpot(p);
      setState({ busy: false, message: null, place: `${l.district.name}${l.street.name} · ${l.grid.name}` });
    } catch (err) {
      if (toApiErrorBody(err).code === 'NOT_FOUND') {
        setState({ busy: false, message: '该位置不在许昌市城市管理网格范围内，请到问题现场后定位', place: null });
        return;
      }
      // The grid's name is a courtesy; the server locates the point again on submit.
      onSpot(p);
      setState({ busy: false, message: null, place: null });
    }
  };
  return (
    <Field label="现场位置" required error={state.message ?? error} hint="该问题上报时只有地址：请到现场后定位，立案前须确定位置">
      <View className="picker-line" onClick={() => void locate()} data-testid="verify-locate">
        <Text>{state.busy ? '正在定位…' : spot ? `已定位：${state.place ?? '当前位置'}（点此重新定位）` : '获取当前位置'}</Text>
        <Text className="picker-line__arrow">›</Text>
      </View>
    </Field>
  );
}

function CheckForm({ item, action, sending, error, onSubmit, onCancel }: ActionFormProps) {
  const verify = action === 'verify';
  const needsSpot = verify && item.location === null;
  const [spot, setSpot] = useState<Position | null>(null);
  const [passed, setPassed] = useState<'pass' | 'fail' | null>(null);
  const [photos, setPhotos] = useState<MediaDto[]>([]);
  const [pending, setPending] = useState<PendingCounts>({ uploading: 0, failed: 0 });
  const [note, setNote] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const submit = () => {
    const missing: Record<string, string> = {};
    if (!passed) missing.passed = verify ? '请选择核实结果' : '请选择核查结果';
    if (passed === 'fail' && !note.trim()) missing.note = verify ? '请说明核实情况' : '请说明未通过的原因，处置单位将据此返工';
    if (needsSpot && passed === 'pass' && !spot) missing.location = '请先在现场定位';
    const wait = pendingMessage(pending);
    if (wait) missing.photos = wait;
    setLocal(missing);
    if (Object.keys(missing).length) return;
    onSubmit({
      passed: passed === 'pass',
      ...(spot ? { location: spot } : {}),
      ...(photos.length ? { mediaIds: photos.map((p) => p.id) } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    });
  };
  const options = verify
    ? [
        { value: 'pass' as const, label: '属实', tone: 'pass' as const },
        { value: 'fail' as const, label: '不属实', tone: 'fail' as const },
      ]
    : [
        { value: 'pass' as const, label: '通过', tone: 'pass' as const },
        { value: 'fail' as const, label: '不通过（返工）', tone: 'fail' as const },
      ];
  return (
    <Sheet
      title={verify ? '现场核实' : '现场核查'}
      confirmText={verify ? '提交核实结果' : '提交核查结果'}
      sending={sending}
      error={error}
      onCancel={onCancel}
      onConfirm={submit}
      testId="check-form"
    >
      <Field label={verify ? '核实结果' : '核查结果'} required error={local.passed ?? fieldError(error, 'passed')}>
        <Options
          label={verify ? '核实结果' : '核查结果'}
          value={passed}
          onChange={(v) => {
            setPassed(v);
            setLocal({});
          }}
          options={options}
        />
      </Field>
      {needsSpot ? (
        <SpotField
          spot={spot}
          onSpot={(p) => {
            setSpot(p);
            setLocal((l) => ({ ...l, location: '' }));
          }}
          error={local.location || fieldError(error, 'location')}
        />
      ) : null}
      <PhotoField
        label="现场照片"
        error={local.photos ?? fieldError(error, 'mediaIds')}
        photos={photos}
        setPhotos={setPhotos}
        onPending={setPending}
      />
      <Field label="说明" required={passed === 'fail'} error={local.note ?? fieldError(error, 'note')}>
        <NoteInput
          value={note}
          onChange={(v) => {
            setNote(v);
            setLocal((l) => ({ ...l, note: '' }));
          }}
          placeholder={passed === 'fail' ? '必填：哪里不合格' : '选填'}
        />
      </Field>
    </Sheet>
  );
}

// --- 申请延期 -------------------------------------------------------------------------------

const DAY_MS = 24 * 60 * 60 * 1000;

/** 18:00 Xuchang time on a `YYYY-MM-DD`, as an ISO instant. */
export function endOfWorkday(date: string): string {
  return new Date(Date.parse(`${date}T18:00:00+08:00`)).toISOString();
}

function ExtensionForm({ item, sending, error, onSubmit, onCancel }: ActionFormProps) {
  const base = Math.max(Date.parse(item.deadline ?? '') || 0, Date.now());
  const [date, setDate] = useState<string>('');
  const [note, setNote] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const quick = [1, 2, 3, 7].map((d) => ({ days: d, date: cityDate(base + d * DAY_MS) }));
  const submit = () => {
    const missing: Record<string, string> = {};
    if (!date) missing.deadline = '请选择新的期限';
    else if (Date.parse(endOfWorkday(date)) <= base) missing.deadline = '新期限须晚于当前期限';
    if (!note.trim()) missing.note = '请填写申请延期的原因';
    setLocal(missing);
    if (Object.keys(missing).length) return;
    onSubmit({ deadline: endOfWorkday(date), note: note.trim() });
  };
  return (
    <Sheet title="申请延期" confirmText="提交延期申请" sending={sending} error={error} onCancel={onCancel} onConfirm={submit}>
      <Text className="form-intro">当前期限 {formatDateTime(item.deadline)}。申请由派遣员审批，批准前仍按原期限计算。</Text>
      <Field label="新的期限" required error={local.deadline ?? fieldError(error, 'deadline')} hint="截止到所选日期 18:00">
        <View className="chips-row">
          {quick.map((qd) => (
            <View
              key={qd.days}
              className={`pick-chip${date === qd.date ? ' pick-chip--active' : ''}`}
              onClick={() => {
                setDate(qd.date);
                setLocal({});
              }}
            >
              <Text>
                延 {qd.days} 天（{qd.date.slice(5)}）
              </Text>
            </View>
          ))}
        </View>
        <Picker
          mode="date"
          value={date || quick[0].date}
          start={cityDate(base)}
          onChange={(e) => {
            setDate(String(e.detail.value));
            setLocal({});
          }}
        >
          <View className="picker-line">
            <Text>{date ? `已选：${date} 18:00` : '选择其他日期'}</Text>
            <Text className="picker-line__arrow">›</Text>
          </View>
        </Picker>
      </Field>
      <Field label="延期原因" required error={local.note ?? fieldError(error, 'note')}>
        <NoteInput value={note} onChange={setNote} placeholder="如：需协调产权单位，预计 3 天内完成" />
      </Field>
    </Sheet>
  );
}

// --- 派发核实/核查: the inspector -------------------------------------------------------------

const SCOPE_TEXT: Record<InspectorScope, string> = { grid: '本网格的网格员', street: '所在街道的网格员', district: '所在区的网格员' };

/**
 * Whom it goes to is shown before sending: by default the grid's inspector, else the street's,
 * else the district's (resolved by the server); when there is none, the operator must pick one.
 */
function InspectorForm({ item, action, sending, error, onSubmit, onCancel }: ActionFormProps) {
  const [who, setWho] = useState<string>('');
  const [note, setNote] = useState('');
  const [local, setLocal] = useState('');
  const list = useLoad<InspectorOption[]>(item.gridCode ?? '', () => inspectorsFor(item.gridCode));
  const fallback = useLoad(item.id, () => defaultInspector(item.id));
  const what = action === 'request-verify' ? '核实' : '核查';
  const nobody = fallback.data && !fallback.data.inspector;
  const option = (p: { id: string; name: string; sub?: string; tag?: string }) => (
    <View
      key={p.id || 'default'}
      className={`unit-row${who === p.id ? ' unit-row--active' : ''}`}
      role="radio"
      aria-checked={who === p.id}
      data-inspector-id={p.id}
      onClick={() => {
        setWho(p.id);
        setLocal('');
      }}
    >
      <View className="unit-row__main">
        <Text className="unit-row__name">{p.name}</Text>
        {p.sub ? <Text className="unit-row__sub">{p.sub}</Text> : null}
      </View>
      {p.tag ? <Text className="unit-row__why">{p.tag}</Text> : null}
      <Text className="unit-row__check">{who === p.id ? '✓' : ''}</Text>
    </View>
  );
  const submit = () => {
    if (!who && nobody) return setLocal(`请选择${what}人员`);
    onSubmit({ ...(who ? { inspectorId: who } : {}), ...(note.trim() ? { note: note.trim() } : {}) });
  };
  const chosen = who && list.data ? list.data.find((p) => p.id === who) : null;
  const goesTo = chosen
    ? chosen.name
    : fallback.data && fallback.data.inspector
      ? `${fallback.data.inspector.name}（${SCOPE_TEXT[fallback.data.inspector.scope]}）`
      : null;
  return (
    <Sheet
      title={CASE_ACTION_LABELS[action]}
      confirmText={`确认派发${what}`}
      sending={sending}
      error={error}
      onCancel={onCancel}
      onConfirm={submit}
      testId="inspector-form"
    >
      <Text className="form-intro">
        {action === 'request-verify' ? '请网格员到现场核实问题是否属实。' : '请网格员到现场核查处置结果。'}
      </Text>
      <View className={`deadline-box${nobody && !chosen ? ' deadline-box--warn' : ''}`} data-testid="inspector-goes-to">
        {goesTo ? (
          <View>
            <Text className="deadline-box__label">将派给</Text>
            <Text className="deadline-box__value">{goesTo}</Text>
          </View>
        ) : fallback.status === 'loading' ? (
          <Text className="deadline-box__text">正在确定默认的{what}人员…</Text>
        ) : fallback.status === 'failed' ? (
          <Text className="deadline-box__text">
            默认人员暂时无法确定（{fallback.error?.message}），可从下面选择，或
            <Text className="form-link" onClick={() => void fallback.reload()}>
              重试
            </Text>
          </Text>
        ) : (
          <Text className="deadline-box__text deadline-box__text--warn">{fallback.data?.message}</Text>
        )}
      </View>
      <Field
        label={`${what}人员`}
        required={nobody}
        error={local || fieldError(error, 'inspectorId')}
        hint={item.gridCode ? '负责问题所在网格的人员排在前面' : undefined}
      >
        {list.status === 'loading' ? <Skeleton rows={2} animated /> : null}
        {list.status === 'failed' ? (
          <View>
            <Text className="form-field__hint">人员名单加载失败{nobody ? '' : '，仍可按默认派发'}。</Text>
            <Text className="form-link" onClick={() => void list.reload()}>
              重新加载名单
            </Text>
          </View>
        ) : null}
        <View className="unit-list" role="radiogroup" aria-label={`${what}人员`}>
          {fallback.data && fallback.data.inspector
            ? option({ id: '', name: `默认：${fallback.data.inspector.name}`, sub: SCOPE_TEXT[fallback.data.inspector.scope] })
            : null}
          {list.data
            ? list.data.map((p) =>
                option({
                  id: p.id,
                  name: p.name,
                  sub: p.patrolRole ? PATROL_ROLE_LABELS[p.patrolRole] : undefined,
                  tag: p.ofGrid ? '本网格' : undefined,
                }),
              )
            : null}
        </View>
      </Field>
      <Field label="说明" error={fieldError(error, 'note')}>
        <NoteInput value={note} onChange={setNote} placeholder="选填" />
      </Field>
    </Sheet>
  );
}

// --- 评价 (a staff member who reported it) ----------------------------------------------------

function RateForm({ sending, error, onSubmit, onCancel }: ActionFormProps) {
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const [local, setLocal] = useState('');
  return (
    <Sheet
      title="评价"
      confirmText="提交评价"
      sending={sending}
      error={error}
      onCancel={onCancel}
      onConfirm={() =>
        rating ? onSubmit({ rating, ...(comment.trim() ? { comment: comment.trim() } : {}) }) : setLocal('请选择 1–5 星评分')
      }
    >
      <Field label="评分" required error={local || fieldError(error, 'rating')}>
        <Options
          label="评分"
          value={rating ? String(rating) : null}
          onChange={(v) => {
            setRating(Number(v));
            setLocal('');
          }}
          options={[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: `${n} 星` }))}
        />
      </Field>
      <Field label="评价内容">
        <NoteInput value={comment} onChange={setComment} placeholder="选填" />
      </Field>
    </Sheet>
  );
}

// --- the rest: a confirm with a note ------------------------------------------------------------

const CONFIRM_TEXT: Partial<
  Record<CaseAction, { intro: string; confirm: string; noteRequired?: boolean; danger?: boolean; placeholder?: string }>
> = {
  'request-return': {
    intro: '不属于本单位职责的问题，申请退回派遣员重新派遣。',
    confirm: '提交回退申请',
    noteRequired: true,
    placeholder: '必填：为什么不属于本单位',
  },
  'approve-extension': { intro: '同意后，处理期限改为申请的新期限。', confirm: '同意延期' },
  'reject-extension': {
    intro: '驳回后仍按原期限处置。',
    confirm: '驳回延期',
    noteRequired: true,
    danger: true,
    placeholder: '必填：驳回的理由',
  },
  'approve-return': { intro: '同意后问题回到「已立案」，需重新派遣。', confirm: '同意回退' },
  'reject-return': {
    intro: '驳回后仍由该单位处置。',
    confirm: '驳回回退',
    noteRequired: true,
    danger: true,
    placeholder: '必填：驳回的理由',
  },
  pend: {
    intro: '暂时不具备处置条件的问题挂账，期限暂停计算，条件具备后恢复。',
    confirm: '确认挂账',
    noteRequired: true,
    placeholder: '必填：挂账原因',
  },
  resume: { intro: '恢复后重新交处置单位处置。', confirm: '确认恢复' },
  close: { intro: '核查已通过，结案后上报人可以评价。', confirm: '确认结案' },
  void: {
    intro: '作废后问题不再处理，且不能恢复。请确认确属误报、测试或重复录入。',
    confirm: '确认作废',
    noteRequired: true,
    danger: true,
    placeholder: '必填：作废原因',
  },
};

function ConfirmForm({ item, action, sending, error, onSubmit, onCancel }: ActionFormProps) {
  const cfg = CONFIRM_TEXT[action] ?? { intro: '', confirm: `确认${CASE_ACTION_LABELS[action]}` };
  const [note, setNote] = useState('');
  const [local, setLocal] = useState('');
  const submit = () => {
    if (cfg.noteRequired && !note.trim()) return setLocal('请填写说明');
    onSubmit(note.trim() ? { note: note.trim() } : {});
  };
  const extension = action === 'approve-extension' || action === 'reject-extension';
  const request = extension ? [...item.history].reverse().find((h) => h.action === 'request-extension') : null;
  return (
    <Sheet
      title={CASE_ACTION_LABELS[action]}
      confirmText={cfg.confirm}
      danger={cfg.danger}
      sending={sending}
      error={error}
      onCancel={onCancel}
      onConfirm={submit}
      testId={`confirm-${action}`}
    >
      {cfg.intro ? <Text className="form-intro">{cfg.intro}</Text> : null}
      {extension ? (
        <View className="extension-box" data-testid="requested-deadline">
          <Text className="extension-box__line">原期限 {formatDateTime(item.deadline)}</Text>
          <Text className="extension-box__line extension-box__line--new">
            申请延期至 {item.requestedDeadline ? formatDateTime(item.requestedDeadline) : '—'}
          </Text>
          {request?.note ? <Text className="extension-box__line">申请理由：{request.note}</Text> : null}
        </View>
      ) : null}
      <Field label="说明" required={cfg.noteRequired} error={local || fieldError(error, 'note')}>
        <NoteInput
          value={note}
          onChange={(v) => {
            setNote(v);
            setLocal('');
          }}
          placeholder={cfg.placeholder ?? '选填'}
        />
      </Field>
      <Text className="form-case">
        {item.caseNo} · {item.categoryName ?? item.theme ?? '未分类'} · {caseAddress(item)}
      </Text>
    </Sheet>
  );
}

/** The form for an action. */
export function ActionForm(props: ActionFormProps) {
  switch (props.action) {
    case 'register':
      return <RegisterForm {...props} />;
    case 'recategorize':
      return <RecategorizeForm {...props} />;
    case 'refuse':
      return <RefuseForm {...props} />;
    case 'dispatch':
      return <DispatchForm {...props} />;
    case 'finish':
      return <FinishForm {...props} />;
    case 'check':
    case 'verify':
      return <CheckForm {...props} />;
    case 'request-extension':
      return <ExtensionForm {...props} />;
    case 'request-verify':
    case 'request-check':
      return <InspectorForm {...props} />;
    case 'rate':
      return <RateForm {...props} />;
    default:
      return <ConfirmForm {...props} />;
  }
}
