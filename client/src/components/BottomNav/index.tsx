import { Image, Text, View } from '@tarojs/components';
import { ROUTES, switchMain } from '../../utils/nav';
import homeIcon from '../../assets/icons/home.svg';
import homeGreyIcon from '../../assets/icons/home-grey.svg';
import userIcon from '../../assets/icons/user.svg';
import userGreyIcon from '../../assets/icons/user-grey.svg';
import './index.scss';

/** The bottom bar of the main pages (首页 / 我的); no native tabBar, so no icon files to ship. */
export function BottomNav({ current }: { current: 'home' | 'me' }) {
  const items = [
    { key: 'home' as const, label: '首页', url: ROUTES.home, icon: homeIcon, iconIdle: homeGreyIcon },
    { key: 'me' as const, label: '我的', url: ROUTES.me, icon: userIcon, iconIdle: userGreyIcon },
  ];
  return (
    <View className="bottom-nav-spacer">
      <View className="bottom-nav" role="navigation">
        {items.map((item) => {
          const active = item.key === current;
          return (
            <View
              key={item.key}
              className={`bottom-nav__item${active ? ' bottom-nav__item--active' : ''}`}
              onClick={() => {
                if (!active) switchMain(item.url);
              }}
            >
              <Image className="bottom-nav__icon" src={active ? item.icon : item.iconIdle} mode="scaleToFill" />
              <Text className="bottom-nav__label">{item.label}</Text>
            </View>
          );
        })}
      </View>
    </View>
  );
}
