import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { CASE_ACTION_LABELS, type CaseAction, type EvaluationGroupDto } from '@xc/shared';
import StaffCasePage, { CONFLICT_MESSAGE, orderedActions } from './index';
import * as staffApi from '../../api';
import * as api from '../../../../services/api';
import { ApiError } from '../../../../services/request';
import { clearSession, resetSessionCache, setSession } from '../../../../store/session';
import {
  buildCase,
  buildCaseSummary,
  buildCategories,
  buildHistory,
  buildMedia,
  buildTokens,
  buildUser,
} from '../../../../../test/builders';

jest.mock('../../api');
jest.mock('../../../../services/api');
const mockedStaff = jest.mocked(staffApi);
const mockedApi = jest.mocked(api);

const GROUPS: EvaluationGroupDto[] = [
  { code: 'county', name: '两市两县组', order: 1, units: [{ id: 'county-411025', name: '襄城县' }] },
  {
    code: 'central',
    name: '中心城区组',
    order: 2,
    units: [
      { id: 'central-411003', name: '建安区' },
      { id: 'central-411002', name: '魏都区' },
    ],
  },
  {
    code: 'street',
    name: '乡（镇、街道）组',
    order: 4,
    units: [
      { id: 'street-411002001', name: '魏都区西大街道办事处' },
      { id: 'street-411002004', name: '魏都区南关街道办事处' },
    ],
  },
];

function loginAs(roles: ('operator' | 'dispatcher' | 'handler' | 'inspector')[], unit: { id: string; name: string } | null = null) {
  setSession(buildTokens(buildUser({ id: 'u-staff', username: 'demo-staff', name: '工作人员', roles, unit })));
}

function actionBar(): HTMLElement {
  return screen.getByTestId('action-bar');
}

function shownActions(): string[] {
  return [...actionBar().querySelectorAll('[data-action]')].map((b) => b.getAttribute('data-action') ?? '');
}

function press(action: CaseAction) {
  const btn = actionBar().querySelector(`[data-action="${action}"]`);
  if (!btn) throw new Error(`no button ${action}`);
  fireEvent.click(btn);
}

function confirm(sheet: HTMLElement, text: string) {
  fireEvent.click(within(sheet).getByText(text));
}

beforeEach(() => {
  jest.resetAllMocks();
  window.localStorage.clear();
  resetSessionCache();
  jest.spyOn(Taro, 'getCurrentInstance').mockReturnValue({ router: { params: { id: 'c-1' } } } as never);
  jest.spyOn(Taro, 'showToast').mockResolvedValue({ errMsg: 'showToast:ok' });
  jest.spyOn(Taro, 'pageScrollTo').mockResolvedValue({ errMsg: 'pageScrollTo:ok' });
  jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
  mockedStaff.duplicatesNear.mockResolvedValue([]);
  mockedStaff.evaluationGroups.mockResolvedValue(GROUPS);
  mockedStaff.categoryTree.mockResolvedValue(buildCategories());
  mockedStaff.inspectorsFor.mockResolvedValue([
    { id: 'u-insp', name: '演示网格员', ofGrid: true, patrolRole: 'supervisor_l3' },
    { id: 'u-other', name: '其他网格员', ofGrid: false, patrolRole: 'grid_manager' },
  ]);
  mockedStaff.defaultInspector.mockResolvedValue({ inspector: { id: 'u-street', name: '街道网格员', scope: 'street' }, message: null });
  mockedStaff.openCasesNear.mockResolvedValue([]);
});

afterEach(() => {
  act(() => clearSession());
});

