import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '../../../../ui';
import { ROUTES, goHome, pageParams, replaceWith } from '../../../../utils/nav';
import { StateView } from '../../../../components/StateView';
import { SubscribeUpdates } from '../../components/SubscribeUpdates';
import '../../components/citizen-components.scss';
import './index.scss';

const NEXT_STEPS = [
  {
    title: '受理',
    text: '受理员在当天工作时间内审核受理（工作日 8:30–12:00、14:30–18:00；其他时间的上报在下一个工作时段受理），必要时请网格员到现场核实。',
  },
  { title: '派遣处置', text: '立案后派遣给责任单位，按问题类别的时限处置。' },
  { title: '核查结案', text: '处置完成后由网格员核查，通过后结案，结案后可以评价。' },
];

export default function ReportSuccessPage() {
  const [params] = useState(pageParams);
  const { id, caseNo } = params;
  // An inspector's 自处理 report is closed at once: nothing more happens to it.
  const closedAtOnce = params.status === 'closed';
  const [copied, setCopied] = useState(false);

  if (!id || !caseNo) {
    return (
      <View className="citizen-page">
        <StateView
          kind="empty"
          title="上报已提交"
          description="可在「我的上报」中查看案件编号和处理进度。"
          actionText="查看我的上报"
          onAction={() => replaceWith(ROUTES.mine)}
        />
      </View>
    );
  }

  const copy = () => {
    Taro.setClipboardData({ data: caseNo })
      .then(() => setCopied(true))
      .catch(() => void Taro.showToast({ title: '复制失败，请长按编号手动复制', icon: 'none' }));
  };

  return (
    <View className="success">
      <View className="success__hero">
        <View className="success__check">
          <Text className="success__check-mark">✓</Text>
        </View>
        <Text className="success__title">{closedAtOnce ? '已当场处置并结案' : '上报成功，感谢您的参与'}</Text>
        <Text className="success__label">案件编号</Text>
        <Text className="success__no" userSelect selectable data-testid="case-no">
          {caseNo}
        </Text>
        <View className="success__copy" onClick={copy}>
          <Text>{copied ? '已复制' : '复制编号'}</Text>
        </View>
      </View>

      {closedAtOnce ? null : (
        <View className="success__next">
          <Text className="success__next-title">接下来</Text>
          {NEXT_STEPS.map((s, i) => (
            <View key={s.title} className="success__step">
              <Text className="success__step-no">{i + 1}</Text>
              <View className="success__step-body">
                <Text className="success__step-title">{s.title}</Text>
                <Text className="success__step-text">{s.text}</Text>
              </View>
            </View>
          ))}
          <Text className="success__note">每一步的进展都可在「我的上报」中查看。</Text>
        </View>
      )}

      {closedAtOnce ? null : <SubscribeUpdates />}

      <View className="success__actions">
        <Button type="primary" size="large" block onClick={() => replaceWith(ROUTES.caseDetail, { id })}>
          查看进度
        </Button>
        <Button fill="outline" type="primary" size="large" block onClick={() => replaceWith(ROUTES.report)}>
          继续上报
        </Button>
        <View className="success__home" onClick={goHome}>
          <Text>返回首页</Text>
        </View>
      </View>
    </View>
  );
}
