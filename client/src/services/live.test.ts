import { reconnectDelay, streamUrl } from './live';

describe('live event stream', () => {
  it('backs off 1 s, 2 s, 4 s… up to 30 s, with at most 20 % jitter', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 10].map((n) => reconnectDelay(n, mid))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(reconnectDelay(1, () => 0)).toBe(800);
    expect(reconnectDelay(1, () => 1)).toBe(1200);
  });

  it('uses SSE on H5 and a WebSocket in the mini-program, with the ticket in the query', () => {
    expect(streamUrl('', 'a.b.c', 'h5')).toBe('/api/v1/events?ticket=a.b.c');
    expect(streamUrl('https://cg.xuchang.gov.cn', 't+1', 'weapp')).toBe('wss://cg.xuchang.gov.cn/api/v1/events/ws?ticket=t%2B1');
    expect(streamUrl('http://localhost:3000', 't', 'weapp')).toBe('ws://localhost:3000/api/v1/events/ws?ticket=t');
  });
});