describe('staff case page: the buttons', () => {
  it.each<[string, CaseAction[]]>([
    ['operator on a new report', ['request-verify', 'register', 'refuse', 'void']],
    ['handler on a dispatched case', ['finish', 'request-extension', 'request-return']],
    ['dispatcher on an extension request', ['approve-extension', 'reject-extension']],
    ['dispatcher on a pending case', ['resume']],
    ['inspector on a check', ['check']],
  ])('renders exactly the nextActions (%s), the move forward first', async (_label, nextActions) => {
    loginAs(['operator']);
    mockedStaff.staffCase.mockResolvedValue(buildCase({ nextActions }));
    render(<StaffCasePage />);
    await screen.findByTestId('action-bar');
    expect(shownActions()).toEqual(orderedActions(nextActions));
    expect([...shownActions()].sort()).toEqual([...nextActions].sort());
    for (const a of nextActions) expect(within(actionBar()).getByText(CASE_ACTION_LABELS[a])).toBeInTheDocument();
  });

  it('shows no action bar when nextActions is empty, and says there is nothing to do', async () => {
    loginAs(['operator']);
    mockedStaff.staffCase.mockResolvedValue(buildCase({ status: 'dispatched', nextActions: [] }));
    render(<StaffCasePage />);
    expect(await screen.findByText('当前没有需要你处理的操作')).toBeInTheDocument();
    expect(screen.queryByTestId('action-bar')).not.toBeInTheDocument();
  });

  it('shows the loading skeleton, then an error with 重试 that loads again', async () => {
    loginAs(['operator']);
    mockedStaff.staffCase.mockRejectedValueOnce(new ApiError({ code: 'NETWORK_ERROR', message: '网络连接失败，请检查网络后重试' }));
    render(<StaffCasePage />);
    expect(screen.getByTestId('case-skeleton')).toBeInTheDocument();
    expect(await screen.findByText('网络连接失败，请检查网络后重试')).toBeInTheDocument();
    mockedStaff.staffCase.mockResolvedValue(buildCase({ nextActions: ['register'] }));
    fireEvent.click(screen.getByText('重试'));
    expect(await screen.findByTestId('action-bar')).toBeInTheDocument();
  });

  it('puts the operator’s report beside open duplicates nearby, and 与此重复 preselects 重复上报', async () => {
    loginAs(['operator']);
    mockedStaff.staffCase.mockResolvedValue(buildCase({ nextActions: ['register', 'refuse', 'void'] }));
    const dup = buildCase({ id: 'c-old', caseNo: 'XC202611260001', status: 'dispatched', distanceM: 12 });
    mockedStaff.duplicatesNear.mockResolvedValue([dup]);
    mockedStaff.act.mockResolvedValue(buildCase({ status: 'refused', version: 2, nextActions: [] }));
    render(<StaffCasePage />);
    const dups = await screen.findByTestId('duplicates');
    expect(mockedStaff.duplicatesNear).toHaveBeenCalledWith({ categoryCode: '200102', theme: '环境卫生' }, 34.0235, 113.823);
    expect(within(dups).getByText('本次上报')).toBeInTheDocument();
    expect(within(dups).getByText('XC202611260001')).toBeInTheDocument();
    fireEvent.click(within(dups).getByText('与此重复，不予立案'));
    const sheet = await screen.findByRole('dialog', { name: '不予立案' });
    expect(within(sheet).getByRole('radio', { name: '重复上报' })).toHaveAttribute('aria-checked', 'true');
    await waitFor(() => expect(within(sheet).getByRole('radio', { name: /XC202611260001/ })).toHaveAttribute('aria-checked', 'true'));
    confirm(sheet, '确认不予立案');
    await waitFor(() =>
      expect(mockedStaff.act).toHaveBeenCalledWith('c-1', { action: 'refuse', version: 1, reason: 'duplicate', duplicateOf: 'c-old' }),
    );
    expect(await screen.findByText('已不予立案')).toBeInTheDocument();
  });
});

describe('staff case page: the dispatch form', () => {
  it('suggests the street and district units first, shows the computed deadline, and sends unitId with the version', async () => {
    loginAs(['dispatcher']);
    const registered = buildCase({ status: 'registered', version: 3, nextActions: ['dispatch'] });
    mockedStaff.staffCase.mockResolvedValue(registered);
    mockedStaff.deadlinePreview.mockResolvedValue({ deadline: '2026-11-27T07:05:00.000Z' });
    mockedStaff.act.mockResolvedValue({
      ...registered,
      status: 'dispatched',
      version: 4,
      unit: { id: 'central-411002', name: '魏都区' },
      deadline: '2026-11-27T07:05:00.000Z',
      nextActions: [],
    });
    render(<StaffCasePage />);
    await screen.findByTestId('action-bar');
    press('dispatch');
    const form = await screen.findByTestId('dispatch-form');

    // The deadline, before anything is confirmed: 暴露垃圾 has 2 working hours.
    expect(await within(form).findByText('处置截止 2026-11-27 15:05')).toBeInTheDocument();
    expect(within(form).getByText('暴露垃圾 · 时限 2 工作小时')).toBeInTheDocument();
    expect(mockedStaff.deadlinePreview).toHaveBeenCalledWith(expect.any(Date), 2, 'workhour');

    const suggested = within(form).getByText('建议单位（按问题所在地）').parentElement!;
    expect([...suggested.querySelectorAll('.unit-row__name')].map((n) => n.textContent)).toEqual(['魏都区南关街道办事处', '魏都区']);

    // No unit yet: not sent.
    confirm(form, '确认派遣');
    expect(await within(form).findByText('请选择处置单位')).toBeInTheDocument();
    expect(mockedStaff.act).not.toHaveBeenCalled();

    fireEvent.click(form.querySelector('[data-unit-id="central-411002"]')!);
    confirm(form, '派遣至 魏都区');
    await waitFor(() => expect(mockedStaff.act).toHaveBeenCalledWith('c-1', { action: 'dispatch', version: 3, unitId: 'central-411002' }));
    expect(await screen.findByText('已派遣至 魏都区')).toBeInTheDocument();
    expect(screen.queryByTestId('dispatch-form')).not.toBeInTheDocument();
  });
});

