import { maskPhone } from './phone.js';

/** What a deleted account is called wherever its cases still appear. */
export const DELETED_USER_NAME = '已注销用户';

/** The reporter as a case page shows them to staff and to the reporter: the phone masked, a deleted account by that name only. */
export function reporterView(user: { id: string; name: string; phone: string | null; deletedAt: Date | null }, contactErased: boolean) {
  if (user.deletedAt) return { id: user.id, name: DELETED_USER_NAME, phoneMasked: null, deleted: true };
  return { id: user.id, name: user.name, phoneMasked: contactErased ? null : maskPhone(user.phone) };
}
