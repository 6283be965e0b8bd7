import Taro from '@tarojs/taro';

/** Routes of the app: main-package entry pages and the subpackage area pages. */
export const ROUTES = {
  home: '/pages/index/index',
  login: '/pages/login/index',
  me: '/pages/me/index',
  messages: '/packages/messages/pages/index/index',
  report: '/packages/citizen/pages/report/index',
  mine: '/packages/citizen/pages/mine/index',
  nearby: '/packages/citizen/pages/nearby/index',
  reportSuccess: '/packages/citizen/pages/success/index',
  caseDetail: '/packages/citizen/pages/detail/index',
  ranking: '/packages/public/pages/ranking/index',
  bulletin: '/packages/public/pages/bulletin/index',
  workbench: '/packages/staff/pages/workbench/index',
  staffCase: '/packages/staff/pages/case/index',
  patrol: '/packages/staff/pages/patrol/index',
  about: '/packages/info/pages/about/index',
  help: '/packages/info/pages/help/index',
  privacy: '/packages/info/pages/privacy/index',
  terms: '/packages/info/pages/terms/index',
  consent: '/packages/info/pages/consent/index',
  myData: '/packages/info/pages/my-data/index',
  deleteAccount: '/packages/info/pages/delete-account/index',
} as const;

export type Route = (typeof ROUTES)[keyof typeof ROUTES];

export function go(url: Route): void {
  void Taro.navigateTo({ url }).catch(() => Taro.redirectTo({ url }));
}

/** Back to 首页, dropping the page stack (after login, from a dead end). */
export function goHome(): void {
  void Taro.reLaunch({ url: ROUTES.home });
}

/** Switch between the main pages of the bottom bar without growing the stack. */
export function switchMain(url: typeof ROUTES.home | typeof ROUTES.me): void {
  void Taro.reLaunch({ url });
}

/** A route with its query string: withQuery(ROUTES.caseDetail, { id }) → `/…/detail/index?id=…`. */
export function withQuery(url: Route, query: Record<string, string | number | undefined>): string {
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `${url}?${parts.join('&')}` : url;
}

/** Open a page with query parameters. */
export function goWith(url: Route, query: Record<string, string | number | undefined>): void {
  const full = withQuery(url, query);
  void Taro.navigateTo({ url: full }).catch(() => Taro.redirectTo({ url: full }));
}

/** Replace the current page (after a submit: the form should not stay on the back stack). */
export function replaceWith(url: Route, query: Record<string, string | number | undefined> = {}): void {
  void Taro.redirectTo({ url: withQuery(url, query) });
}

/** The current page's query parameters. */
export function pageParams(): Record<string, string> {
  const params = Taro.getCurrentInstance()?.router?.params ?? {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    if (typeof v !== 'string') continue;
    try {
      out[k] = decodeURIComponent(v); // weapp hands the query over still encoded
    } catch {
      out[k] = v;
    }
  }
  return out;
}
