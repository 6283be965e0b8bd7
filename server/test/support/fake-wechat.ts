import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** WeChat's limits on subscribe-message values, by the key's type prefix (a longer value is 47003). */
const FIELD_LIMITS: [string, number][] = [
  ['character_string', 32],
  ['thing', 20],
  ['phrase', 5],
  ['number', 32],
  ['letter', 32],
  ['name', 10],
];

export interface SentSubscribeMessage {
  touser: string;
  template_id: string;
  page?: string;
  miniprogram_state?: string;
  lang?: string;
  data: Record<string, { value: string }>;
}

/**
 * FakeWechatServer: a stand-in for api.weixin.qq.com, which cannot be reached from here. It speaks
 * the real protocol of
 * - code2Session: GET /sns/jscode2session?appid&secret&js_code&grant_type → {openid, session_key,
 *   unionid} or {errcode, errmsg} (40029 invalid code, 45011 rate limit, 40163 code already used).
 *   Codes are single-use, as on WeChat;
 * - the access token: GET /cgi-bin/token?grant_type=client_credential&appid&secret →
 *   {access_token, expires_in} or {errcode, errmsg} (40002 bad grant_type, 40013 bad appid, 40125 bad secret);
 * - subscribe messages: POST /cgi-bin/message/subscribe/send?access_token= with {touser, template_id,
 *   page, miniprogram_state, lang, data} → {errcode: 0, errmsg: 'ok'} or 40001 (token invalid or not
 *   the latest), 42001 (token expired), 40003 (bad openid), 40037 (bad template), 47003 (a value
 *   over its type's limit), 43101 (the user has no acceptance left: each accepted request allows one message).
 * Tests steer it: `grant` acceptances, `expireTokens`/`invalidateTokens`, and `outage` ('5xx',
 * 'reset': the connection is dropped) for the send endpoint.
 */
export class FakeWechatServer {
  readonly requests: URL[] = [];
  /** Messages WeChat accepted, in order. */
  readonly sent: SentSubscribeMessage[] = [];
  /** Every send request, accepted or not. */
  sendAttempts = 0;
  tokensIssued = 0;
  outage: 'none' | '5xx' | 'reset' = 'none';
  private readonly used = new Set<string>();
  private readonly tokens = new Map<string, 'valid' | 'expired' | 'invalid'>();
  private readonly acceptances = new Map<string, number>();
  private readonly templates = new Set<string>();
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
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Templates of this mini-program (others are 40037). */
  addTemplates(...ids: string[]): void {
    for (const id of ids) this.templates.add(id);
  }

  /** The user accepted `n` more messages of a template (what wx.requestSubscribeMessage records on WeChat's side). */
  grant(openid: string, templateId: string, n = 1): void {
    const k = `${openid}|${templateId}`;
    this.acceptances.set(k, (this.acceptances.get(k) ?? 0) + n);
  }

  /** Every issued token now answers 42001 (expired). */
  expireTokens(): void {
    for (const t of this.tokens.keys()) this.tokens.set(t, 'expired');
  }

  /** Every issued token now answers 40001 (invalid, or not the latest). */
  invalidateTokens(): void {
    for (const t of this.tokens.keys()) this.tokens.set(t, 'invalid');
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    this.requests.push(url);
    const reply = (body: object) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/cgi-bin/token' && req.method === 'GET') return this.token(url, reply);
    if (url.pathname === '/cgi-bin/message/subscribe/send' && req.method === 'POST') return this.send(url, req, res, reply);
    if (this.phoneNumbers.handles(url))
      return void this.phoneNumbers.handle(url, req, reply, this.appId, (t) => this.tokens.get(t) === 'valid');
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

  private token(url: URL, reply: (body: object) => void): void {
    const q = url.searchParams;
    if (q.get('grant_type') !== 'client_credential') return reply({ errcode: 40002, errmsg: 'invalid grant_type' });
    if (q.get('appid') !== this.appId) return reply({ errcode: 40013, errmsg: 'invalid appid' });
    if (q.get('secret') !== this.secret) return reply({ errcode: 40125, errmsg: 'invalid appsecret' });
    const token = `ACCESS_TOKEN_${++this.tokensIssued}_${Math.random().toString(36).slice(2, 10)}`;
    this.tokens.set(token, 'valid');
    reply({ access_token: token, expires_in: 7200 });
  }

  private send(url: URL, req: http.IncomingMessage, res: http.ServerResponse, reply: (body: object) => void): void {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      this.sendAttempts++;
      if (this.outage === 'reset') return void res.socket?.destroy();
      if (this.outage === '5xx') {
        res.writeHead(503, { 'Content-Type': 'text/html' });
        return void res.end('<html><body>503 Service Temporarily Unavailable</body></html>');
      }
      const state = this.tokens.get(url.searchParams.get('access_token') ?? '');
      if (state === 'expired') return reply({ errcode: 42001, errmsg: 'access_token expired' });
      if (state !== 'valid') return reply({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
      let msg: SentSubscribeMessage;
      try {
        msg = JSON.parse(raw) as SentSubscribeMessage;
      } catch {
        return reply({ errcode: 47001, errmsg: 'data format error' });
      }
      if (typeof msg.touser !== 'string' || !msg.touser.startsWith('o-')) return reply({ errcode: 40003, errmsg: 'invalid openid' });
      if (!this.templates.has(msg.template_id)) return reply({ errcode: 40037, errmsg: 'invalid template_id' });
      for (const [key, field] of Object.entries(msg.data ?? {})) {
        const limit = FIELD_LIMITS.find(([p]) => key.startsWith(p))?.[1];
        if (limit && [...String(field?.value ?? '')].length > limit)
          return reply({ errcode: 47003, errmsg: `argument invalid! data.${key}.value exceeds limit` });
      }
      const k = `${msg.touser}|${msg.template_id}`;
      const left = this.acceptances.get(k) ?? 0;
      if (left <= 0) return reply({ errcode: 43101, errmsg: 'user refuse to accept the msg' });
      this.acceptances.set(k, left - 1);
      this.sent.push(msg);
      reply({ errcode: 0, errmsg: 'ok' });
    });
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
  private readonly usedCodes = new Set<string>();

  handles(url: URL): boolean {
    return url.pathname === '/wxa/business/getuserphonenumber';
  }

  /** `validToken`: whether the stand-in's cgi-bin/token issued the token and it still holds. */
  handle(url: URL, req: http.IncomingMessage, reply: (body: object) => void, appId: string, validToken: (token: string) => boolean): void {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      if (req.method !== 'POST') return reply({ errcode: 43002, errmsg: 'require POST method' });
      if (!validToken(url.searchParams.get('access_token') ?? ''))
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
