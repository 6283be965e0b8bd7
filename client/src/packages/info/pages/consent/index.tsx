import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '../../../../ui';
import { ConsentCheck } from '../../../../components/ConsentCheck';
import { toApiErrorBody } from '../../../../services/request';
import { useSession } from '../../../../store/session';
import { acceptCurrentPolicy } from '../../../../utils/consent';
import { ROUTES, go, goHome } from '../../../../utils/nav';
import '../../components/info.scss';
import './index.scss';

/** What the platform does with personal information, in short; the full texts are one tap away. */
const POINTS = [
  { title: '收集什么', text: '微信标识（识别“我的上报”）、可选的手机号（用于回访），以及您上报问题的位置和照片。' },
  { title: '为什么', text: '用于办理您上报的问题、向您展示进度和必要时回访；统计结果不含个人信息。' },
  { title: '保存多久', text: '问题结案满 36 个月后删除上报人的联系方式；巡查轨迹保存 24 个月。' },
  { title: '谁能看到', text: '只有处理问题的工作人员；手机号默认隐藏中间四位，查看完整号码会被记录。公开页面不显示上报人信息。' },
  { title: '您的权利', text: '可随时在“我的”中导出我的数据或注销账号。' },
];

/**
 * 个人信息保护: shown at the first sign-in and whenever a new policy version is published
 * (the server answers 403 CONSENT_REQUIRED until it is accepted). 暂不同意 leaves the public pages.
 */
export default function ConsentPage() {
  const session = useSession();
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const renewed = !!session?.user.consentedVersion;

  const agree = async () => {
    if (busy) return;
    if (!checked) {
      setError('请先勾选“我已阅读并同意”');
      return;
    }
    if (!session) {
      go(ROUTES.login);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await acceptCurrentPolicy();
      if (Taro.getCurrentPages().length > 1) await Taro.navigateBack();
      else goHome();
    } catch (err) {
      setError(`未能保存：${toApiErrorBody(err).message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="info consent">
      <View className="info__head">
        <Text className="info__title">{renewed ? '隐私政策已更新' : '个人信息保护提示'}</Text>
        <Text className="info__lead">
          {renewed
            ? '我们更新了《隐私政策》。请阅读并同意新版本后继续上报、上传照片。'
            : '欢迎使用许昌智慧城管便民服务平台。上报问题前，请阅读《用户服务协议》和《隐私政策》，了解我们如何处理您的个人信息。'}
        </Text>
      </View>
      <View className="info__card" data-testid="consent-points">
        {POINTS.map((p) => (
          <View key={p.title} className="consent__point">
            <Text className="consent__point-title">{p.title}</Text>
            <Text className="info__p">{p.text}</Text>
          </View>
        ))}
      </View>
      <View className="consent__actions">
        <ConsentCheck checked={checked} onChange={(v) => (setChecked(v), setError(null))} />
        {error ? (
          <View className="consent__error" role="alert">
            <Text>{error}</Text>
          </View>
        ) : null}
        <Button type="primary" size="large" block loading={busy} onClick={() => void agree()}>
          同意并继续
        </Button>
        <View className="consent__later" role="button" data-testid="consent-later" onClick={goHome}>
          <Text>暂不同意，仅浏览公开信息</Text>
        </View>
      </View>
    </View>
  );
}
