import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import HelpPage from './index';
import AboutPage from '../about/index';
import PrivacyPage from '../privacy/index';
import * as api from '../../../../services/api';
import { ApiError } from '../../../../services/request';

jest.mock('../../../../services/api');
const mockedApi = jest.mocked(api);

describe('客服与帮助, 关于, 隐私政策', () => {
  it('gives the 12319 hotline with the working hours of 受理, and calls it on a tap', () => {
    const call = jest.spyOn(Taro, 'makePhoneCall').mockResolvedValue({ errMsg: 'makePhoneCall:ok' });
    render(<HelpPage />);
    expect(screen.getByText('12319')).toBeInTheDocument();
    // The hours the server's working-time calendar counts (08:30–12:00, 14:30–18:00 on working days).
    expect(screen.getByText(/上午 8:30–12:00，下午 14:30–18:00/)).toBeInTheDocument();
    fireEvent.click(screen.getByText('拨打服务热线 12319'));
    expect(call).toHaveBeenCalledWith({ phoneNumber: '12319' });
  });

  it('says what the platform is and who runs it', () => {
    render(<AboutPage />);
    expect(screen.getByText('关于许昌智慧城管便民服务平台')).toBeInTheDocument();
    expect(screen.getByText(/上报 → 立案 → 派遣 → 处置 → 核查 → 结案/)).toBeInTheDocument();
    expect(screen.getByText('许昌市城市管理委员会办公室')).toBeInTheDocument();
  });

  it('shows the 隐私政策 the server publishes now, by its sections, with its version', async () => {
    mockedApi.policy.mockResolvedValue({
      kind: 'privacy',
      version: '2026-11-30',
      title: '隐私政策',
      body: '我们只收集必需的信息。\n## 我们收集哪些信息\n微信标识（openid）\n手机号（可选）\n## 保存多久\n结案满 36 个月后删除联系方式。',
      publishedAt: '2026-11-30T00:00:00.000Z',
    });
    render(<PrivacyPage />);
    expect(await screen.findByText('我们收集哪些信息')).toBeInTheDocument();
    expect(mockedApi.policy).toHaveBeenCalledWith('privacy');
    expect(screen.getByText('我们只收集必需的信息。')).toBeInTheDocument();
    expect(screen.getByText('手机号（可选）')).toBeInTheDocument();
    expect(screen.getByText('结案满 36 个月后删除联系方式。')).toBeInTheDocument();
    expect(screen.getByText('版本 2026-11-30 · 发布于 2026-11-30')).toBeInTheDocument();
  });

  it('says when the policy could not be loaded, and 重试 loads it again', async () => {
    mockedApi.policy.mockRejectedValueOnce(new ApiError({ code: 'NETWORK_ERROR', message: '网络连接失败，请检查网络后重试' }));
    mockedApi.policy.mockResolvedValue({
      kind: 'privacy',
      version: 'v2',
      title: '隐私政策',
      body: '正文',
      publishedAt: '2027-01-01T00:00:00.000Z',
    });
    render(<PrivacyPage />);
    expect(await screen.findByText('隐私政策加载失败')).toBeInTheDocument();
    fireEvent.click(screen.getByText('重试'));
    expect(await screen.findByText('版本 v2 · 发布于 2027-01-01')).toBeInTheDocument();
  });
});
