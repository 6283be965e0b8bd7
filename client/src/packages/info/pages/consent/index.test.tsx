import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import ConsentPage from './index';
import MyDataPage from '../my-data/index';
import DeleteAccountPage from '../delete-account/index';
import * as api from '../../../../services/api';
import { getSession, resetSessionCache, setSession } from '../../../../store/session';
import { buildTokens, buildUser } from '../../../../../test/builders';

jest.mock('../../../../services/api');
const mockedApi = jest.mocked(api);
const citizen = buildUser({
  id: 'u-1',
  username: 'wx-1',
  name: '微信用户',
  roles: ['citizen'],
  consentRequired: true,
  consentedVersion: null,
});

beforeEach(() => {
  jest.resetAllMocks();
  window.localStorage.clear();
  resetSessionCache();
  jest.spyOn(Taro, 'reLaunch').mockResolvedValue({ errMsg: 'reLaunch:ok' });
  jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
  jest.spyOn(Taro, 'showToast').mockResolvedValue({ errMsg: 'showToast:ok' });
  jest.spyOn(Taro, 'getCurrentPages').mockReturnValue([]);
});

describe('个人信息保护 (consent)', () => {
  it('records consent to the version published now only after the box is ticked', async () => {
    setSession(buildTokens(citizen));
    mockedApi.policy.mockResolvedValue({
      kind: 'privacy',
      version: '2026-11-30',
      title: '隐私政策',
      body: 'x',
      publishedAt: '2026-11-30T00:00:00Z',
    });
    mockedApi.acceptConsent.mockResolvedValue({
      policyVersion: '2026-11-30',
      termsVersion: '2026-11-30',
      acceptedAt: '2026-11-30T08:00:00Z',
    });
    mockedApi.me.mockResolvedValue({ ...citizen, consentRequired: false, consentedVersion: '2026-11-30' });
    render(<ConsentPage />);
    expect(screen.getByText('个人信息保护提示')).toBeInTheDocument();
    fireEvent.click(screen.getByText('同意并继续'));
    expect(await screen.findByText('请先勾选“我已阅读并同意”')).toBeInTheDocument();
    expect(mockedApi.acceptConsent).not.toHaveBeenCalled();

    fireEvent.click(screen.getByTestId('consent-check'));
    await act(async () => {
      fireEvent.click(screen.getByText('同意并继续'));
    });
    expect(mockedApi.acceptConsent).toHaveBeenCalledWith('2026-11-30');
    expect(getSession()?.user.consentRequired).toBe(false);
    expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' });
  });

  it('says the policy changed for someone who accepted an older version; 暂不同意 goes back to the public pages', () => {
    setSession(buildTokens({ ...citizen, consentedVersion: '2026-11-30' }));
    render(<ConsentPage />);
    expect(screen.getByText('隐私政策已更新')).toBeInTheDocument();
    fireEvent.click(screen.getByTestId('consent-later'));
    expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' });
    expect(mockedApi.acceptConsent).not.toHaveBeenCalled();
  });

  it('opens each full text from the check box line', () => {
    setSession(buildTokens(citizen));
    render(<ConsentPage />);
    fireEvent.click(screen.getByTestId('link-terms'));
    fireEvent.click(screen.getByTestId('link-privacy'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/info/pages/terms/index' });
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/info/pages/privacy/index' });
  });
});

describe('导出我的数据', () => {
  it('summarises the export and offers it as a download', async () => {
    setSession(buildTokens(citizen));
    mockedApi.exportMyData.mockResolvedValue({
      profile: { id: 'u-1', phone: '13812341234' },
      consents: [{}],
      cases: [{ caseNo: 'XC202611300001' }, { caseNo: 'XC202611300002' }],
      ratings: [],
    });
    render(<MyDataPage />);
    expect(await screen.findByText('2 件（含处理记录和照片地址）')).toBeInTheDocument();
    expect(screen.getByText('账号、称呼、手机号')).toBeInTheDocument();
    expect(screen.getByText(/XC202611300002/)).toBeInTheDocument();
    const create = jest.fn(() => 'blob:x');
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    Object.assign(URL, { createObjectURL: create, revokeObjectURL: jest.fn() });
    fireEvent.click(screen.getByText('下载数据（JSON 文件）'));
    expect(create).toHaveBeenCalledTimes(1);
    expect(click).toHaveBeenCalledTimes(1);
    expect(await screen.findByTestId('export-done')).toHaveTextContent(/已下载 我的数据-\d{4}-\d{2}-\d{2}\.json/);
  });
});

describe('注销账号', () => {
  it('asks a second time, then deletes, signs out and goes home', async () => {
    setSession(buildTokens({ ...citizen, consentRequired: false }));
    mockedApi.deleteAccount.mockResolvedValue(undefined);
    render(<DeleteAccountPage />);
    expect(screen.getByText(/工作人员看到的上报人为“已注销用户”/)).toBeInTheDocument();
    fireEvent.click(screen.getByText('注销账号', { selector: '.nut-button *, button *' }));
    expect(mockedApi.deleteAccount).not.toHaveBeenCalled();
    expect(screen.getByText('确定注销账号吗？此操作不可撤销。')).toBeInTheDocument();
    await act(async () => {
      fireEvent.click(screen.getByText('确认注销'));
    });
    expect(mockedApi.deleteAccount).toHaveBeenCalledTimes(1);
    expect(getSession()).toBeNull();
    expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' });
  });

  it('tells staff to ask an administrator instead', () => {
    setSession(buildTokens(buildUser({ roles: ['operator'] })));
    render(<DeleteAccountPage />);
    expect(screen.getByTestId('staff-note')).toHaveTextContent('工作人员账号不能自行注销');
    expect(screen.queryByText('确认注销')).toBeNull();
  });
});
