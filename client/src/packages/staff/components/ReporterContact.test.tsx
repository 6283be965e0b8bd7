import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { ReporterContact } from './ReporterContact';
import * as api from '../../../services/api';

jest.mock('../../../services/api');
const mockedApi = jest.mocked(api);

beforeEach(() => jest.resetAllMocks());

describe('上报人 on the staff case page', () => {
  it('shows the phone masked; the full number only after the explicit tap, then offers to call', async () => {
    mockedApi.reporterContact.mockResolvedValue({ name: '微信用户', phone: '13812341234' });
    const call = jest.spyOn(Taro, 'makePhoneCall').mockResolvedValue({ errMsg: 'makePhoneCall:ok' });
    render(<ReporterContact caseId="c-1" reporter={{ id: 'u-1', name: '微信用户', phoneMasked: '138****1234' }} />);
    expect(screen.getByTestId('reporter')).toHaveTextContent('上报人 微信用户 · 138****1234');
    expect(screen.queryByText(/13812341234/)).toBeNull();
    expect(mockedApi.reporterContact).not.toHaveBeenCalled();
    await act(async () => {
      fireEvent.click(screen.getByTestId('reveal-phone'));
    });
    expect(mockedApi.reporterContact).toHaveBeenCalledWith('c-1');
    fireEvent.click(screen.getByTestId('call-reporter'));
    expect(call).toHaveBeenCalledWith({ phoneNumber: '13812341234' });
  });

  it('shows 已注销用户 without any way to reveal', () => {
    render(<ReporterContact caseId="c-1" reporter={{ id: 'u-1', name: '已注销用户', phoneMasked: null, deleted: true }} />);
    expect(screen.getByTestId('reporter')).toHaveTextContent('上报人 已注销用户');
    expect(screen.queryByTestId('reveal-phone')).toBeNull();
  });
});
