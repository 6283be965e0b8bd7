import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { CategoryDto } from '@xc/shared';
import ReportPage from './index';
import * as api from '../../../../services/api';
import { ApiError } from '../../../../services/request';
import { clearSession, resetSessionCache, setSession } from '../../../../store/session';
import { loadDraft } from '../../report/draft';
import { taroStorage } from '../../report/platform';
import { buildMedia, buildPlace, buildTokens } from '../../../../../test/builders';

/** 我要上报's inputs say what happened to what was given, where it happened. */

jest.mock('../../../../services/api');
const mockedApi = jest.mocked(api);

const geo = {
  getCurrentPosition: jest.fn((ok: PositionCallback) =>
    ok({ coords: { latitude: 34.0235, longitude: 113.823, accuracy: 10 } } as GeolocationPosition),
  ),
};

const file = (name: string, type: string) => new File([new Uint8Array([0xff, 0xd8, 0xff, 0xd9])], name, { type });
const fileInput = () => screen.getByTestId('photo-input') as HTMLInputElement;
const notice = () => screen.getByTestId('photo-notice');

/** 市容秩序 with its categories in CJ/T 214 order, each with the cases reported in it. */
function tree(): CategoryDto[] {
  const c = (code: string, name: string, reportCount: number): CategoryDto => ({
    code,
    name,
    kind: 'part',
    theme: '市容秩序',
    timeLimit: { value: 2, unit: 'workday' },
    reportCount,
  });
  return [
    {
      code: '1003',
      name: '市容环境',
      kind: 'part',
      theme: null,
      timeLimit: null,
      children: [
        c('100301', '报刊亭', 2),
        c('100302', '电话亭', 0),
        c('100303', '邮筒', 0),
        c('100304', '店外经营', 41),
        c('100305', '机动车乱停放', 17),
      ],
    },
  ];
}

beforeEach(() => {
  jest.resetAllMocks();
  window.localStorage.clear();
  resetSessionCache();
  setSession(buildTokens());
  Object.defineProperty(window.navigator, 'geolocation', { value: geo, configurable: true });
  mockedApi.categories.mockResolvedValue(tree());
  mockedApi.locate.mockResolvedValue(buildPlace());
  jest.spyOn(Taro, 'showToast').mockResolvedValue({ errMsg: 'showToast:ok' });
  jest.spyOn(Taro, 'pageScrollTo').mockResolvedValue({ errMsg: 'pageScrollTo:ok' });
  let n = 0;
  mockedApi.uploadMedia.mockImplementation(async () => buildMedia(++n));
});

afterEach(() => {
  act(() => clearSession());
});

describe('我要上报: inputs', () => {
  it('turns away a file that is not a photo, saying so beside the photos, with no broken thumbnail', async () => {
    render(<ReportPage />);
    fireEvent.change(fileInput(), { target: { files: [file('说明.pdf', 'application/pdf')] } });
    expect(notice()).toHaveTextContent('「说明.pdf」不是照片，未添加');
    expect(mockedApi.uploadMedia).not.toHaveBeenCalled();
    expect(screen.queryByTestId('photo-failed')).toBeNull();
    expect(screen.queryByTestId('photo-uploading')).toBeNull();
  });

  it('drops a file the server finds is not an image, without a 重试 that could never succeed', async () => {
    mockedApi.uploadMedia.mockRejectedValueOnce(
      new ApiError({ code: 'UNSUPPORTED_MEDIA_TYPE', message: '只能上传 JPEG、PNG 或 WebP 图片' }),
    );
    render(<ReportPage />);
    fireEvent.change(fileInput(), { target: { files: [file('假照片.jpg', 'image/jpeg')] } });
    await waitFor(() => expect(notice()).toHaveTextContent('「假照片.jpg」不是可以识别的照片，未添加'));
    expect(screen.queryByTestId('photo-failed')).toBeNull();
    expect(screen.queryByText('重试')).toBeNull();
    // The form's count follows (it hears of the uploader's pending photos after it renders).
    await waitFor(() => expect(screen.getByText('0/9')).toBeInTheDocument());
  });

  it('keeps 重试 for a failure that a retry can mend (the network)', async () => {
    mockedApi.uploadMedia.mockRejectedValueOnce(new ApiError({ code: 'NETWORK_ERROR', message: '网络连接失败' }));
    render(<ReportPage />);
    fireEvent.change(fileInput(), { target: { files: [file('photo.jpg', 'image/jpeg')] } });
    const failed = await screen.findByTestId('photo-failed');
    expect(within(failed).getByText('重试')).toBeInTheDocument();
    expect(screen.queryByTestId('photo-notice')).toBeNull();
  });

  it('says when more photos were picked than fit: 10 picked, 9 allowed', async () => {
    render(<ReportPage />);
    const ten = Array.from({ length: 10 }, (_, i) => file(`p${i + 1}.jpg`, 'image/jpeg'));
    fireEvent.change(fileInput(), { target: { files: ten } });
    expect(notice()).toHaveTextContent('最多 9 张照片，另外 1 张未添加');
    await waitFor(() => expect(screen.getAllByTestId('photo-uploaded')).toHaveLength(9));
    expect(mockedApi.uploadMedia).toHaveBeenCalledTimes(9);
    expect(loadDraft(taroStorage).photos).toHaveLength(9);
  });

  it('says so when a pasted description is cut at 500 characters', async () => {
    render(<ReportPage />);
    const area = await waitFor(() => {
      const el = document.querySelector<HTMLTextAreaElement>('[data-field="description"] textarea');
      if (!el) throw new Error('no textarea yet');
      return el;
    });
    const pasted = '路'.repeat(684);
    fireEvent.input(area, { target: { value: pasted } });
    expect(await screen.findByTestId('description-cut')).toHaveTextContent('描述最多 500 字，粘贴的内容多出 184 字，已截去');
    expect(screen.getByTestId('counter')).toHaveTextContent('500/500');
    expect(loadDraft(taroStorage).description).toHaveLength(500);
    // Typing within the limit again clears the notice.
    fireEvent.input(area, { target: { value: '路口有垃圾' } });
    await waitFor(() => expect(screen.queryByTestId('description-cut')).toBeNull());
  });

  it('offers the most reported categories of a theme first', async () => {
    render(<ReportPage />);
    fireEvent.click(await screen.findByText('市容秩序'));
    await waitFor(() => expect(document.querySelectorAll('.chips--categories .chip[data-code]').length).toBe(5));
    const order = [...document.querySelectorAll('.chips--categories .chip[data-code]')].map((c) => c.textContent);
    expect(order).toEqual(['店外经营', '机动车乱停放', '报刊亭', '电话亭', '邮筒']);
  });
});
