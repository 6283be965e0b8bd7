import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { monthLabel } from '../../../utils/format';
import type { PublishedMonth } from '../api';
import './public-components.scss';

export interface MonthPickerProps {
  months: readonly PublishedMonth[];
  value: string;
  onChange: (month: string) => void;
}

/**
 * The month picker: a button with the chosen month, opening a sheet of the published months,
 * latest first. Our own sheet rather than a native picker: it looks the same in both builds.
 */
export function MonthPicker({ months, value, onChange }: MonthPickerProps) {
  const [open, setOpen] = useState(false);
  const pick = (month: string) => {
    setOpen(false);
    if (month !== value) onChange(month);
  };
  return (
    <View className="month-picker">
      <View
        className="month-picker__button"
        role="button"
        aria-haspopup="listbox"
        aria-label={`考评月份：${monthLabel(value)}，点击切换`}
        onClick={() => setOpen(true)}
      >
        <Text className="month-picker__label">考评月份</Text>
        <Text className="month-picker__value">{monthLabel(value)}</Text>
        <Text className="month-picker__switch">切换 ▾</Text>
      </View>
      {open ? (
        <View className="month-sheet" data-testid="month-sheet">
          <View className="month-sheet__mask" onClick={() => setOpen(false)} />
          <View className="month-sheet__panel" role="listbox" aria-label="选择考评月份">
            <View className="month-sheet__head">
              <Text className="month-sheet__title">选择考评月份</Text>
              <View className="month-sheet__close" role="button" onClick={() => setOpen(false)}>
                <Text>关闭</Text>
              </View>
            </View>
            <View className="month-sheet__list">
              {months.map((m, i) => (
                <View
                  key={m.month}
                  className={`month-sheet__item${m.month === value ? ' month-sheet__item--active' : ''}`}
                  role="option"
                  aria-selected={m.month === value}
                  data-month={m.month}
                  onClick={() => pick(m.month)}
                >
                  <Text className="month-sheet__item-label">{monthLabel(m.month)}</Text>
                  <Text className="month-sheet__item-note">
                    {i === 0 ? '最新' : ''}
                    {m.revision > 1 ? `${i === 0 ? ' · ' : ''}已更正（第 ${m.revision} 版）` : ''}
                  </Text>
                </View>
              ))}
            </View>
          </View>
        </View>
      ) : null}
    </View>
  );
}
