/**
 * The NutUI components this app uses, each with ONLY its own stylesheet (stack.md trap 12: the
 * full NutUI stylesheet alone is ~230 KB of the weapp package). Import NutUI through this file, or,
 * for components only subpackage pages use (popup, textarea, radio), through ui/<name>.ts from
 * those pages: whatever this file imports loads with the H5 home and sits in the weapp main package.
 */
import Button from '@nutui/nutui-react-taro/dist/es/packages/button';
import Skeleton from '@nutui/nutui-react-taro/dist/es/packages/skeleton';
import Cell from '@nutui/nutui-react-taro/dist/es/packages/cell';
import CellGroup from '@nutui/nutui-react-taro/dist/es/packages/cellgroup';

import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/skeleton/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/cellgroup/style/css';

export { Button, Skeleton, Cell, CellGroup };