describe('staff case page: finish', () => {
  it('refuses to finish without an after-photo, then sends the uploaded photo', async () => {
    loginAs(['handler'], { id: 'central-411002', name: '魏都区' });
    const dispatched = buildCase({
      status: 'dispatched',
      version: 5,
      deadline: '2099-01-01T00:00:00.000Z',
      nextActions: ['finish', 'request-extension', 'request-return'],
    });
    mockedStaff.staffCase.mockResolvedValue(dispatched);
    mockedApi.uploadMedia.mockResolvedValue(buildMedia(9));
    mockedStaff.act.mockResolvedValue({ ...dispatched, status: 'handled', version: 6, afterMedia: [buildMedia(9)], nextActions: [] });
    render(<StaffCasePage />);
    await screen.findByTestId('action-bar');
    press('finish');
    const form = await screen.findByTestId('finish-form');

    confirm(form, '提交处置结果');
    expect(await within(form).findByText(/请上传处置后照片/)).toBeInTheDocument();
    expect(mockedStaff.act).not.toHaveBeenCalled();

    const input = within(form).getByTestId('photo-input') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File([new Uint8Array([0xff, 0xd8])], 'after.jpg', { type: 'image/jpeg' })] } });
    await within(form).findByTestId('photo-uploaded');
    expect(within(form).queryByText(/请上传处置后照片/)).not.toBeInTheDocument();
    confirm(form, '提交处置结果');
    await waitFor(() => expect(mockedStaff.act).toHaveBeenCalledWith('c-1', { action: 'finish', version: 5, mediaIds: ['m-9'] }));
    expect(await screen.findByText('已提交处置结果，等待核查')).toBeInTheDocument();
  });

  it('keeps what was typed when the submit fails on the network', async () => {
    loginAs(['handler'], { id: 'central-411002', name: '魏都区' });
    mockedStaff.staffCase.mockResolvedValue(buildCase({ status: 'dispatched', nextActions: ['request-return'] }));
    mockedStaff.act.mockRejectedValue(new ApiError({ code: 'NETWORK_ERROR', message: '网络连接失败，请检查网络后重试' }));
    render(<StaffCasePage />);
    await screen.findByTestId('action-bar');
    press('request-return');
    const sheet = await screen.findByTestId('confirm-request-return');
    confirm(sheet, '提交回退申请');
    expect(await within(sheet).findByText('请填写说明')).toBeInTheDocument();
    const area = await waitFor(() => {
      const el = sheet.querySelector('textarea');
      if (!el) throw new Error('no textarea yet');
      return el;
    });
    fireEvent.input(area, { target: { value: '该路段归建安区管理' } });
    confirm(sheet, '提交回退申请');
    expect(await within(sheet).findByTestId('form-error')).toHaveTextContent('未提交：网络连接失败');
    expect(mockedStaff.act).toHaveBeenCalledWith('c-1', { action: 'request-return', version: 1, note: '该路段归建安区管理' });
    expect(screen.getByTestId('confirm-request-return')).toBeInTheDocument();
    expect((sheet.querySelector('textarea') as HTMLTextAreaElement).value).toBe('该路段归建安区管理');
  });
});

describe('staff case page: 照片公开', () => {
  it('lets an operator hide a photo from the public and show it again', async () => {
    loginAs(['operator']);
    mockedStaff.staffCase.mockResolvedValue(buildCase({ media: [buildMedia(1)], nextActions: [] }));
    mockedStaff.setPhotoPublicHidden.mockImplementation(async (id, hidden) => ({ ...buildMedia(1), id, publicHidden: hidden }));
    render(<StaffCasePage />);
    const card = await screen.findByTestId('photo-privacy');
    expect(within(card).getByText('公众可见')).toBeInTheDocument();
    fireEvent.click(within(card).getByText('对公众隐藏'));
    expect(await within(card).findByText('已对公众隐藏')).toBeInTheDocument();
    expect(mockedStaff.setPhotoPublicHidden).toHaveBeenCalledWith('m-1', true);
    fireEvent.click(within(card).getByText('恢复公开'));
    expect(await within(card).findByText('公众可见')).toBeInTheDocument();
    expect(mockedStaff.setPhotoPublicHidden).toHaveBeenLastCalledWith('m-1', false);
  });

  it('shows a refusal (here a rate limit) under the photos, where the button was pressed', async () => {
    loginAs(['dispatcher']);
    mockedStaff.staffCase.mockResolvedValue(buildCase({ media: [buildMedia(1)], nextActions: [] }));
    mockedStaff.setPhotoPublicHidden.mockRejectedValue(
      new ApiError({ code: 'RATE_LIMITED', message: '操作过于频繁，请 2 分钟后再试', details: { retryAfterSeconds: 100 } }, 429),
    );
    render(<StaffCasePage />);
    const card = await screen.findByTestId('photo-privacy');
    fireEvent.click(within(card).getByText('对公众隐藏'));
    expect(await within(card).findByRole('alert')).toHaveTextContent('未能更改：操作过于频繁，请 2 分钟后再试');
    expect(within(card).getByText('公众可见')).toBeInTheDocument();
  });

  it('is not offered to roles that cannot hide photos', async () => {
    loginAs(['handler'], { id: 'central-411002', name: '魏都区' });
    mockedStaff.staffCase.mockResolvedValue(buildCase({ media: [buildMedia(1)], nextActions: [] }));
    render(<StaffCasePage />);
    await screen.findByText('当前没有需要你处理的操作');
    expect(screen.queryByTestId('photo-privacy')).not.toBeInTheDocument();
  });
});

