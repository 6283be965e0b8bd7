import { useState } from 'react';
import { Button as TaroButton, Input, Text, View } from '@tarojs/components';
import type { UserDto } from '@xc/shared';
import { Button } from '../../ui';
import { setPhone } from '../../services/api';
import { toApiErrorBody } from '../../services/request';
import { requirePrivacy } from '../../utils/privacy';

type PhoneEvent = { detail: { code?: string; errMsg?: string } };

/**
 * 手机号 (optional, for staff to call back about a report): WeChat's phone-number button in the
 * weapp, or typed. Staff see it masked (138****1234) until they tap to reveal it, which is logged.
 */
export function PhoneCard({ user, onChange }: { user: UserDto; onChange: (user: UserDto) => void }) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async (body: { code: string } | { phone: string | null }) => {
    setBusy(true);
    setError(null);
    try {
      onChange(await setPhone(body));
      setEditing(false);
      setValue('');
    } catch (err) {
      setError(toApiErrorBody(err).message);
    } finally {
      setBusy(false);
    }
  };

  const fromWechat = async (e: PhoneEvent) => {
    if (!e.detail.code) {
      if (e.detail.errMsg && !/deny|cancel/.test(e.detail.errMsg)) setError('未能获取微信手机号，请手动填写');
      return;
    }
    await save({ code: e.detail.code });
  };

  return (
    <View className="phone-card" data-testid="phone-card">
      <View className="phone-card__head">
        <Text className="phone-card__title">手机号</Text>
        <Text className="phone-card__value" data-testid="phone-value">
          {user.phone ?? '未填写'}
        </Text>
      </View>
      <Text className="phone-card__hint">选填，仅用于工作人员就您上报的问题回访；工作人员默认只看到中间四位隐藏的号码。</Text>
      {editing ? (
        <View className="phone-card__edit">
          <Input
            className="phone-card__input"
            type="number"
            maxlength={11}
            placeholder="请输入 11 位手机号"
            value={value}
            onInput={(e) => setValue(e.detail.value)}
            data-testid="phone-input"
          />
          <View className="phone-card__buttons">
            <Button type="primary" size="large" loading={busy} onClick={() => void save({ phone: value })}>
              保存
            </Button>
            <Button type="default" size="large" onClick={() => setEditing(false)}>
              取消
            </Button>
          </View>
        </View>
      ) : (
        <View className="phone-card__buttons">
          {process.env.TARO_ENV === 'weapp' ? (
            <TaroButton
              className="phone-card__wechat"
              openType="getPhoneNumber"
              onGetPhoneNumber={(e) => void fromWechat(e as unknown as PhoneEvent)}
              onClick={() => void requirePrivacy('phone')}
            >
              使用微信手机号
            </TaroButton>
          ) : null}
          <Button type="default" size="large" onClick={() => setEditing(true)}>
            {user.phone ? '修改' : '填写手机号'}
          </Button>
          {user.phone ? (
            <Button type="default" size="large" loading={busy} onClick={() => void save({ phone: null })}>
              删除
            </Button>
          ) : null}
        </View>
      )}
      {error ? (
        <View className="phone-card__error" role="alert">
          <Text>{error}</Text>
        </View>
      ) : null}
    </View>
  );
}
