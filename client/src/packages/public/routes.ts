import Taro from '@tarojs/taro';
import { ROUTES } from '../../utils/nav';

/** The pages of the public subpackage (the unit page is not in the app-wide ROUTES). */
export const PUBLIC_ROUTES = {
  ranking: ROUTES.ranking,
  bulletin: ROUTES.bulletin,
  unit: '/packages/public/pages/unit/index',
} as const;

export function publicUrl(path: string, query: Record<string, string | number | undefined> = {}): string {
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `${path}?${parts.join('&')}` : path;
}

/** Open a public page; when the stack is full (weapp: 10 pages), replace the current one. */
export function openPublic(path: string, query: Record<string, string | number | undefined> = {}): void {
  const url = publicUrl(path, query);
  void Promise.resolve(Taro.navigateTo({ url })).catch(() => Taro.redirectTo({ url }));
}
