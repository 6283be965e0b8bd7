import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import HelpPage from './index';
import AboutPage from '../about/index';
import PrivacyPage from '../privacy/index';

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

  it('says what is collected and who sees it', () => {
    render(<PrivacyPage />);
    expect(screen.getByText(/去除拍摄设备、拍摄地点等附加信息/)).toBeInTheDocument();
    expect(screen.getByText(/看不到上报人的任何信息/)).toBeInTheDocument();
  });
});
