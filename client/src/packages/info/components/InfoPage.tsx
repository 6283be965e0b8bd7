import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import './info.scss';

export interface InfoSection {
  title: string;
  /** Paragraphs, or label–value rows. */
  paragraphs?: string[];
  rows?: { label: string; value: string }[];
}

/** A static page of the 我的 area (关于, 客服与帮助, 隐私政策): a title, a lead, sections. */
export function InfoPage({ title, lead, sections, footer }: { title: string; lead: string; sections: InfoSection[]; footer?: ReactNode }) {
  return (
    <View className="info">
      <View className="info__head">
        <Text className="info__title">{title}</Text>
        <Text className="info__lead">{lead}</Text>
      </View>
      {sections.map((s) => (
        <View key={s.title} className="info__card" data-testid="info-section">
          <Text className="info__card-title">{s.title}</Text>
          {s.paragraphs?.map((p) => (
            <Text key={p} className="info__p">
              {p}
            </Text>
          ))}
          {s.rows?.map((r) => (
            <View key={r.label} className="info__row">
              <Text className="info__key">{r.label}</Text>
              <Text className="info__value" userSelect selectable>
                {r.value}
              </Text>
            </View>
          ))}
        </View>
      ))}
      {footer}
    </View>
  );
}
