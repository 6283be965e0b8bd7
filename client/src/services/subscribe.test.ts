import Taro from '@tarojs/taro';
import * as api from './api';
import { acceptedTemplates, askForUpdates } from './subscribe';

jest.mock('./api');
const mockedApi = jest.mocked(api);

describe('订阅消息', () => {
  const env = process.env.TARO_ENV;
  afterEach(() => {
    process.env.TARO_ENV = env;
    jest.restoreAllMocks();
  });

  it('counts only what the user accepted', () => {
    const result = { errMsg: 'requestSubscribeMessage:ok', 'tpl-a': 'accept', 'tpl-b': 'reject', 'tpl-c': 'ban' };
    expect(acceptedTemplates(result, ['tpl-a', 'tpl-b', 'tpl-c'])).toEqual(['tpl-a']);
  });

  it('asks nothing outside the mini-program or without templates', async () => {
    expect(await askForUpdates(['tpl-a'])).toBe('unavailable');
    process.env.TARO_ENV = 'weapp';
    expect(await askForUpdates([])).toBe('unavailable');
    expect(mockedApi.reportSubscriptions).not.toHaveBeenCalled();
  });

  it('in the mini-program, asks WeChat and reports the accepted templates to the server', async () => {
    process.env.TARO_ENV = 'weapp';
    const ask = jest.fn().mockResolvedValue({ errMsg: 'requestSubscribeMessage:ok', 'tpl-a': 'accept', 'tpl-b': 'reject' });
    (Taro as unknown as { requestSubscribeMessage: unknown }).requestSubscribeMessage = ask;
    mockedApi.reportSubscriptions.mockResolvedValue({ subscriptions: [{ templateId: 'tpl-a', remaining: 1 }] });
    expect(await askForUpdates(['tpl-a', 'tpl-b'])).toBe('accepted');
    expect(ask).toHaveBeenCalledWith({ tmplIds: ['tpl-a', 'tpl-b'], entityIds: [] });
    expect(mockedApi.reportSubscriptions).toHaveBeenCalledWith(['tpl-a']);

    ask.mockResolvedValue({ errMsg: 'requestSubscribeMessage:ok', 'tpl-a': 'reject' });
    mockedApi.reportSubscriptions.mockClear();
    expect(await askForUpdates(['tpl-a'])).toBe('declined');
    expect(mockedApi.reportSubscriptions).not.toHaveBeenCalled();
  });
});