describe('staff case page: 申请延期', () => {
  it('needs a new deadline and a reason, and sends the requested deadline as such', async () => {
    loginAs(['handler'], { id: 'central-411002', name: '魏都区' });
    const dispatched = buildCase({
      status: 'dispatched',
      version: 2,
      deadline: '2099-01-01T07:00:00.000Z',
      nextActions: ['request-extension'],
    });
    mockedStaff.staffCase.mockResolvedValue(dispatched);
    mockedStaff.act.mockResolvedValue({ ...dispatched, version: 3, openRequest: 'extension', nextActions: [] });
    render(<StaffCasePage />);
    await screen.findByTestId('action-bar');
    press('request-extension');
    const sheet = await screen.findByRole('dialog', { name: '申请延期' });
    confirm(sheet, '提交延期申请');
    expect(await within(sheet).findByText('请选择新的期限')).toBeInTheDocument();
    expect(within(sheet).getByText('请填写申请延期的原因')).toBeInTheDocument();
    fireEvent.click(within(sheet).getByText('延 2 天（01-03）'));
    const area = await waitFor(() => {
      const el = sheet.querySelector('textarea');
      if (!el) throw new Error('no textarea yet');
      return el;
    });
    fireEvent.input(area, { target: { value: '需协调产权单位' } });
    confirm(sheet, '提交延期申请');
    await waitFor(() =>
      expect(mockedStaff.act).toHaveBeenCalledWith('c-1', {
        action: 'request-extension',
        version: 2,
        deadline: '2099-01-03T10:00:00.000Z',
        note: '需协调产权单位',
      }),
    );
    expect(await screen.findByText('延期申请已提交，等待派遣员审批')).toBeInTheDocument();
  });

  it('shows the dispatcher the requested deadline on the case and in the approve and reject forms', async () => {
    loginAs(['dispatcher']);
    const asked = buildCase({
      status: 'dispatched',
      version: 4,
      deadline: '2099-01-01T07:00:00.000Z',
      openRequest: 'extension',
      requestedDeadline: '2099-01-03T10:00:00.000Z',
      unit: { id: 'central-411002', name: '魏都区' },
      history: [
        buildHistory(),
        buildHistory({
          action: 'request-extension',
          from: 'dispatched',
          to: 'dispatched',
          actor: { role: 'handler', name: '演示处置员', unit: '魏都区' },
          note: '需协调产权单位',
        }),
      ],
      nextActions: ['approve-extension', 'reject-extension'],
    });
    mockedStaff.staffCase.mockResolvedValue(asked);
    mockedStaff.act.mockResolvedValue({
      ...asked,
      version: 5,
      openRequest: null,
      requestedDeadline: null,
      deadline: '2099-01-03T10:00:00.000Z',
      nextActions: [],
    });
    render(<StaffCasePage />);
    await screen.findByTestId('action-bar');
    expect(screen.getByTestId('open-request')).toHaveTextContent('申请延期至 2099-01-03 18:00');
    // The reason only, no deadline written into it any more.
    expect(screen.getByTestId('open-request')).toHaveTextContent('说明：需协调产权单位');
    press('reject-extension');
    const reject = await screen.findByTestId('confirm-reject-extension');
    expect(within(reject).getByTestId('requested-deadline')).toHaveTextContent('申请延期至 2099-01-03 18:00');
    fireEvent.click(within(reject).getByText('取消'));
    press('approve-extension');
    const sheet = await screen.findByTestId('confirm-approve-extension');
    const box = within(sheet).getByTestId('requested-deadline');
    expect(box).toHaveTextContent('原期限 2099-01-01 15:00');
    expect(box).toHaveTextContent('申请延期至 2099-01-03 18:00');
    expect(box).toHaveTextContent('申请理由：需协调产权单位');
    fireEvent.click(within(sheet).getAllByText('同意延期').at(-1)!);
    await waitFor(() => expect(mockedStaff.act).toHaveBeenCalledWith('c-1', { action: 'approve-extension', version: 4 }));
  });
});

describe('staff case page: someone acted first', () => {
  it('explains a VERSION_CONFLICT in Chinese and reloads the case', async () => {
    loginAs(['operator']);
    mockedStaff.staffCase
      .mockResolvedValueOnce(buildCase({ status: 'reported', version: 1, nextActions: ['register', 'refuse', 'void'] }))
      .mockResolvedValueOnce(buildCase({ status: 'registered', version: 2, nextActions: ['void'] }));
    mockedStaff.act.mockRejectedValue(new ApiError({ code: 'VERSION_CONFLICT', message: '该问题已被他人处理，已为你刷新' }, 409));
    render(<StaffCasePage />);
    await screen.findByTestId('action-bar');
    press('register');
    const sheet = await screen.findByRole('dialog', { name: '立案' });
    confirm(sheet, '确认立案');

    expect(await screen.findByTestId('banner')).toHaveTextContent(CONFLICT_MESSAGE);
    await waitFor(() => expect(mockedStaff.staffCase).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(shownActions()).toEqual(['void']));
    expect(screen.queryByRole('dialog', { name: '立案' })).not.toBeInTheDocument();
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: CONFLICT_MESSAGE }));
  });
});

