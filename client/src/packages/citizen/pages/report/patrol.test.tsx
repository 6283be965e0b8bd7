import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import ReportPage from './index';
import * as api from '../../../../services/api';
import { clearSession, resetSessionCache, setSession } from '../../../../store/session';
import { newDraft, saveDraft, type ReportDraft } from '../../report/draft';
import { taroStorage } from '../../report/platform';
import { buildCase, buildCategories, buildMedia, buildPlace, buildTokens, buildUser } from '../../../../../test/builders';

/** 巡查上报: an inspector's report from the 工作台, with the 自处理 switch. */

jest.mock('../../../../services/api');
const mockedApi = jest.mocked(api);

function filledDraft(overrides: Partial<ReportDraft> = {}): ReportDraft {
  return {
    ...newDraft('key-patrol'),
    photos: [buildMedia(1)],
    location: { lat: 34.0235, lng: 113.823, coord: 'wgs84', source: 'gps', place: buildPlace(), address: null },
    theme: '环境卫生',
    categoryCode: '200102',
    categoryName: '暴露垃圾',
    description: '路口有一袋垃圾，已当场清理',
    ...overrides,
  };
}

function withParams(params: Record<string, string>) {
  jest.spyOn(Taro, 'getCurrentInstance').mockReturnValue({ router: { params } } as never);
}

beforeEach(() => {
  jest.resetAllMocks();
  window.localStorage.clear();
  resetSessionCache();
  mockedApi.categories.mockResolvedValue(buildCategories());
  mockedApi.locate.mockResolvedValue(buildPlace());
  mockedApi.caseDuplicates.mockResolvedValue([]);
  jest.spyOn(Taro, 'redirectTo').mockResolvedValue({ errMsg: 'redirectTo:ok' });
  jest.spyOn(Taro, 'showToast').mockResolvedValue({ errMsg: 'showToast:ok' });
  jest.spyOn(Taro, 'pageScrollTo').mockResolvedValue({ errMsg: 'pageScrollTo:ok' });
  jest.spyOn(Taro, 'setNavigationBarTitle').mockResolvedValue({ errMsg: 'setNavigationBarTitle:ok' });
});

afterEach(() => {
  act(() => clearSession());
});

describe('巡查上报 (inspector)', () => {
  it('asks for after-photos when 自处理 is on, and sends selfHandled with afterMediaIds', async () => {
    setSession(buildTokens(buildUser({ id: 'u-insp', roles: ['inspector'] })));
    withParams({ patrol: '1' });
    saveDraft(taroStorage, filledDraft());
    mockedApi.uploadMedia.mockResolvedValue(buildMedia(5));
    mockedApi.createCase.mockResolvedValue(buildCase({ id: 'c-9', caseNo: 'XC9', status: 'closed' }));
    render(<ReportPage />);
    expect(Taro.setNavigationBarTitle).toHaveBeenCalledWith({ title: '巡查上报' });

    const toggle = await screen.findByTestId('self-handled');
    fireEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-checked', 'true');
    fireEvent.click(screen.getByText('提交并结案'));
    expect(await screen.findByText('自处理须上传至少 1 张处置后照片')).toBeInTheDocument();
    expect(mockedApi.createCase).not.toHaveBeenCalled();

    const input = screen.getByTestId('after-photo-input') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File([new Uint8Array([0xff, 0xd8])], 'after.jpg', { type: 'image/jpeg' })] } });
    await screen.findByTestId('after-photo-uploaded');
    fireEvent.click(screen.getByText('提交并结案'));
    await waitFor(() =>
      expect(mockedApi.createCase).toHaveBeenCalledWith(
        expect.objectContaining({ mediaIds: ['m-1'], selfHandled: true, afterMediaIds: ['m-5'], categoryCode: '200102' }),
        'key-patrol',
      ),
    );
    await waitFor(() =>
      expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/packages/citizen/pages/success/index?id=c-9&caseNo=XC9&status=closed' }),
    );
  });

  it('offers no 自处理 to a citizen, even with ?patrol=1', async () => {
    setSession(buildTokens());
    withParams({ patrol: '1' });
    saveDraft(taroStorage, filledDraft({ selfHandled: true, afterPhotos: [buildMedia(5)] }));
    mockedApi.createCase.mockResolvedValue(buildCase({ id: 'c-8', caseNo: 'XC8' }));
    render(<ReportPage />);
    await screen.findByText('提交上报');
    expect(screen.queryByTestId('self-handled')).not.toBeInTheDocument();
    fireEvent.click(screen.getByText('提交上报'));
    await waitFor(() => expect(mockedApi.createCase).toHaveBeenCalled());
    const body = mockedApi.createCase.mock.calls[0][0];
    expect(body).not.toHaveProperty('selfHandled');
    expect(body).not.toHaveProperty('afterMediaIds');
  });
});
