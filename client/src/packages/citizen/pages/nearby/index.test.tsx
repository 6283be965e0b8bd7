import { render, screen } from '@testing-library/react';
import NearbyPage from './index';
import * as api from '../../../../services/api';
import * as platform from '../../report/platform';
import { buildCaseSummary } from '../../../../../test/builders';

jest.mock('../../../../services/api');
jest.mock('../../report/platform', () => ({
  ...jest.requireActual('../../report/platform'),
  getPosition: jest.fn(),
}));
const mockedApi = jest.mocked(api);
const mockedPlatform = jest.mocked(platform);

beforeEach(() => {
  jest.resetAllMocks();
  mockedPlatform.getPosition.mockResolvedValue({ lat: 34.0235, lng: 113.823, coord: 'wgs84' });
});

describe('附近问题', () => {
  it('says what nearby covers, keeps the server order (nearest, then newest) and writes distances sensibly', async () => {
    mockedApi.nearbyCases.mockResolvedValue({
      items: [
        buildCaseSummary({ id: 'a', categoryName: '立杆', distanceM: 1, reportedAt: '2026-11-29T02:00:00Z' }),
        buildCaseSummary({ id: 'b', categoryName: '绿地', distanceM: 1, reportedAt: '2026-09-05T09:33:00Z' }),
        buildCaseSummary({ id: 'c', categoryName: '路灯', distanceM: 734 }),
        buildCaseSummary({ id: 'd', categoryName: '垃圾箱', distanceM: 1123, status: 'pending' }),
      ],
      nextCursor: null,
    });
    render(<NearbyPage />);
    expect(await screen.findByText('显示您周边 2 公里内的问题，共 4 个')).toBeInTheDocument();
    expect(mockedApi.nearbyCases).toHaveBeenCalledWith({ lat: 34.0235, lng: 113.823, radius: 2000, limit: 50 });
    const cards = screen.getAllByTestId('case-card');
    expect(cards.map((c) => c.getAttribute('data-case-id'))).toEqual(['a', 'b', 'c', 'd']);
    expect(cards.map((c) => c.querySelector('.case-card__distance')?.textContent)).toEqual([
      '距你 10 米内',
      '距你 10 米内',
      '距你 730 米',
      '距你 1.12 公里',
    ]);
    // 挂账 in plain words for the public.
    expect(cards[3]).toHaveTextContent('长期整治中');
    expect(cards[3]).not.toHaveTextContent('挂账');
  });

  it('says when the 50 nearest are all it shows', async () => {
    mockedApi.nearbyCases.mockResolvedValue({
      items: Array.from({ length: 50 }, (_, i) => buildCaseSummary({ id: `c${i}`, distanceM: 10 * i })),
      nextCursor: null,
    });
    render(<NearbyPage />);
    expect(await screen.findByText('显示您周边 2 公里内最近的 50 个问题', {}, { timeout: 10_000 })).toBeInTheDocument();
  }, 20_000); // fifty cards: slow on a busy machine
});
