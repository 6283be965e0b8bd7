import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import ReportPage from './index';
import * as api from '../../../../services/api';
import { ApiError } from '../../../../services/request';
import { clearSession, resetSessionCache, setSession } from '../../../../store/session';
import { loadDraft, newDraft, saveDraft, type ReportDraft } from '../../report/draft';
import { taroStorage } from '../../report/platform';
import {
  buildCase,
  buildCaseSummary,
  buildCategories,
  buildDivisions,
  buildGrid,
  buildMedia,
  buildPlace,
  buildTokens,
} from '../../../../../test/builders';

jest.mock('../../../../services/api');
const mockedApi = jest.mocked(api);

const geo = { getCurrentPosition: jest.fn() };

function positionAt(lat: number, lng: number) {
  geo.getCurrentPosition.mockImplementation((ok: PositionCallback) =>
    ok({ coords: { latitude: lat, longitude: lng, accuracy: 10 } } as GeolocationPosition),
  );
}

function positionDenied() {
  geo.getCurrentPosition.mockImplementation((_ok: PositionCallback, fail: PositionErrorCallback) =>
    fail({ code: 1, message: 'User denied Geolocation' } as GeolocationPositionError),
  );
}

function section(field: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(`[data-field="${field}"]`);
  if (!el) throw new Error(`no section ${field}`);
  return el;
}

function textarea(): HTMLTextAreaElement {
  const el = section('description').querySelector('textarea');
  if (!el) throw new Error('no textarea');
  return el;
}

/** Taro's Textarea/Input render their inner element once the custom element has connected. */
async function findTextarea(): Promise<HTMLTextAreaElement> {
  return waitFor(textarea);
}

function fileInput(): HTMLInputElement {
  return screen.getByTestId('photo-input') as HTMLInputElement;
}

function jpeg(name = 'photo.jpg'): File {
  return new File([new Uint8Array([0xff, 0xd8, 0xff, 0xd9])], name, { type: 'image/jpeg' });
}

/** A draft with everything filled in, as if typed before. */
function completeDraft(overrides: Partial<ReportDraft> = {}): ReportDraft {
  return {
    ...newDraft('key-original'),
    photos: [buildMedia(1)],
    location: { lat: 34.0235, lng: 113.823, coord: 'wgs84', source: 'gps', place: buildPlace(), address: null },
    theme: '环境卫生',
    categoryCode: '200102',
    categoryName: '暴露垃圾',
    description: '南关街道路口有一堆暴露垃圾',
    ...overrides,
  };
}

function submitButton(): HTMLElement {
  return screen.getByText('提交上报');
}

beforeEach(() => {
  jest.resetAllMocks();
  window.localStorage.clear();
  resetSessionCache();
  setSession(buildTokens());
  Object.defineProperty(window.navigator, 'geolocation', { value: geo, configurable: true });
  positionAt(34.0235, 113.823);
  mockedApi.categories.mockResolvedValue(buildCategories());
  mockedApi.locate.mockResolvedValue(buildPlace());
  mockedApi.caseDuplicates.mockResolvedValue([]);
  jest.spyOn(Taro, 'redirectTo').mockResolvedValue({ errMsg: 'redirectTo:ok' });
  jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
  jest.spyOn(Taro, 'showToast').mockResolvedValue({ errMsg: 'showToast:ok' });
  jest.spyOn(Taro, 'pageScrollTo').mockResolvedValue({ errMsg: 'pageScrollTo:ok' });
});

afterEach(() => {
  act(() => clearSession());
});