describe('staff case page: check and 派发核查', () => {
  it('asks for pass or fail, and a reason when failing', async () => {
    loginAs(['inspector']);
    mockedStaff.staffCase.mockResolvedValue(
      buildCase({ status: 'checking', version: 7, afterMedia: [buildMedia(2)], nextActions: ['check'] }),
    );
    mockedStaff.act.mockResolvedValue(buildCase({ status: 'dispatched', version: 8, nextActions: [] }));
    render(<StaffCasePage />);
    await screen.findByTestId('action-bar');
    expect(screen.getByTestId('before-after')).toBeInTheDocument();
    press('check');
    const form = await screen.findByTestId('check-form');
    confirm(form, '提交核查结果');
    expect(await within(form).findByText('请选择核查结果')).toBeInTheDocument();
    fireEvent.click(within(form).getByRole('radio', { name: '不通过（返工）' }));
    confirm(form, '提交核查结果');
    expect(await within(form).findByText('请说明未通过的原因，处置单位将据此返工')).toBeInTheDocument();
    expect(mockedStaff.act).not.toHaveBeenCalled();
    const area = await waitFor(() => {
      const el = form.querySelector('textarea');
      if (!el) throw new Error('no textarea yet');
      return el;
    });
    fireEvent.input(area, { target: { value: '垃圾仍有残留' } });
    confirm(form, '提交核查结果');
    await waitFor(() =>
      expect(mockedStaff.act).toHaveBeenCalledWith('c-1', { action: 'check', version: 7, passed: false, note: '垃圾仍有残留' }),
    );
    expect(await screen.findByText('核查未通过，已退回处置单位返工')).toBeInTheDocument();
  });

  it('lets the operator name the inspector for 核查 from the staff directory, the grid’s own first', async () => {
    loginAs(['operator']);
    mockedStaff.staffCase.mockResolvedValue(buildCase({ status: 'handled', version: 4, nextActions: ['request-check', 'void'] }));
    mockedStaff.act.mockResolvedValue(
      buildCase({
        status: 'checking',
        version: 5,
        inspector: { id: 'u-insp', name: '演示网格员' },
        history: [buildHistory(), buildHistory({ action: 'request-check', from: 'handled', to: 'checking' })],
        nextActions: [],
      }),
    );
    render(<StaffCasePage />);
    await screen.findByTestId('action-bar');
    expect(screen.queryByTestId('inspector')).not.toBeInTheDocument();
    press('request-check');
    const form = await screen.findByTestId('inspector-form');
    await within(form).findByText('演示网格员');
    expect(mockedStaff.inspectorsFor).toHaveBeenCalledWith('411002004001001');
    const names = [...form.querySelectorAll('.unit-row__name')].map((n) => n.textContent);
    expect(names).toEqual(['默认：街道网格员', '演示网格员', '其他网格员']);
    // Whom it goes to is shown before sending: by default the street's inspector (the grid has none).
    expect(within(form).getByTestId('inspector-goes-to')).toHaveTextContent('将派给街道网格员（所在街道的网格员）');
    expect(mockedStaff.defaultInspector).toHaveBeenCalledWith('c-1');
    expect(form.querySelector('[data-inspector-id="u-insp"]')).toHaveTextContent('本网格');
    expect(form.querySelector('[data-inspector-id="u-insp"]')).toHaveTextContent('三级网格巡查监督员');
    expect(form.querySelector('[data-inspector-id="u-other"]')).not.toHaveTextContent('本网格');
    fireEvent.click(within(form).getByText('演示网格员'));
    expect(within(form).getByTestId('inspector-goes-to')).toHaveTextContent('将派给演示网格员');
    confirm(form, '确认派发核查');
    await waitFor(() =>
      expect(mockedStaff.act).toHaveBeenCalledWith('c-1', { action: 'request-check', version: 4, inspectorId: 'u-insp' }),
    );
    // The case names the inspector now.
    expect(await screen.findByTestId('inspector')).toHaveTextContent('核查人演示网格员');
    expect(screen.getByTestId('banner')).toHaveTextContent('已派发核查给 演示网格员');
  });

  it('still sends 派发核实 by default when the staff list cannot load', async () => {
    loginAs(['operator']);
    mockedStaff.inspectorsFor.mockRejectedValue(new ApiError({ code: 'NETWORK_ERROR', message: '网络连接失败，请检查网络后重试' }));
    mockedStaff.staffCase.mockResolvedValue(buildCase({ status: 'reported', version: 1, nextActions: ['register', 'request-verify'] }));
    mockedStaff.act.mockResolvedValue(
      buildCase({ status: 'verifying', version: 2, inspector: { id: 'u-insp', name: '演示网格员' }, nextActions: [] }),
    );
    render(<StaffCasePage />);
    await screen.findByTestId('action-bar');
    press('request-verify');
    const form = await screen.findByTestId('inspector-form');
    expect(await within(form).findByText(/人员名单加载失败/)).toBeInTheDocument();
    confirm(form, '确认派发核实');
    await waitFor(() => expect(mockedStaff.act).toHaveBeenCalledWith('c-1', { action: 'request-verify', version: 1 }));
    expect(await screen.findByTestId('inspector')).toHaveTextContent('核实人演示网格员');
  });
});

