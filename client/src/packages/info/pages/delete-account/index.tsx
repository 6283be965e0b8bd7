import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '../../../../ui';
import { StateView } from '../../../../components/StateView';
import { deleteAccount } from '../../../../services/api';
import { toApiErrorBody } from '../../../../services/request';
import { clearSession, useSession } from '../../../../store/session';
import { ROUTES, go, goHome } from '../../../../utils/nav';
import '../../components/info.scss';
import './index.scss';

const CONSEQUENCES = [
  '立即退出所有设备，账号无法再登录；',
  '您的称呼、微信标识、手机号和同意记录被删除，且无法恢复；',
  '您上报的问题作为城市管理公共事务档案保留（含照片），但不再与您关联，工作人员看到的上报人为“已注销用户”；',
  '以后用同一微信登录，将是一个全新的账号，看不到以前的上报。',
];

/** 注销账号: what happens, then an explicit second confirmation before DELETE /api/v1/me. */
export default function DeleteAccountPage() {
  const session = useSession();
  const [step, setStep] = useState<'read' | 'confirm'>('read');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (!session)
    return (
      <View className="info">
        <StateView kind="empty" title="您当前未登录" actionText="返回首页" onAction={goHome} />
      </View>
    );
  const staff = session.user.roles.some((r) => r !== 'citizen');

  const confirm = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await deleteAccount();
      clearSession();
      void Taro.showToast({ title: '账号已注销', icon: 'success' });
      goHome();
    } catch (err) {
      setError(`注销未成功：${toApiErrorBody(err).message}`);
      setBusy(false);
    }
  };

  return (
    <View className="info delete-account">
      <View className="info__head">
        <Text className="info__title">注销账号</Text>
        <Text className="info__lead">注销前，您可以先导出我的数据留存。</Text>
      </View>
      <View className="info__card">
        <Text className="info__card-title">注销后</Text>
        {CONSEQUENCES.map((c) => (
          <Text key={c} className="info__p">
            {c}
          </Text>
        ))}
      </View>
      <View className="delete-account__actions">
        {staff ? (
          <View className="delete-account__note" data-testid="staff-note">
            <Text>工作人员账号不能自行注销，请联系管理员停用。</Text>
          </View>
        ) : step === 'read' ? (
          <>
            <Button type="default" size="large" block onClick={() => go(ROUTES.myData)}>
              先导出我的数据
            </Button>
            <View className="delete-account__gap" />
            <Button type="danger" fill="outline" size="large" block onClick={() => setStep('confirm')}>
              注销账号
            </Button>
          </>
        ) : (
          <View className="delete-account__confirm" role="alertdialog" aria-label="确认注销">
            <Text className="delete-account__confirm-text">确定注销账号吗？此操作不可撤销。</Text>
            <Button type="danger" size="large" block loading={busy} onClick={() => void confirm()}>
              确认注销
            </Button>
            <View className="delete-account__gap" />
            <Button type="default" size="large" block onClick={() => setStep('read')}>
              取消
            </Button>
          </View>
        )}
        {error ? (
          <View className="delete-account__error" role="alert">
            <Text>{error}</Text>
          </View>
        ) : null}
      </View>
    </View>
  );
}
