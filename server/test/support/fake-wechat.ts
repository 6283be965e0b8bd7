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
  /** 手机号快速验证 (getuserphonenumber); `phoneNumbers.codes` maps a button code to the number it stands for. */
  readonly phoneNumbers = new FakePhoneNumbers();

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
    if (this.phoneNumbers.handles(url)) return void this.phoneNumbers.handle(url, req, reply, this.appId, this.secret);
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

/**
 * getuserphonenumber's real protocol: POST /wxa/business/getuserphonenumber?access_token=… with
 * `{"code": …}` → `{errcode: 0, errmsg: "ok", phone_info: {phoneNumber, purePhoneNumber, countryCode,
 * watermark: {timestamp, appid}}}`, or 40029 (invalid code, also a code used twice), 40001 (invalid
 * access token). Access tokens come from GET /cgi-bin/token (client_credential), served here only
 * while no other block of this stand-in serves that path.
 */
class FakePhoneNumbers {
  /** Button code → phone number it stands for (set by the test). */
  readonly codes = new Map<string, string>();
  private readonly tokens = new Set<string>();
  private readonly usedCodes = new Set<string>();

  handles(url: URL): boolean {
    return url.pathname === '/wxa/business/getuserphonenumber' || url.pathname === '/cgi-bin/token';
  }

  handle(url: URL, req: http.IncomingMessage, reply: (body: object) => void, appId: string, secret: string): void {
    if (url.pathname === '/cgi-bin/token') {
      const q = url.searchParams;
      if (q.get('grant_type') !== 'client_credential') return reply({ errcode: 40002, errmsg: 'invalid grant_type' });
      if (q.get('appid') !== appId || q.get('secret') !== secret) return reply({ errcode: 40013, errmsg: 'invalid appid' });
      const token = `at-${this.tokens.size + 1}-${Math.random().toString(36).slice(2, 10)}`;
      this.tokens.add(token);
      return reply({ access_token: token, expires_in: 7200 });
    }
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      if (req.method !== 'POST') return reply({ errcode: 43002, errmsg: 'require POST method' });
      if (!this.tokens.has(url.searchParams.get('access_token') ?? ''))
        return reply({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
      let code: string;
      try {
        code = String((JSON.parse(raw) as { code?: unknown }).code ?? '');
      } catch {
        return reply({ errcode: 47001, errmsg: 'data format error' });
      }
      const phone = this.codes.get(code);
      if (!phone || this.usedCodes.has(code)) return reply({ errcode: 40029, errmsg: 'invalid code' });
      this.usedCodes.add(code);
      reply({
        errcode: 0,
        errmsg: 'ok',
        phone_info: {
          phoneNumber: phone,
          purePhoneNumber: phone,
          countryCode: '86',
          watermark: { timestamp: Math.floor(Date.now() / 1000), appid: appId },
        },
      });
    });
  }
}