describe('我要上报', () => {
  it('asks to log in first when there is no session', () => {
    act(() => clearSession());
    render(<ReportPage />);
    expect(screen.getByText('请先登录')).toBeInTheDocument();
    expect(screen.getByText('去登录')).toBeInTheDocument();
  });

  it('locates on opening and shows the street and grid beneath the address line', async () => {
    render(<ReportPage />);
    expect(await screen.findByText('许昌市魏都区南关街道')).toBeInTheDocument();
    expect(screen.getByText('所属网格：第一网格')).toBeInTheDocument(); // the street is in the line above
    // H5: the browser gives WGS84, and says so.
    expect(mockedApi.locate).toHaveBeenCalledWith(34.0235, 113.823, 'wgs84');
  });

  it('marks the photo, location and description fields where they are when submitted empty', async () => {
    positionDenied();
    render(<ReportPage />);
    expect(await screen.findByText(/未获得定位权限/)).toBeInTheDocument();

    fireEvent.click(submitButton());

    expect(section('photos')).toHaveClass('report__section--invalid');
    expect(section('location')).toHaveClass('report__section--invalid');
    expect(section('description')).toHaveClass('report__section--invalid');
    expect(section('category')).toHaveClass('report__section--invalid');
    expect(screen.getByText('请至少拍摄或选择 1 张照片')).toBeInTheDocument();
    expect(screen.getByText('请先定位或手动选择问题位置')).toBeInTheDocument();
    expect(screen.getByText('请描述问题')).toBeInTheDocument();
    expect(Taro.pageScrollTo).toHaveBeenCalledWith(expect.objectContaining({ selector: '#field-photos' }));
    expect(mockedApi.createCase).not.toHaveBeenCalled();

    // Typing clears the mark on that field only.
    fireEvent.input(textarea(), { target: { value: '路口有垃圾堆放' } });
    expect(section('description')).not.toHaveClass('report__section--invalid');
    expect(section('photos')).toHaveClass('report__section--invalid');
  });

  it('uploads a chosen photo at once, shows a failure with 重试, and retries it', async () => {
    mockedApi.uploadMedia
      .mockRejectedValueOnce(new ApiError({ code: 'NETWORK_ERROR', message: '网络连接失败' }))
      .mockResolvedValueOnce(buildMedia(7));
    render(<ReportPage />);
    fireEvent.change(fileInput(), { target: { files: [jpeg()] } });

    expect(await screen.findByTestId('photo-failed')).toBeInTheDocument();
    expect(mockedApi.uploadMedia).toHaveBeenCalledWith(expect.objectContaining({ fileName: 'photo.jpg' }), expect.any(Function));

    fireEvent.click(screen.getByText('重试'));
    expect(await screen.findByTestId('photo-uploaded')).toBeInTheDocument();
    expect(mockedApi.uploadMedia).toHaveBeenCalledTimes(2);
    expect(screen.getByText('1/9')).toBeInTheDocument();
    expect(loadDraft(taroStorage).photos).toEqual([buildMedia(7)]);

    fireEvent.click(screen.getByLabelText('删除第 1 张照片'));
    expect(screen.queryByTestId('photo-uploaded')).not.toBeInTheDocument();
    expect(loadDraft(taroStorage).photos).toEqual([]);
  });

  it('says under the photos when the server refuses an upload for a limit, with when to try again', async () => {
    mockedApi.uploadMedia.mockRejectedValueOnce(
      new ApiError({ code: 'RATE_LIMITED', message: '上传照片过于频繁，请 12 分钟后再试', details: { retryAfterSeconds: 700 } }, 429),
    );
    mockedApi.uploadMedia.mockResolvedValueOnce(buildMedia(8));
    render(<ReportPage />);
    fireEvent.change(fileInput(), { target: { files: [jpeg()] } });
    expect(await screen.findByTestId('photo-failed')).toHaveTextContent('太频繁');
    expect(screen.getByTestId('photo-notice')).toHaveTextContent('上传照片过于频繁，请 12 分钟后再试');
    fireEvent.click(screen.getByText('重试'));
    expect(await screen.findByTestId('photo-uploaded')).toBeInTheDocument();
    expect(screen.queryByTestId('photo-notice')).not.toBeInTheDocument();
  });

  it('keeps the draft (photos, theme, category, description, key) in storage across a remount', async () => {
    mockedApi.uploadMedia.mockResolvedValue(buildMedia(3));
    const first = render(<ReportPage />);
    await screen.findByText('许昌市魏都区南关街道');

    fireEvent.change(fileInput(), { target: { files: [jpeg()] } });
    await screen.findByTestId('photo-uploaded');
    fireEvent.click(screen.getByText('环境卫生'));
    fireEvent.click(await screen.findByText('暴露垃圾'));
    fireEvent.input(textarea(), { target: { value: '人行道上有暴露垃圾' } });
    expect(screen.getByTestId('counter')).toHaveTextContent('9/500');

    const key = loadDraft(taroStorage).idempotencyKey;
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    first.unmount();

    // The app is closed and opened again.
    render(<ReportPage />);
    expect((await findTextarea()).value).toBe('人行道上有暴露垃圾');
    expect(screen.getByTestId('photo-uploaded')).toBeInTheDocument();
    expect(screen.getByText('环境卫生').closest('.chip')).toHaveClass('chip--active');
    expect(await screen.findByText('已选：暴露垃圾')).toBeInTheDocument();
    expect(screen.getByText('许昌市魏都区南关街道')).toBeInTheDocument();
    expect(loadDraft(taroStorage).idempotencyKey).toBe(key);
    // A stored location is not located again.
    expect(geo.getCurrentPosition).toHaveBeenCalledTimes(1);
  });

  it('sends the SAME Idempotency-Key on a retry after a network failure, loses nothing, and a new key after success', async () => {
    saveDraft(taroStorage, completeDraft());
    mockedApi.createCase
      .mockRejectedValueOnce(new ApiError({ code: 'NETWORK_ERROR', message: '网络连接失败，请检查网络后重试' }))
      .mockResolvedValueOnce(buildCase({ id: 'c-9', caseNo: 'XC20261127000009' }));
    const first = render(<ReportPage />);

    fireEvent.click(submitButton());
    expect(await screen.findByText(/提交失败：网络连接失败，请检查网络后重试/)).toBeInTheDocument();
    expect(textarea().value).toBe('南关街道路口有一堆暴露垃圾');
    expect(loadDraft(taroStorage).description).toBe('南关街道路口有一堆暴露垃圾');
    expect(Taro.redirectTo).not.toHaveBeenCalled();

    fireEvent.click(screen.getByText('重试'));
    await waitFor(() =>
      expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/packages/citizen/pages/success/index?id=c-9&caseNo=XC20261127000009' }),
    );
    expect(mockedApi.createCase).toHaveBeenCalledTimes(2);
    const [body1, key1] = mockedApi.createCase.mock.calls[0];
    const [body2, key2] = mockedApi.createCase.mock.calls[1];
    expect(key1).toBe('key-original');
    expect(key2).toBe('key-original');
    expect(body2).toEqual(body1);
    expect(body1).toEqual({
      categoryCode: '200102',
      theme: '环境卫生',
      description: '南关街道路口有一堆暴露垃圾',
      location: { lat: 34.0235, lng: 113.823, coord: 'wgs84' },
      address: '许昌市魏都区南关街道',
      mediaIds: ['m-1'],
    });
    // Success clears the draft.
    expect(loadDraft(taroStorage).idempotencyKey).not.toBe('key-original');
    expect(loadDraft(taroStorage).description).toBe('');
    first.unmount();

    // The next report gets a new key.
    mockedApi.createCase.mockResolvedValueOnce(buildCase({ id: 'c-10', caseNo: 'XC20261127000010' }));
    mockedApi.uploadMedia.mockResolvedValue(buildMedia(4));
    render(<ReportPage />);
    expect((await findTextarea()).value).toBe('');
    fireEvent.change(fileInput(), { target: { files: [jpeg()] } });
    await screen.findByTestId('photo-uploaded');
    await screen.findByText('许昌市魏都区南关街道');
    fireEvent.click(screen.getByText('市容秩序'));
    fireEvent.input(textarea(), { target: { value: '商铺店外经营占道' } });
    fireEvent.click(submitButton());
    await waitFor(() => expect(mockedApi.createCase).toHaveBeenCalledTimes(3));
    const key3 = mockedApi.createCase.mock.calls[2][1];
    expect(key3).not.toBe('key-original');
    expect(key3).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('marks the fields the server names in a 400', async () => {
    saveDraft(taroStorage, completeDraft());
    mockedApi.createCase.mockRejectedValueOnce(
      new ApiError(
        {
          code: 'VALIDATION_FAILED',
          message: '请检查：描述过短',
          details: { fields: { description: '描述至少 10 个字', 'location.lat': '纬度超出范围' } },
        },
        400,
      ),
    );
    render(<ReportPage />);
    fireEvent.click(submitButton());
    expect(await screen.findByText('描述至少 10 个字')).toBeInTheDocument();
    expect(section('description')).toHaveClass('report__section--invalid');
    expect(section('location')).toHaveClass('report__section--invalid');
    expect(screen.getByText('纬度超出范围')).toBeInTheDocument();
    expect(section('photos')).not.toHaveClass('report__section--invalid');
  });

  it('shows 附近已有相同问题 before submitting, and 仍要上报 submits anyway', async () => {
    saveDraft(taroStorage, completeDraft());
    mockedApi.caseDuplicates.mockResolvedValueOnce([buildCaseSummary({ id: 'c-dup', status: 'dispatched' })]);
    mockedApi.createCase.mockResolvedValueOnce(buildCase({ id: 'c-11', caseNo: 'XC20261127000011' }));
    render(<ReportPage />);

    fireEvent.click(submitButton());
    expect(await screen.findByText('附近已有相同问题')).toBeInTheDocument();
    expect(mockedApi.caseDuplicates).toHaveBeenCalledWith({ categoryCode: '200102' }, 34.0235, 113.823, 'wgs84');
    expect(screen.getByText('已派遣')).toBeInTheDocument();
    expect(mockedApi.createCase).not.toHaveBeenCalled();

    fireEvent.click(screen.getByText('仍要上报'));
    await waitFor(() => expect(mockedApi.createCase).toHaveBeenCalledTimes(1));
    expect(mockedApi.caseDuplicates).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalled());
  });

  it('查看该问题 in the duplicates sheet opens that case and keeps the draft', async () => {
    saveDraft(taroStorage, completeDraft());
    mockedApi.caseDuplicates.mockResolvedValueOnce([buildCaseSummary({ id: 'c-dup' })]);
    render(<ReportPage />);
    fireEvent.click(submitButton());
    await screen.findByText('附近已有相同问题');
    fireEvent.click(screen.getByText('查看该问题'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/citizen/pages/detail/index?id=c-dup' });
    expect(loadDraft(taroStorage).idempotencyKey).toBe('key-original');
  });

  it('checks for duplicates by theme when only a theme is chosen', async () => {
    saveDraft(taroStorage, completeDraft({ categoryCode: null, categoryName: null, theme: '市容秩序' }));
    mockedApi.caseDuplicates.mockResolvedValueOnce([buildCaseSummary({ id: 'c-dup', categoryCode: null, theme: '市容秩序' })]);
    render(<ReportPage />);
    fireEvent.click(submitButton());
    expect(await screen.findByText('附近已有相同问题')).toBeInTheDocument();
    expect(mockedApi.caseDuplicates).toHaveBeenCalledWith({ theme: '市容秩序' }, 34.0235, 113.823, 'wgs84');
  });

  describe('手动选择 in H5: no coordinates to type', () => {
    /** The map's box: 300 × 300 px at (10, 100) on the screen. */
    const mapAt = () => {
      const svg = screen.getByTestId('spot-map').querySelector('svg')!;
      svg.getBoundingClientRect = () =>
        ({ left: 10, top: 100, width: 300, height: 300, right: 310, bottom: 400, x: 10, y: 100 }) as DOMRect;
      return svg;
    };

    beforeEach(() => {
      positionDenied();
      mockedApi.divisions.mockResolvedValue(buildDivisions());
      mockedApi.grid.mockResolvedValue(buildGrid());
    });

    it('picks district → street → community, taps a spot inside it, and derives the WGS84 point', async () => {
      render(<ReportPage />);
      await screen.findByText(/未获得定位权限/);
      fireEvent.click(screen.getByText('手动选择'));
      const picker = await screen.findByTestId('manual-location');
      await waitFor(() => expect(picker.querySelectorAll('input')).toHaveLength(1)); // the name search only: no coordinate fields
      expect(screen.getByText('确定位置').closest('.nut-button')).toHaveClass('nut-button-disabled');
      fireEvent.click(await screen.findByRole('radio', { name: '魏都区' }));
      fireEvent.click(screen.getByRole('radio', { name: '南关街道' }));
      fireEvent.click(screen.getByRole('radio', { name: '万丰社区' }));
      expect(mockedApi.grid).toHaveBeenCalledWith('411002004001001');
      await screen.findByTestId('spot-map');
      // A tap outside the community's outline (the box's corner) is refused, where it happened.
      fireEvent.click(mapAt(), { clientX: 14, clientY: 104 });
      expect(screen.getByText('请点在蓝色的社区范围内')).toBeInTheDocument();
      // The centre of the box is the centre of the square: 34.0235, 113.823.
      fireEvent.click(mapAt(), { clientX: 160, clientY: 250 });
      expect(screen.queryByText('请点在蓝色的社区范围内')).not.toBeInTheDocument();
      expect(screen.getByTestId('place-summary')).toHaveTextContent('已选：许昌市魏都区南关街道万丰社区（已在图中标出位置）');
      fireEvent.click(screen.getByText('确定位置'));
      await waitFor(() => expect(mockedApi.locate).toHaveBeenCalledWith(34.0235, 113.823, 'wgs84'));
      expect(await screen.findByText('许昌市魏都区南关街道万丰社区')).toBeInTheDocument();
      expect(loadDraft(taroStorage).location).toMatchObject({
        lat: 34.0235,
        lng: 113.823,
        coord: 'wgs84',
        source: 'manual',
        address: '许昌市魏都区南关街道万丰社区',
      });
      expect(screen.queryByTestId('manual-location')).not.toBeInTheDocument();
    });

    it('finds a community by name and places the report at its point without a tap', async () => {
      render(<ReportPage />);
      await screen.findByText(/未获得定位权限/);
      fireEvent.click(screen.getByText('手动选择'));
      const picker = await screen.findByTestId('manual-location');
      const search = await waitFor(() => {
        const el = picker.querySelector('input');
        if (!el) throw new Error('no search box');
        return el;
      });
      fireEvent.input(search, { target: { value: '清泉' } });
      fireEvent.click(await screen.findByText('魏都区 · 南关街道 · 清泉社区'));
      expect(screen.getByRole('radio', { name: '清泉社区' })).toHaveAttribute('aria-checked', 'true');
      expect(screen.getByTestId('place-summary')).toHaveTextContent('已选：许昌市魏都区南关街道清泉社区（社区中心附近）');
      fireEvent.click(screen.getByText('确定位置'));
      await waitFor(() => expect(mockedApi.locate).toHaveBeenCalledWith(34.0201, 113.8262, 'wgs84'));
      expect(await screen.findByText('许昌市魏都区南关街道清泉社区')).toBeInTheDocument();
      expect(loadDraft(taroStorage).location).toMatchObject({ source: 'manual', address: '许昌市魏都区南关街道清泉社区' });
    });

    it('says so when the division list cannot load, and 重试 loads it', async () => {
      mockedApi.divisions.mockRejectedValueOnce(new ApiError({ code: 'NETWORK_ERROR', message: '网络连接失败，请检查网络后重试' }));
      render(<ReportPage />);
      await screen.findByText(/未获得定位权限/);
      fireEvent.click(screen.getByText('手动选择'));
      expect(await screen.findByText(/区域列表加载失败/)).toBeInTheDocument();
      fireEvent.click(screen.getByText('重试'));
      expect(await screen.findByRole('radio', { name: '魏都区' })).toBeInTheDocument();
    });
  });

  it('says so when the point is outside the city grids', async () => {
    mockedApi.locate.mockRejectedValue(new ApiError({ code: 'NOT_FOUND', message: '不在网格内' }, 404));
    render(<ReportPage />);
    expect(await screen.findByText(/不在许昌市城市管理网格范围内/)).toBeInTheDocument();
  });

  it('searches categories across themes and picking one sets its theme', async () => {
    render(<ReportPage />);
    await screen.findByText('许昌市魏都区南关街道');
    // The search box comes with the categories, which may load after the place.
    const search = await waitFor(() => {
      const el = section('category').querySelector('input');
      if (!el) throw new Error('no search box');
      return el;
    });
    fireEvent.input(search, { target: { value: '经营' } });
    fireEvent.click(await screen.findByText('店外经营'));
    expect(screen.getByText('市容秩序').closest('.chip')).toHaveClass('chip--active');
    expect(loadDraft(taroStorage)).toMatchObject({ theme: '市容秩序', categoryCode: '200201' });
  });
});
