import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * FakeWechatServer: a stand-in for api.weixin.qq.com, which cannot be reached from here. It speaks
 * code2Session's real protocol: GET /sns/jscode2session?appid&secret&js_code&grant_type →
 * {openid, session_key, unionid} or {errcode, errmsg} (40029 invalid code, 45011 rate limit,
 * 40163 code already used). Codes are single-use, as on WeChat.
 */
export class FakeWechatServer {
  readonly requests: URL[] = [];
  private readonly used = new Set<string>();
  private server = http.createServer((req, res) => this.handle(req, res));

  constructor(
    private readonly appId = 'wx-test-appid',
    private readonly secret = 'test-secret',
  ) {}

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    this.requests.push(url);
    const reply = (body: object) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname !== '/sns/jscode2session') return reply({ errcode: 40066, errmsg: 'invalid url' });
    const q = url.searchParams;
    if (q.get('appid') !== this.appId || q.get('secret') !== this.secret) return reply({ errcode: 40013, errmsg: 'invalid appid' });
    if (q.get('grant_type') !== 'authorization_code') return reply({ errcode: 40002, errmsg: 'invalid grant_type' });
    const code = q.get('js_code') ?? '';
    if (code === 'rate-limited') return reply({ errcode: 45011, errmsg: 'api minute-quota reach limit  mustslower  retry next minute' });
    if (!/^valid-/.test(code)) return reply({ errcode: 40029, errmsg: 'invalid code' });
    if (this.used.has(code)) return reply({ errcode: 40163, errmsg: 'code been used' });
    this.used.add(code);
    // The same user (suffix after the last '-') gets the same openid on every login.
    const who = code.split('-').pop();
    reply({ openid: `o-test-${who}`, session_key: 'c2Vzc2lvbi1rZXktbmV2ZXItbGVhdmVz', unionid: `u-test-${who}` });
  }
}
