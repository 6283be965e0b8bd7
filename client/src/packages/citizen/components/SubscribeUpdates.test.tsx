import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import * as subscribe from '../../../services/subscribe';
import { SubscribeUpdates } from './SubscribeUpdates';

jest.mock('../../../services/subscribe');
const mocked = jest.mocked(subscribe);

describe('订阅微信通知 on a reporter’s case', () => {
  const env = process.env.TARO_ENV;
  const g = globalThis as unknown as { WECHAT_TEMPLATES: string[] };
  afterEach(() => {
    process.env.TARO_ENV = env;
    g.WECHAT_TEMPLATES = [];
  });

  it('is not offered in H5 (消息中心 tells everyone there)', () => {
    g.WECHAT_TEMPLATES = ['tpl-progress'];
    render(<SubscribeUpdates />);
    expect(screen.queryByTestId('subscribe')).toBeNull();
  });

  it('in the mini-program asks on a tap and says what the person chose', async () => {
    process.env.TARO_ENV = 'weapp';
    g.WECHAT_TEMPLATES = ['tpl-progress'];
    mocked.askForUpdates.mockResolvedValueOnce('declined').mockResolvedValueOnce('accepted');
    render(<SubscribeUpdates />);
    expect(screen.getByTestId('subscribe')).toHaveTextContent('订阅微信通知：受理、派遣、结案时提醒我');
    fireEvent.click(screen.getByTestId('subscribe'));
    await waitFor(() => expect(screen.getByTestId('subscribe')).toHaveTextContent('未订阅，可在「消息中心」查看进展；点此重新订阅'));
    fireEvent.click(screen.getByTestId('subscribe'));
    await waitFor(() => expect(screen.getByTestId('subscribe')).toHaveTextContent('已订阅，处理进展将通过微信通知你'));
    expect(mocked.askForUpdates).toHaveBeenCalledTimes(2);
  });
});
