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

describe('the one stream', () => {
  const opened: { url: string; closed: boolean; close: () => void }[] = [];
  class FakeEventSource {
    url: string;
    closed = false;
    onmessage: unknown = null;
    onerror: unknown = null;
    constructor(url: string) {
      this.url = url;
      opened.push(this);
    }
    addEventListener() {}
    close() {
      this.closed = true;
    }
  }

  beforeAll(() => {
    (globalThis as unknown as { EventSource: unknown }).EventSource = FakeEventSource;
  });

  it('opens one EventSource however many listeners start at once, and closes it with the last one', async () => {
    jest.resetModules();
    jest.doMock('./api', () => ({ eventsTicket: jest.fn().mockResolvedValue({ ticket: 'tk' }) }));
    const session = await import('../store/session');
    session.setSession({ accessToken: 'a', refreshToken: 'r', user: { id: 'u1', name: '市民', roles: ['citizen'] } as never });
    const { listenLive } = await import('./live');
    const stops = [listenLive(() => undefined), listenLive(() => undefined), listenLive(() => undefined)];
    // A refreshed profile of the same user while the ticket is on its way changes nothing.
    session.updateUser({ id: 'u1', name: '市民（新）', roles: ['citizen'] } as never);
    await new Promise((r) => setTimeout(r, 0));
    await new Promise((r) => setTimeout(r, 0));
    const open = opened.filter((s) => !s.closed);
    expect(open).toHaveLength(1);
    expect(open[0].url).toBe('/api/v1/events?ticket=tk');
    stops.forEach((stop) => stop());
    expect(opened.every((s) => s.closed)).toBe(true);

    // Someone else signs in while a ticket is on its way: still one stream, the new user's.
    const stop = listenLive(() => undefined);
    session.setSession({ accessToken: 'b', refreshToken: 's', user: { id: 'u2', name: '网格员', roles: ['inspector'] } as never });
    session.setSession({ accessToken: 'c', refreshToken: 't', user: { id: 'u3', name: '受理员', roles: ['operator'] } as never });
    await new Promise((r) => setTimeout(r, 0));
    await new Promise((r) => setTimeout(r, 0));
    expect(opened.filter((s) => !s.closed)).toHaveLength(1);
    stop();
    expect(opened.every((s) => s.closed)).toBe(true);
  });
});
