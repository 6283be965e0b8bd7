import { useState, type ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import {
  CASE_ACTION_LABELS,
  type CaseAction,
  type CaseChannel,
  type CaseDto,
  type CaseSummaryDto,
  type RefuseReason,
  type Role,
  wgs84ToGcj02,
} from '@xc/shared';
import { Button, Skeleton } from '../../../../ui';
import { toApiErrorBody } from '../../../../services/request';
import { useLoad } from '../../../../services/use-load';
import { useSession } from '../../../../store/session';
import { ROUTES, go, pageParams } from '../../../../utils/nav';
import { LoadFailed, StateView } from '../../../../components/StateView';
import { StatusTag } from '../../../../components/case/StatusTag';
import { caseAddress } from '../../../../components/case/CaseCard';
import { CaseGallery, CaseSteps, CaseTimeline } from '../../../../components/case/CaseParts';
import { deadlineState, formatDateTime, formatDistance, formatShort, gridLabel, mediaUrl } from '../../../../components/case/format';
import { act, duplicatesNear, staffCase } from '../../api';
import { ActionForm, type FormBody, type FormError } from '../../components/ActionForms';
import { PhotoPrivacy } from '../../components/PhotoPrivacy';
import { ReporterContact } from '../../components/ReporterContact';
import { taskLine } from '../../todo';
import './index.scss';

export const CONFLICT_MESSAGE = '该问题已被他人处理，已为你刷新';

/**
 * The order buttons appear in: the move forward first (it is the primary button), the others
 * after, 作废 last. Which buttons appear at all comes from `nextActions` alone.
 */
const ACTION_ORDER: CaseAction[] = [
  'register',
  'dispatch',
  'finish',
  'check',
  'verify',
  'request-check',
  'close',
  'approve-extension',
  'approve-return',
  'resume',
  'rate',
  'request-verify',
  'recategorize',
  'refuse',
  'request-extension',
  'request-return',
  'reject-extension',
  'reject-return',
  'pend',
  'void',
];

export function orderedActions(actions: readonly CaseAction[]): CaseAction[] {
  const rank = (a: CaseAction) => {
    const i = ACTION_ORDER.indexOf(a);
    return i < 0 ? ACTION_ORDER.length : i;
  };
  return [...actions].sort((a, b) => rank(a) - rank(b));
}

const DANGER: CaseAction[] = ['void', 'refuse', 'reject-extension', 'reject-return'];

const CHANNEL_LABELS: Record<CaseChannel, string> = { citizen: '市民上报', patrol: '巡查上报', open311: '接入上报' };

const DONE_TEXT: Partial<Record<CaseAction, string>> = {
  register: '已立案，等待派遣员派遣',
  recategorize: '已修改问题类别',
  refuse: '已不予立案',
  finish: '已提交处置结果，等待核查',
  close: '已结案',
  'approve-extension': '已同意延期，处理期限已更新',
  'reject-extension': '已驳回延期申请',
  'approve-return': '已同意回退，问题回到待派遣',
  'reject-return': '已驳回回退申请',
  pend: '已挂账',
  resume: '已恢复处置',
  void: '已作废',
  rate: '感谢评价',
};

/** What a successful move tells the person who made it. */
export function doneText(action: CaseAction, c: CaseDto): string {
  switch (action) {
    case 'dispatch':
      return `已派遣至 ${c.unit?.name ?? '处置单位'}`;
    case 'check':
      return c.status === 'checked' ? '核查通过，已交受理员结案' : '核查未通过，已退回处置单位返工';
    case 'verify':
      return '核实结果已提交受理员';
    case 'request-verify':
      return `已派发核实给 ${c.inspector?.name ?? '网格员'}，等待到现场核实`;
    case 'request-check':
      return `已派发核查给 ${c.inspector?.name ?? '网格员'}，等待到现场核查`;
    case 'request-extension':
      return '延期申请已提交，等待派遣员审批';
    case 'request-return':
      return '回退申请已提交，等待派遣员审批';
    default:
      return DONE_TEXT[action] ?? `${CASE_ACTION_LABELS[action]}：已提交`;
  }
}

/** 核实人 while (or after) a 核实 was asked, else 核查人. */
export function inspectorLabel(item: Pick<CaseDto, 'status' | 'history'>): string {
  if (item.status === 'verifying') return '核实人';
  if (item.status === 'checking' || item.status === 'checked') return '核查人';
  const lastAsk = [...item.history].reverse().find((h) => h.action === 'request-verify' || h.action === 'request-check');
  return lastAsk?.action === 'request-verify' ? '核实人' : '核查人';
}

type Banner = { kind: 'conflict' | 'done'; text: string } | null;

function toast(title: string): void {
  void Taro.showToast({ title, icon: 'none', duration: 2500 })?.catch?.(() => undefined);
}

function Row({ k, children, testId }: { k: string; children: ReactNode; testId?: string }) {
  return (
    <View className="staff-case__row" data-testid={testId}>
      <Text className="staff-case__key">{k}</Text>
      <View className="staff-case__value">{children}</View>
    </View>
  );
}

/** 导航到现场: the WeChat map in the weapp; in H5 (no map API) the coordinates to copy. */
function Navigate({ item }: { item: CaseDto & { location: { lat: number; lng: number } } }) {
  const [open, setOpen] = useState(false);
  const weapp = process.env.TARO_ENV === 'weapp';
  const coords = `${item.location.lat.toFixed(6)}, ${item.location.lng.toFixed(6)}`;
  const navigate = () => {
    if (weapp) {
      const p = wgs84ToGcj02(item.location.lat, item.location.lng);
      void Taro.openLocation({
        latitude: p.lat,
        longitude: p.lng,
        name: item.categoryName ?? '问题位置',
        address: caseAddress(item),
        scale: 17,
      })?.catch?.(() => toast('无法打开地图，请检查定位权限'));
    } else {
      setOpen((o) => !o);
    }
  };
  return (
    <View className="navigate">
      <View className="navigate__btn" onClick={navigate} data-testid="navigate">
        <Text>导航到现场</Text>
      </View>
      {open ? (
        <View className="navigate__panel" data-testid="navigate-panel">
          <Text className="navigate__text">网页版无法直接调起地图导航。请在手机地图应用中搜索地址，或复制坐标（WGS84）：</Text>
          <Text className="navigate__coords" userSelect selectable>
            {coords}
          </Text>
          <Text
            className="navigate__copy"
            onClick={() =>
              void Taro.setClipboardData({ data: `${caseAddress(item)} ${coords}` })
                ?.then?.(() => toast('已复制地址和坐标'))
                ?.catch?.(() => toast('复制失败，请长按坐标手动复制'))
            }
          >
            复制地址和坐标
          </Text>
        </View>
      ) : null}
    </View>
  );
}

/** The operator's side-by-side: this report next to open reports of the same category nearby. */
function Duplicates({ item, onMark }: { item: CaseDto; onMark: (dup: CaseSummaryDto) => void }) {
  const at = item.location;
  // By category when known, else by theme (a report filed with only a theme).
  const state = useLoad<CaseSummaryDto[]>([item.id, item.categoryCode, item.theme, at?.lat, at?.lng].join('|'), async () => {
    if (!at) return [];
    const list = await duplicatesNear({ categoryCode: item.categoryCode, theme: item.theme }, at.lat, at.lng);
    return (list ?? []).filter((c) => c.id !== item.id);
  });

  if (state.status === 'loading') {
    return (
      <View className="staff-case__card">
        <Skeleton rows={2} animated />
      </View>
    );
  }
  if (!state.data) return null; // a courtesy view: never block the page on it (failed)
  const list = state.data;
  const mine = item.media[0];
  return (
    <View className="staff-case__card" data-testid="duplicates">
      <Text className="staff-case__card-title">附近相同问题{list.length ? `（${list.length}）` : ''}</Text>
      {list.length === 0 ? (
        <Text className="staff-case__muted">
          {item.categoryCode ? '附近没有同类未办结的问题。' : `附近没有「${item.theme ?? '同主题'}」未办结的问题。`}
        </Text>
      ) : (
        list.slice(0, 5).map((c) => (
          <View key={c.id} className="compare" data-testid="duplicate" data-case-id={c.id}>
            <View className="compare__pair">
              <View className="compare__side">
                <View className="compare__photo">
                  {mine ? (
                    <Image className="compare__img" src={mediaUrl(mine.thumbUrl)} mode="aspectFill" />
                  ) : (
                    <Text className="compare__noimg">无照片</Text>
                  )}
                </View>
                <Text className="compare__label">本次上报</Text>
                <Text className="compare__meta">{formatShort(item.reportedAt)}</Text>
              </View>
              <View className="compare__side">
                <View className="compare__photo">
                  {c.media[0] ? (
                    <Image className="compare__img" src={mediaUrl(c.media[0].thumbUrl)} mode="aspectFill" />
                  ) : (
                    <Text className="compare__noimg">无照片</Text>
                  )}
                </View>
                <Text className="compare__label">{c.caseNo}</Text>
                <Text className="compare__meta">
                  {formatShort(c.reportedAt)}
                  {c.distanceM !== undefined ? ` · 相距 ${formatDistance(c.distanceM)}` : ''}
                </Text>
              </View>
            </View>
            <View className="compare__foot">
              <StatusTag status={c.status} overdue={c.overdue} />
              <Text className="compare__desc">{c.description}</Text>
            </View>
            {item.nextActions.includes('refuse') ? (
              <View className="compare__mark" onClick={() => onMark(c)}>
                <Text>与此重复，不予立案</Text>
              </View>
            ) : null}
          </View>
        ))
      )}
    </View>
  );
}

/** 处置前后: the first before and the latest after photo side by side, for 核查 and 结案. */
function BeforeAfter({ item, onPreview }: { item: CaseDto; onPreview: (urls: string[], current: string) => void }) {
  const before = item.media[0];
  const after = item.afterMedia[0];
  const urls = [...item.media, ...item.afterMedia].map((m) => mediaUrl(m.url));
  return (
    <View className="staff-case__card" data-testid="before-after">
      <Text className="staff-case__card-title">处置前后对比</Text>
      <View className="compare__pair">
        {[
          { m: before, label: `处置前（${item.media.length} 张）` },
          { m: after, label: `处置后（${item.afterMedia.length} 张）` },
        ].map(({ m, label }) => (
          <View key={label} className="compare__side" onClick={() => onPreview(urls, mediaUrl(m.url))}>
            <View className="compare__photo">
              <Image className="compare__img" src={mediaUrl(m.thumbUrl)} mode="aspectFill" />
            </View>
            <Text className="compare__label">{label}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}

function CaseView({
  item,
  roles,
  banner,
  onAction,
  now,
}: {
  item: CaseDto;
  roles: Role[];
  banner: Banner;
  now?: Date;
  onAction: (a: CaseAction, preset?: { reason?: RefuseReason; duplicateOf?: string }) => void;
}) {
  const preview = (urls: string[], current: string) => {
    void Taro.previewImage({ urls, current })?.catch?.(() => undefined);
  };
  const open = !['closed', 'refused', 'voided'].includes(item.status);
  // One rule for the deadline, as on the to-do card: running, paused (挂账), or met/missed once done.
  const clock = deadlineState(item, now);
  const task = open ? taskLine(item, roles) : '已办结';
  const grid = gridLabel(item.grid, item.street?.name);
  const actions = orderedActions(item.nextActions ?? []);
  const requested = item.openRequest ? [...item.history].reverse().find((h) => h.action === `request-${item.openRequest}`) : null;
  // A report with only an address has no point to compare with until 核实 locates it.
  const showDuplicates = item.status === 'reported' && roles.includes('operator') && item.location !== null;

  return (
    <View className={`staff-case${actions.length ? ' staff-case--with-bar' : ''}`}>
      {banner ? (
        <View className={`banner banner--${banner.kind}`} role="alert" data-testid="banner">
          <Text>{banner.text}</Text>
        </View>
      ) : null}
      <CaseGallery item={item} onPreview={preview} />

      <View className="staff-case__card">
        <View className="staff-case__head">
          {task ? (
            <Text className="staff-case__task" data-testid="task">
              {task}
            </Text>
          ) : null}
          <StatusTag status={item.status} overdue={item.overdue} />
        </View>
        <Text className="staff-case__title">{item.categoryName ?? (item.theme ? `${item.theme}（未确定类别）` : '未分类问题')}</Text>
        <Text className="staff-case__no" data-testid="case-no">
          案件编号 {item.caseNo}
        </Text>
        <CaseSteps status={item.status} history={item.history} />
        {item.openRequest && requested ? (
          <View className="request-box" data-testid="open-request">
            <Text className="request-box__title">
              {item.openRequest === 'extension' ? '处置单位申请延期' : '处置单位申请回退'}
              {requested.actor.unit ? `（${requested.actor.unit}）` : ''}
            </Text>
            {item.openRequest === 'extension' ? <Text className="request-box__text">原期限 {formatDateTime(item.deadline)}</Text> : null}
            {item.openRequest === 'extension' && item.requestedDeadline ? (
              <Text className="request-box__text request-box__text--strong" data-testid="requested-deadline">
                申请延期至 {formatDateTime(item.requestedDeadline)}
              </Text>
            ) : null}
            {requested.note ? <Text className="request-box__text">说明：{requested.note}</Text> : null}
          </View>
        ) : null}
      </View>

      <View className="staff-case__card">
        <Row k="问题位置">
          <Text className="staff-case__text">{caseAddress(item)}</Text>
          {grid ? <Text className="staff-case__sub">所属网格：{grid}</Text> : null}
          {item.location ? (
            <Navigate item={{ ...item, location: item.location }} />
          ) : (
            <Text className="staff-case__sub" data-testid="unlocated">
              仅有地址，尚未定位：派发核实后由网格员到现场定位
            </Text>
          )}
        </Row>
        <Row k="上报" testId="source">
          <Text className="staff-case__text">
            {formatDateTime(item.reportedAt)} · {CHANNEL_LABELS[item.channel]}
          </Text>
          {item.open311?.integrator ? <Text className="staff-case__sub">经 Open311 接入：{item.open311.integrator.name}</Text> : null}
          {item.reporter?.name ? <ReporterContact caseId={item.id} reporter={item.reporter} /> : null}
          {item.open311?.contact ? (
            <Text className="staff-case__sub" userSelect selectable>
              联系人 {[item.open311.contact.name, item.open311.contact.phone, item.open311.contact.email].filter(Boolean).join(' · ')}
            </Text>
          ) : null}
          {item.open311?.mediaLink ? (
            <Text className="staff-case__sub" userSelect selectable>
              照片链接（{item.open311.mediaLink.status === 'failed' ? '未能获取' : '未自动获取'}）{item.open311.mediaLink.url}
            </Text>
          ) : null}
        </Row>
        {item.open311?.attributes.map((a) => (
          <Row key={a.code} k={a.label} testId="attribute">
            <Text className="staff-case__text">{a.value}</Text>
          </Row>
        ))}
        {item.inspector ? (
          <Row k={inspectorLabel(item)} testId="inspector">
            <Text className="staff-case__text">{item.inspector.name}</Text>
          </Row>
        ) : null}
        {item.unit ? (
          <Row k="处置单位">
            <Text className="staff-case__text">{item.unit.name}</Text>
          </Row>
        ) : null}
        {clock && item.deadline ? (
          <Row k="处理期限" testId="deadline">
            <Text className="staff-case__text">{formatDateTime(item.deadline)}</Text>
            <Text className={`staff-case__clock deadline-state deadline-state--${clock.kind}`} data-testid="deadline-state">
              {clock.text}
            </Text>
          </Row>
        ) : null}
        <View className="staff-case__desc">
          <Text className="staff-case__key">问题描述</Text>
          <Text className="staff-case__desc-text">{item.description}</Text>
        </View>
      </View>

      {item.afterMedia?.length && item.media.length ? <BeforeAfter item={item} onPreview={preview} /> : null}

      {showDuplicates ? (
        <Duplicates item={item} onMark={(dup) => onAction('refuse', { reason: 'duplicate', duplicateOf: dup.id })} />
      ) : null}

      <View className="staff-case__card">
        <Text className="staff-case__card-title">处理记录</Text>
        {item.history?.length ? (
          <CaseTimeline history={item.history} onPreview={preview} showNames />
        ) : (
          <Text className="staff-case__muted">暂无处理记录</Text>
        )}
      </View>
      <PhotoPrivacy key={item.version} item={item} roles={roles} />

      {actions.length ? (
        <View className="action-bar" data-testid="action-bar">
          <View className={`action-bar__grid action-bar__grid--${Math.min(actions.length, 4)}`}>
            {actions.map((a, i) => (
              <Button
                key={a}
                className="action-bar__btn"
                type={DANGER.includes(a) ? 'danger' : 'primary'}
                fill={i === 0 && !DANGER.includes(a) ? 'solid' : 'outline'}
                size="large"
                data-action={a}
                onClick={() => onAction(a)}
              >
                {CASE_ACTION_LABELS[a]}
              </Button>
            ))}
          </View>
        </View>
      ) : (
        <View className="staff-case__none">
          <Text className="staff-case__muted">{open ? '当前没有需要你处理的操作' : '该问题已办结'}</Text>
          <Text className="form-link" onClick={() => go(ROUTES.workbench)}>
            返回工作台
          </Text>
        </View>
      )}
    </View>
  );
}

export default function StaffCasePage() {
  const session = useSession();
  const [{ id }] = useState(pageParams);
  const state = useLoad<CaseDto>(id ?? null, () => staffCase(id as string), { onRefreshError: (e) => toast(`刷新失败：${e.message}`) });
  const [banner, setBanner] = useState<Banner>(null);
  const [sheet, setSheet] = useState<{ action: CaseAction; preset?: { reason?: RefuseReason; duplicateOf?: string } } | null>(null);
  const [sending, setSending] = useState(false);
  const [formError, setFormError] = useState<FormError | null>(null);

  if (!session) {
    return (
      <View className="staff-case">
        <StateView
          kind="empty"
          title="请先登录"
          description="登录工作人员账号后处理问题。"
          actionText="去登录"
          onAction={() => go(ROUTES.login)}
        />
      </View>
    );
  }

  if (state.status === 'loading') {
    return (
      <View className="staff-case" aria-busy="true" data-testid="case-skeleton">
        <View className="gallery gallery--skeleton" />
        <View className="staff-case__card">
          <Skeleton rows={3} animated />
        </View>
        <View className="staff-case__card">
          <Skeleton rows={4} animated />
        </View>
      </View>
    );
  }
  if (!state.data) {
    return (
      <View className="staff-case">
        {!id || state.error?.code === 'NOT_FOUND' ? (
          <StateView
            kind="empty"
            title="问题不存在"
            description="该问题可能已被作废，或编号有误。"
            actionText="返回工作台"
            onAction={() => go(ROUTES.workbench)}
          />
        ) : (
          <LoadFailed load={state} />
        )}
      </View>
    );
  }

  const item = state.data;
  const submit = async (body: FormBody) => {
    if (!sheet || sending) return;
    const action = sheet.action;
    setSending(true);
    setFormError(null);
    try {
      const updated = await act(item.id, { ...body, action, version: item.version });
      setSheet(null);
      state.mutate(() => updated);
      const text = doneText(action, updated);
      setBanner({ kind: 'done', text });
      void Taro.pageScrollTo({ scrollTop: 0, duration: 200 })?.catch?.(() => undefined);
    } catch (err) {
      const e = toApiErrorBody(err);
      if (e.code === 'VERSION_CONFLICT' || e.code === 'TRANSITION_NOT_ALLOWED') {
        // Someone acted first: what was typed no longer applies; show the case as it is now.
        setSheet(null);
        const text = e.code === 'VERSION_CONFLICT' ? CONFLICT_MESSAGE : `${e.message}，已为你刷新`;
        setBanner({ kind: 'conflict', text });
        toast(text);
        await state.reload();
        void Taro.pageScrollTo({ scrollTop: 0, duration: 200 })?.catch?.(() => undefined);
      } else if (e.code === 'VALIDATION_FAILED') {
        const fields = (e.details as { fields?: Record<string, string> } | undefined)?.fields;
        setFormError({ message: fields ? `请修改：${Object.values(fields).join('；')}` : e.message, fields });
      } else if (e.code === 'FORBIDDEN') {
        setSheet(null);
        setBanner({ kind: 'conflict', text: `${e.message}，已为你刷新` });
        await state.reload();
      } else {
        // Network and server failures: the form stays open with everything typed.
        setFormError({ message: `未提交：${e.message}` });
      }
    } finally {
      setSending(false);
    }
  };

  return (
    <View>
      <CaseView
        item={item}
        roles={session.user.roles}
        banner={banner}
        onAction={(action, preset) => {
          setFormError(null);
          setSheet({ action, preset });
        }}
      />
      {sheet ? (
        <ActionForm
          key={`${sheet.action}-${item.version}`}
          item={item}
          action={sheet.action}
          preset={sheet.preset}
          sending={sending}
          error={formError}
          onSubmit={(body) => void submit(body)}
          onCancel={() => {
            if (!sending) setSheet(null);
          }}
        />
      ) : null}
    </View>
  );
}