describe('staff case page: a report from Open311 with only an address', () => {
  const fromOpen311 = (over: Partial<Parameters<typeof buildCase>[0]> = {}) =>
    buildCase({
      channel: 'open311',
      location: null,
      gridCode: null,
      street: null,
      district: null,
      address: '魏都区七一路 88 号门前',
      reporter: null,
      open311: {
        integrator: { id: 'k-1', name: 'FixMyStreet 许昌' },
        contact: { name: '王小明', email: 'wang@example.cn', phone: null },
        attributes: [
          { code: 'condition', label: '井盖的情况', value: '破损、断裂' },
          { code: 'cover_marking', label: '是哪个井盖', value: '污水 WS-0231' },
        ],
        mediaLink: { url: 'https://photos.example.org/p/1.jpg', status: 'not_allowed' },
      },
      ...over,
    });

  it('shows the integrator, the contact, the answers and the photo link, and that it waits to be located', async () => {
    loginAs(['operator']);
    mockedStaff.staffCase.mockResolvedValue(fromOpen311({ nextActions: ['request-verify', 'refuse', 'void'] }));
    render(<StaffCasePage />);
    await screen.findByTestId('action-bar');
    const source = screen.getByTestId('source');
    expect(source).toHaveTextContent('接入上报经 Open311 接入：FixMyStreet 许昌');
    expect(source).toHaveTextContent('联系人 王小明 · wang@example.cn');
    expect(source).toHaveTextContent('照片链接（未自动获取）https://photos.example.org/p/1.jpg');
    expect(screen.getAllByTestId('attribute').map((r) => r.textContent)).toEqual(['井盖的情况破损、断裂', '是哪个井盖污水 WS-0231']);
    expect(screen.getByTestId('unlocated')).toHaveTextContent('尚未定位');
    expect(screen.queryByTestId('navigate')).not.toBeInTheDocument();
    // Nothing to compare a point-less report with.
    expect(screen.queryByTestId('duplicates')).not.toBeInTheDocument();
    expect(mockedStaff.duplicatesNear).not.toHaveBeenCalled();
  });

  it('asks the operator to name the inspector, there being no grid to default to', async () => {
    loginAs(['operator']);
    mockedStaff.staffCase.mockResolvedValue(fromOpen311({ version: 1, nextActions: ['request-verify', 'refuse', 'void'] }));
    mockedStaff.act.mockResolvedValue(fromOpen311({ status: 'verifying', version: 2, nextActions: [] }));
    mockedStaff.defaultInspector.mockResolvedValue({ inspector: null, message: '该问题只有地址、尚未定位，请选择到现场核实的网格员' });
    render(<StaffCasePage />);
    await screen.findByTestId('action-bar');
    press('request-verify');
    const form = await screen.findByTestId('inspector-form');
    await within(form).findByText('演示网格员');
    expect([...form.querySelectorAll('.unit-row__name')].map((n) => n.textContent)).toEqual(['演示网格员', '其他网格员']);
    expect(within(form).getByTestId('inspector-goes-to')).toHaveTextContent('该问题只有地址、尚未定位，请选择到现场核实的网格员');
    confirm(form, '确认派发核实');
    expect(await within(form).findByText('请选择核实人员')).toBeInTheDocument();
    expect(mockedStaff.act).not.toHaveBeenCalled();
    fireEvent.click(within(form).getByText('其他网格员'));
    confirm(form, '确认派发核实');
    await waitFor(() =>
      expect(mockedStaff.act).toHaveBeenCalledWith('c-1', { action: 'request-verify', version: 1, inspectorId: 'u-other' }),
    );
  });

  it('has the inspector locate the report on site before confirming it', async () => {
    loginAs(['inspector']);
    mockedStaff.staffCase.mockResolvedValue(fromOpen311({ status: 'verifying', version: 2, nextActions: ['verify'] }));
    mockedStaff.act.mockResolvedValue(buildCase({ status: 'reported', version: 3, nextActions: [] }));
    mockedStaff.locateGrid.mockResolvedValue({
      grid: { code: '411002004001001', name: '南关街道第一网格' },
      street: { id: 's-nanguan', name: '南关街道' },
      district: { id: 'd-weidu', name: '魏都区' },
    });
    const getCurrentPosition = jest.fn((ok: PositionCallback) =>
      ok({ coords: { latitude: 34.0235, longitude: 113.823, accuracy: 8 } } as GeolocationPosition),
    );
    Object.defineProperty(window.navigator, 'geolocation', { value: { getCurrentPosition }, configurable: true });
    render(<StaffCasePage />);
    await screen.findByTestId('action-bar');
    press('verify');
    const form = await screen.findByTestId('check-form');
    fireEvent.click(within(form).getByRole('radio', { name: '属实' }));
    confirm(form, '提交核实结果');
    expect(await within(form).findByText('请先在现场定位')).toBeInTheDocument();
    expect(mockedStaff.act).not.toHaveBeenCalled();
    fireEvent.click(within(form).getByTestId('verify-locate'));
    expect(await within(form).findByText('已定位：魏都区南关街道 · 南关街道第一网格（点此重新定位）')).toBeInTheDocument();
    expect(mockedStaff.locateGrid).toHaveBeenCalledWith(34.0235, 113.823, 'wgs84');
    confirm(form, '提交核实结果');
    await waitFor(() =>
      expect(mockedStaff.act).toHaveBeenCalledWith('c-1', {
        action: 'verify',
        version: 2,
        passed: true,
        location: { lat: 34.0235, lng: 113.823, coord: 'wgs84' },
      }),
    );
  });
});

