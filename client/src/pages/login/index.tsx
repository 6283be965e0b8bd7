import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { AuthTokensDto } from '@xc/shared';
import { Button } from '../../ui';
import { demoLogin, wechatLogin } from '../../services/api';
import { ApiError, toApiErrorBody } from '../../services/request';
import { setSession } from '../../store/session';
import { ConsentCheck } from '../../components/ConsentCheck';
import { acceptCurrentPolicy, refreshUser } from '../../utils/consent';
import { ROUTES, go, goHome, replaceWith } from '../../utils/nav';
import { DEMO_ACCOUNTS } from './demo-accounts';
import './index.scss';

type Attempt = { kind: 'demo'; username: string } | { kind: 'wechat' };

async function wechatCodeLogin(): Promise<AuthTokensDto> {
  const { code } = await Taro.login();
  if (!code) throw new ApiError({ code: 'UNAUTHENTICATED', message: '微信登录未成功，请重试' });
  return wechatLogin(code);
}

/**
 * After the sign-in: a user who has not accepted the current 隐私政策 accepts it now if they ticked
 * the box on this page (weapp), else is asked on the consent page before anything else.
 */
async function afterSignIn(ticked: boolean): Promise<void> {
  const user = await refreshUser();
  if (!user?.consentRequired) return goHome();
  if (ticked) {
    await acceptCurrentPolicy();
    return goHome();
  }
  replaceWith(ROUTES.consent);
}

export default function LoginPage() {
  const [pending, setPending] = useState<Attempt | null>(null);
  const [error, setError] = useState<{ message: string; attempt: Attempt } | null>(null);
  const [agreed, setAgreed] = useState(false);
  const [needsTick, setNeedsTick] = useState(false);

  const attempt = async (a: Attempt) => {
    if (pending) return;
    // weapp: WeChat's rules ask for the box to be ticked before the sign-in.
    if (a.kind === 'wechat' && !agreed) {
      setNeedsTick(true);
      return;
    }
    setPending(a);
    setError(null);
    try {
      const tokens = a.kind === 'demo' ? await demoLogin(a.username) : await wechatCodeLogin();
      setSession(tokens);
      await afterSignIn(a.kind === 'wechat' && agreed);
    } catch (err) {
      setError({ message: toApiErrorBody(err).message, attempt: a });
    } finally {
      setPending(null);
    }
  };

  const errorBox = error ? (
    <View className="login__error" role="alert">
      <Text className="login__error-text">登录失败：{error.message}</Text>
      <Button type="primary" fill="outline" onClick={() => attempt(error.attempt)}>
        重试
      </Button>
    </View>
  ) : null;

  if (process.env.TARO_ENV !== 'h5') {
    return (
      <View className="login">
        <View className="login__intro">
          <Text className="login__title">许昌智慧城管便民服务平台</Text>
          <Text className="login__desc">登录后可上报城市问题、查看处理进度</Text>
        </View>
        {errorBox}
        <View className="login__wechat">
          <Button type="primary" size="xlarge" block loading={pending?.kind === 'wechat'} onClick={() => attempt({ kind: 'wechat' })}>
            微信一键登录
          </Button>
        </View>
        <View className="login__consent">
          <ConsentCheck
            checked={agreed}
            onChange={(v) => {
              setAgreed(v);
              setNeedsTick(false);
            }}
          />
          {needsTick ? <Text className="login__consent-hint">请先阅读并勾选同意《用户服务协议》和《隐私政策》</Text> : null}
        </View>
      </View>
    );
  }

  return (
    <View className="login">
      <View className="login__intro">
        <Text className="login__title">选择演示账号登录</Text>
        <Text className="login__desc">演示环境，无需密码。点击一个账号即可以该身份体验。</Text>
      </View>
      <View className="login__notice" data-testid="login-notice">
        <Text>登录即表示您已阅读并同意</Text>
        <Text className="login__notice-link" onClick={() => go(ROUTES.terms)}>
          《用户服务协议》
        </Text>
        <Text>和</Text>
        <Text className="login__notice-link" onClick={() => go(ROUTES.privacy)}>
          《隐私政策》
        </Text>
        <Text>；首次登录或政策更新时会请您确认。</Text>
      </View>
      {errorBox}
      <View className="login__accounts">
        {DEMO_ACCOUNTS.map((account) => {
          const busy = pending?.kind === 'demo' && pending.username === account.username;
          return (
            <View
              key={account.username}
              className={`account${busy ? ' account--busy' : ''}`}
              data-username={account.username}
              onClick={() => attempt({ kind: 'demo', username: account.username })}
            >
              <View className="account__main">
                <Text className="account__label">
                  {account.label}
                  {account.note ? `（${account.note}）` : ''}
                </Text>
                <Text className="account__username">{account.username}</Text>
              </View>
              <Text className="account__action">{busy ? '登录中…' : '登录'}</Text>
            </View>
          );
        })}
      </View>
    </View>
  );
}
