import { Text } from '@tarojs/components';
import { gradeTone } from '../format';
import './public-components.scss';

/** A grade tag: 优秀 green, 良好 blue, 合格 grey, 不合格 red — the same colour everywhere (ux.md). */
export function GradeTag({ grade }: { grade: string }) {
  return (
    <Text className={`grade-tag grade-tag--${gradeTone(grade)}`} data-grade={grade} data-tone={gradeTone(grade)}>
      {grade}
    </Text>
  );
}
