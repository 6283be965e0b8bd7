import { Text, View } from '@tarojs/components';
import type { PolicyDto, PolicyKind } from '@xc/shared';
import { Skeleton } from '../../../ui';
import { policy } from '../../../services/api';
import { useLoad } from '../../../services/use-load';
import { StateView } from '../../../components/StateView';
import { InfoPage } from './InfoPage';
import { parsePolicyBody } from './policy-body';

/** 隐私政策 / 用户服务协议: the version the server publishes now (GET /api/v1/policies/:kind). */
export function PolicyPage({ kind }: { kind: PolicyKind }) {
  const state = useLoad<PolicyDto>(kind, () => policy(kind));

  if (state.status === 'loading')
    return (
      <View className="info" aria-busy="true">
        <View className="info__card">
          <Skeleton rows={6} animated />
        </View>
      </View>
    );
  if (!state.data)
    return (
      <View className="info">
        <StateView
          kind="error"
          title={kind === 'privacy' ? '隐私政策加载失败' : '用户服务协议加载失败'}
          description={state.error?.message}
          actionText="重试"
          onAction={() => void state.reload()}
        />
      </View>
    );
  const p = state.data;
  const { lead, sections } = parsePolicyBody(p.body);
  return (
    <InfoPage
      title={p.title}
      lead={lead}
      sections={sections}
      footer={
        <View className="info__version" data-testid="policy-version">
          <Text>
            版本 {p.version} · 发布于 {p.publishedAt.slice(0, 10)}
          </Text>
        </View>
      }
    />
  );
}
