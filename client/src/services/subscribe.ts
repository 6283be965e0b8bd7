import Taro from '@tarojs/taro';
import { reportSubscriptions } from './api';

/** The templates the user said yes to ('accept'; 'reject', 'ban' and 'filter' are not). */
export function acceptedTemplates(result: Record<string, unknown>, templates: readonly string[]): string[] {
  return templates.filter((id) => result[id] === 'accept');
}

/**
 * 订阅消息: asks the user (WeChat shows its own dialog; it must follow a tap) whether WeChat may
 * tell them of this case's progress, and tells the server what they accepted: one acceptance
 * allows one message. Only in the mini-program and with templates configured at build time.
 */
export async function askForUpdates(templates: readonly string[] = WECHAT_TEMPLATES): Promise<'accepted' | 'declined' | 'unavailable'> {
  if (process.env.TARO_ENV !== 'weapp' || !templates.length) return 'unavailable';
  try {
    const result = (await Taro.requestSubscribeMessage({ tmplIds: [...templates], entityIds: [] })) as unknown as Record<string, unknown>;
    const accepted = acceptedTemplates(result, templates);
    if (!accepted.length) return 'declined';
    await reportSubscriptions(accepted);
    return 'accepted';
  } catch {
    return 'unavailable';
  }
}
