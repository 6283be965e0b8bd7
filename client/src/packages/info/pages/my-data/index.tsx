import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Skeleton } from '../../../../ui';
import { StateView } from '../../../../components/StateView';
import { exportMyData } from '../../../../services/api';
import { useLoad } from '../../../../services/use-load';
import { useSession } from '../../../../store/session';
import { ROUTES, go } from '../../../../utils/nav';
import '../../components/info.scss';
import './index.scss';

const count = (v: unknown) => (Array.isArray(v) ? v.length : 0);

/** H5: the document as a file download. */
function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** 导出我的数据: everything held about me (GET /api/v1/me/export), to download (H5) or copy (weapp). */
export default function MyDataPage() {
  const session = useSession();
  const state = useLoad(session ? session.user.id : null, async () => {
    const data = await exportMyData();
    return { data, text: JSON.stringify(data, null, 2) };
  });
  const [done, setDone] = useState<string | null>(null);

  if (!session)
    return (
      <View className="info">
        <StateView
          kind="empty"
          title="请先登录"
          description="登录后可导出平台保存的您的全部数据"
          actionText="登录"
          onAction={() => go(ROUTES.login)}
        />
      </View>
    );
  if (state.status === 'loading')
    return (
      <View className="info" aria-busy="true">
        <View className="info__card">
          <Skeleton rows={4} animated />
        </View>
      </View>
    );
  if (!state.data)
    return (
      <View className="info">
        <StateView
          kind="error"
          title="导出失败"
          description={state.error?.message}
          actionText="重试"
          onAction={() => void state.reload()}
        />
      </View>
    );

  const { data, text } = state.data;
  const profile = (data.profile ?? {}) as { phone?: string | null };
  const rows = [
    { label: '个人信息', value: profile.phone ? '账号、称呼、手机号' : '账号、称呼' },
    { label: '我的上报', value: `${count(data.cases)} 件（含处理记录和照片地址）` },
    { label: '我的评价', value: `${count(data.ratings)} 条` },
    { label: '同意记录', value: `${count(data.consents)} 条` },
  ];
  const fileName = `我的数据-${new Date().toISOString().slice(0, 10)}.json`;
  const save = async () => {
    if (process.env.TARO_ENV === 'h5') {
      download(text, fileName);
      setDone(`已下载 ${fileName}`);
    } else {
      await Taro.setClipboardData({ data: text });
      setDone('已复制全部数据，可粘贴到文件或聊天中保存');
    }
  };
  return (
    <View className="info my-data">
      <View className="info__head">
        <Text className="info__title">导出我的数据</Text>
        <Text className="info__lead">以下是平台保存的关于您的全部信息，不含其他任何人的信息。工作人员只以角色出现。</Text>
      </View>
      <View className="info__card" data-testid="export-summary">
        {rows.map((r) => (
          <View key={r.label} className="info__row">
            <Text className="info__key">{r.label}</Text>
            <Text className="info__value">{r.value}</Text>
          </View>
        ))}
      </View>
      <View className="my-data__actions">
        <Button type="primary" size="large" block onClick={() => void save()}>
          {process.env.TARO_ENV === 'h5' ? '下载数据（JSON 文件）' : '复制全部数据'}
        </Button>
        {done ? (
          <View className="my-data__done" role="status" data-testid="export-done">
            <Text>{done}</Text>
          </View>
        ) : null}
      </View>
      <View className="info__card">
        <Text className="info__card-title">数据内容</Text>
        <Text className="my-data__json" userSelect selectable>
          {text.length > 6000 ? `${text.slice(0, 6000)}\n…（完整内容请下载或复制）` : text}
        </Text>
      </View>
    </View>
  );
}
