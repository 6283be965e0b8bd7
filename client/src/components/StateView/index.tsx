import { Image, Text, View } from '@tarojs/components';
import { Button } from '../../ui';
import comingIcon from '../../assets/icons/coming.svg';
import errorIcon from '../../assets/icons/error.svg';
import './index.scss';

export interface StateViewProps {
  kind: 'empty' | 'error' | 'coming';
  /** An icon (imported image) instead of the kind's default. */
  icon?: string;
  title: string;
  description?: string;
  actionText?: string;
  onAction?: () => void;
  secondaryText?: string;
  onSecondary?: () => void;
}

/** Empty, error and "coming soon" states: always say what happened and what to do next. */
export function StateView(props: StateViewProps) {
  const { kind, title, description, actionText, onAction, secondaryText, onSecondary } = props;
  const icon = props.icon ?? (kind === 'error' ? errorIcon : comingIcon);
  return (
    <View className={`state-view state-view--${kind}`} role={kind === 'error' ? 'alert' : undefined}>
      <View className="state-view__icon">
        <Image className="state-view__img" src={icon} mode="scaleToFill" />
      </View>
      <Text className="state-view__title">{title}</Text>
      {description ? <Text className="state-view__desc">{description}</Text> : null}
      {actionText && onAction ? (
        <View className="state-view__actions">
          <Button type="primary" size="large" block onClick={onAction}>
            {actionText}
          </Button>
          {secondaryText && onSecondary ? (
            <Button fill="outline" type="primary" size="large" block onClick={onSecondary}>
              {secondaryText}
            </Button>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}

/** A load that failed with nothing to show (useLoad / usePagedLoad): why, and 重试. */
export function LoadFailed({ load }: { load: { error: { message: string } | null; reload: () => unknown } }) {
  return (
    <StateView kind="error" title="加载失败" description={load.error?.message} actionText="重试" onAction={() => void load.reload()} />
  );
}