describe('staff case page: a report filed with only a theme (issue 11)', () => {
  const themeOnly = { categoryCode: null, categoryName: null, theme: '环境卫生' as const };

  async function picker(form: HTMLElement): Promise<HTMLElement> {
    return within(form).findByTestId('category-picker');
  }

  it('asks 立案 for a category from the theme’s categories, and sends it', async () => {
    loginAs(['operator']);
    mockedStaff.staffCase.mockResolvedValue(buildCase({ ...themeOnly, nextActions: ['register', 'recategorize', 'refuse', 'void'] }));
    mockedStaff.act.mockResolvedValue(
      buildCase({
        status: 'registered',
        version: 2,
        nextActions: ['recategorize', 'void'],
        history: [
          buildHistory(),
          buildHistory({
            action: 'register',
            from: 'reported',
            to: 'registered',
            actor: { role: 'operator', name: '演示受理员' },
            categoryChange: { from: null, to: { code: '200102', name: '暴露垃圾' } },
          }),
        ],
      }),
    );
    render(<StaffCasePage />);
    await screen.findByTestId('action-bar');
    expect(screen.getByText('环境卫生（未确定类别）')).toBeInTheDocument();
    expect(shownActions()).toEqual(['register', 'recategorize', 'refuse', 'void']);
    press('register');
    const form = await screen.findByTestId('register-form');
    expect(within(form).getByText('上报人只选了主题「环境卫生」，请确定具体类别')).toBeInTheDocument();
    const chips = await picker(form);
    await within(chips).findByText('暴露垃圾');
    // The theme's categories only, until 查看全部类别.
    expect([...chips.querySelectorAll('[data-code]')].map((c) => c.getAttribute('data-code'))).toEqual(['200102', '200103']);
    confirm(form, '确认立案');
    expect(await within(form).findByText('请选择问题类别：上报人只选了主题，立案须确定具体类别')).toBeInTheDocument();
    expect(mockedStaff.act).not.toHaveBeenCalled();
    fireEvent.click(within(chips).getByRole('radio', { name: '暴露垃圾' }));
    confirm(form, '确认立案');
    await waitFor(() => expect(mockedStaff.act).toHaveBeenCalledWith('c-1', { action: 'register', version: 1, categoryCode: '200102' }));
    expect(await screen.findByText('已立案，等待派遣员派遣')).toBeInTheDocument();
    expect(screen.getAllByTestId('category-change')[0]).toHaveTextContent('问题类别：未确定 → 暴露垃圾');
  });

  it('lets the dispatcher correct the category before dispatching (修改类别), any theme on request', async () => {
    loginAs(['dispatcher']);
    mockedStaff.staffCase.mockResolvedValue(buildCase({ status: 'registered', version: 3, nextActions: ['dispatch', 'recategorize'] }));
    mockedStaff.act.mockResolvedValue(
      buildCase({
        status: 'registered',
        version: 4,
        categoryCode: '200201',
        categoryName: '店外经营',
        theme: '市容秩序',
        nextActions: ['dispatch', 'recategorize'],
        history: [
          buildHistory(),
          buildHistory({
            action: 'recategorize',
            from: 'registered',
            to: 'registered',
            actor: { role: 'dispatcher', name: '演示派遣员' },
            note: '实为店外经营',
            categoryChange: { from: { code: '200102', name: '暴露垃圾' }, to: { code: '200201', name: '店外经营' } },
          }),
        ],
      }),
    );
    render(<StaffCasePage />);
    await screen.findByTestId('action-bar');
    expect(shownActions()).toEqual(['dispatch', 'recategorize']);
    press('recategorize');
    const form = await screen.findByTestId('recategorize-form');
    expect(within(form).getByText('当前：暴露垃圾（环境卫生）')).toBeInTheDocument();
    const chips = await picker(form);
    await within(chips).findByText('积存垃圾渣土');
    // The category it has is not offered again.
    expect(within(chips).queryByText('暴露垃圾')).not.toBeInTheDocument();
    confirm(form, '确认修改');
    expect(await within(form).findByText('请选择新的问题类别')).toBeInTheDocument();
    fireEvent.click(within(form).getByText('不在「环境卫生」下？查看全部类别'));
    fireEvent.click(within(chips).getByRole('radio', { name: '店外经营（市容秩序）' }));
    const area = await waitFor(() => {
      const el = form.querySelector('textarea');
      if (!el) throw new Error('no textarea yet');
      return el;
    });
    fireEvent.input(area, { target: { value: '实为店外经营' } });
    confirm(form, '确认修改');
    await waitFor(() =>
      expect(mockedStaff.act).toHaveBeenCalledWith('c-1', {
        action: 'recategorize',
        version: 3,
        categoryCode: '200201',
        note: '实为店外经营',
      }),
    );
    expect(await screen.findByText('已修改问题类别')).toBeInTheDocument();
    expect(screen.getByText('店外经营')).toBeInTheDocument();
    expect(screen.getByTestId('category-change')).toHaveTextContent('问题类别：暴露垃圾 → 店外经营');
  });

  it('finds duplicates by theme, and offers every open case within 300 m to pick the original from', async () => {
    loginAs(['operator']);
    const item = buildCase({ ...themeOnly, theme: '市容秩序', nextActions: ['register', 'refuse', 'void'] });
    mockedStaff.staffCase.mockResolvedValue(item);
    const other = buildCaseSummary({ id: 'c-near', caseNo: 'XC202611260009', categoryName: '店外经营', theme: '市容秩序', distanceM: 120 });
    mockedStaff.openCasesNear.mockResolvedValue([other, { ...item }]);
    mockedStaff.act.mockResolvedValue(buildCase({ status: 'refused', version: 2, nextActions: [] }));
    render(<StaffCasePage />);
    await screen.findByTestId('duplicates');
    expect(mockedStaff.duplicatesNear).toHaveBeenCalledWith({ categoryCode: null, theme: '市容秩序' }, 34.0235, 113.823);
    expect(screen.getByText('附近没有「市容秩序」未办结的问题。')).toBeInTheDocument();
    press('refuse');
    const sheet = await screen.findByRole('dialog', { name: '不予立案' });
    fireEvent.click(within(sheet).getByRole('radio', { name: '重复上报' }));
    expect(await within(sheet).findByText('附近 50 米内没有「市容秩序」未办结的问题。')).toBeInTheDocument();
    fireEvent.click(within(sheet).getByTestId('dup-wider'));
    const others = await within(sheet).findByTestId('dup-others');
    expect(mockedStaff.openCasesNear).toHaveBeenCalledWith(34.0235, 113.823);
    // The case itself is not offered as its own original.
    expect(others.querySelectorAll('[data-case-id]')).toHaveLength(1);
    fireEvent.click(within(others).getByRole('radio', { name: /XC202611260009/ }));
    confirm(sheet, '确认不予立案');
    await waitFor(() =>
      expect(mockedStaff.act).toHaveBeenCalledWith('c-1', { action: 'refuse', version: 1, reason: 'duplicate', duplicateOf: 'c-near' }),
    );
  });

  it('says whom to pick when the grid, street and district have no inspector, and will not send to no one', async () => {
    loginAs(['operator']);
    mockedStaff.defaultInspector.mockResolvedValue({ inspector: null, message: '请选择核查人员：本网格及所在街道、区均无网格员' });
    mockedStaff.staffCase.mockResolvedValue(buildCase({ status: 'handled', version: 4, nextActions: ['request-check', 'void'] }));
    mockedStaff.act.mockResolvedValue(buildCase({ status: 'checking', version: 5, inspector: { id: 'u-other', name: '其他网格员' } }));
    render(<StaffCasePage />);
    await screen.findByTestId('action-bar');
    press('request-check');
    const form = await screen.findByTestId('inspector-form');
    expect(await within(form).findByText('请选择核查人员：本网格及所在街道、区均无网格员')).toBeInTheDocument();
    await within(form).findByText('其他网格员');
    expect([...form.querySelectorAll('.unit-row__name')].map((n) => n.textContent)).toEqual(['演示网格员', '其他网格员']);
    confirm(form, '确认派发核查');
    expect(await within(form).findByText('请选择核查人员')).toBeInTheDocument();
    expect(mockedStaff.act).not.toHaveBeenCalled();
    fireEvent.click(within(form).getByText('其他网格员'));
    expect(within(form).getByTestId('inspector-goes-to')).toHaveTextContent('将派给其他网格员');
    confirm(form, '确认派发核查');
    await waitFor(() =>
      expect(mockedStaff.act).toHaveBeenCalledWith('c-1', { action: 'request-check', version: 4, inspectorId: 'u-other' }),
    );
  });
});
